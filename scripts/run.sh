#!/usr/bin/env bash
# Sets up .venv (first run only) and starts cjktrade on http://127.0.0.1:8000 with the shipped
# reference data. Extra arguments go to `cjktrade serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/cjktrade serve --host 127.0.0.1 --port 8000 "$@"
