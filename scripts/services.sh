#!/usr/bin/env bash
# Installs (through apt, as root) and starts what the test suite needs besides Python:
#   PostgreSQL (the production database; storage and API tests run on it and on SQLite),
#   Chromium (browser tests, through Playwright), Noto CJK fonts (PDFs in zh/ja/ko).
# Sourced by scripts/test.sh: exports CJKTRADE_TEST_POSTGRES_URL and registers a cleanup.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing ${need[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
  fi
fi

if [ -z "${CJKTRADE_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
    # (captured first: `grep -q` in a pipeline under pipefail can fail on SIGPIPE)
    clusters=$(pg_lsclusters -h)
    [[ "$clusters" == *"$version main"* ]] || pg_createcluster "$version" main >/dev/null
    if [[ "$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}')" != "online" ]]; then
      echo "==> starting PostgreSQL $version"
      pg_ctlcluster "$version" main start
      CJKTRADE_STARTED_POSTGRES="$version"
      export CJKTRADE_STARTED_POSTGRES
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    role=$(runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'cjktrade'")
    [ "$role" = 1 ] || runuser -u postgres -- psql -p "$port" -qc "CREATE ROLE cjktrade LOGIN CREATEDB PASSWORD 'cjktrade'"
    database=$(runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'cjktrade'")
    [ "$database" = 1 ] || runuser -u postgres -- psql -p "$port" -qc "CREATE DATABASE cjktrade OWNER cjktrade"
    export CJKTRADE_TEST_POSTGRES_URL="postgresql+psycopg://cjktrade:cjktrade@127.0.0.1:$port/cjktrade"
  fi
fi
