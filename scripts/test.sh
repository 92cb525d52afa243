#!/usr/bin/env bash
# Sets up .venv with the development tools and runs the whole test suite: lint, types, tests.
# Needs only python3 (>= 3.11), pip and apt: PostgreSQL, Chromium and CJK fonts are installed and
# started by scripts/services.sh (as root), and PostgreSQL is stopped again at the end.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
source scripts/services.sh
stop_postgres() {
  if [ -n "${CJKTRADE_STARTED_POSTGRES:-}" ]; then pg_ctlcluster "$CJKTRADE_STARTED_POSTGRES" main stop || true; fi
}
trap stop_postgres EXIT
export CJKTRADE_CACHE_DIR="${CJKTRADE_CACHE_DIR:-$PWD/.cache}"
echo "==> ruff"
.venv/bin/ruff check src tests tools benchmarks
echo "==> mypy (strict on engines)"
.venv/bin/mypy
if [ -n "${CJKTRADE_TEST_POSTGRES_URL:-}" ]; then echo "==> pytest (SQLite and PostgreSQL)"; else echo "==> pytest (SQLite only: PostgreSQL not available)"; fi
.venv/bin/python -m pytest -n 2 "$@"
