#!/usr/bin/env bash
# Sets up .venv with the development tools and runs the whole test suite: lint, types, tests.
# Needs only python3 (>= 3.11), pip and apt. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
export CJKTRADE_CACHE_DIR="${CJKTRADE_CACHE_DIR:-$PWD/.cache}"
echo "==> ruff"
.venv/bin/ruff check src tests tools benchmarks
echo "==> mypy (strict on engines)"
.venv/bin/mypy
echo "==> pytest"
.venv/bin/python -m pytest -n 2 "$@"
