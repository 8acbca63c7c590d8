"""Benchmarks: each module runs as a script (``.venv/bin/python bench/NAME.py``) and prints."""
