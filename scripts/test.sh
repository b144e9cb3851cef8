#!/usr/bin/env bash
# The test command: runs every test of the package. Servers the tests need are started here.
set -euo pipefail
cd "$(dirname "$0")/.."
# PostgreSQL: a throwaway server on 127.0.0.1 for the store and server tests (SAYLAU_TEST_POSTGRES_URL).
# Without PostgreSQL those tests are skipped locally and fail under CI=true.
if [ -z "${SAYLAU_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exec bash scripts/pg-throwaway.sh bash "$0" "$@"
fi
swift test "$@"
# The live-server checks (OpenAPI validation, schemathesis, headless Chromium) run only on a full run.
if [ $# -eq 0 ]; then
    bash scripts/server-checks.sh
fi
