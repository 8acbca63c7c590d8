#!/usr/bin/env bash
# Installs what machiflow needs on a fresh Debian machine: system packages that are
# missing, then a virtualenv with the package and its dev tools. Safe to run again.
# With --test (make test) also what the browser tests need: Debian's Chromium, Node.js
# and npm, and axe-core from the npm registry (tests/browser/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
for arg in "$@"; do
  case $arg in
    --test) for_tests=1 ;;
    *) echo "usage: scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

# Debian packages: graphviz (layout), IPA Gothic (Japanese glyphs in SVG/PNG), cairo (PNG).
# Extra packages can be asked for with MACHIFLOW_APT_EXTRA (the browser tests add chromium).
packages=(graphviz fonts-ipafont-gothic libcairo2 ${MACHIFLOW_APT_EXTRA:-})
if ((for_tests)); then
  # Playwright drives Debian's browser (it cannot download its own builds here).
  packages+=(chromium)
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
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

# axe-core for the accessibility checks, exactly the version in the lock file.
if ((for_tests)); then
  browser=tests/browser
  if [[ ! -f $browser/node_modules/axe-core/axe.min.js || $browser/package-lock.json -nt $browser/node_modules ]]; then
    echo "setup: installing axe-core (npm ci in $browser)"
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$browser/node_modules"
  fi
fi
