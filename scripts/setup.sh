#!/usr/bin/env bash
# Installs what machiflow needs on a fresh Debian machine: system packages that are
# missing, then a virtualenv with the package and its dev tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: graphviz (layout), IPA Gothic (Japanese glyphs in SVG/PNG), cairo (PNG).
# Extra packages can be asked for with MACHIFLOW_APT_EXTRA (the browser tests add chromium).
packages=(graphviz fonts-ipafont-gothic libcairo2 ${MACHIFLOW_APT_EXTRA:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.machiflow-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
