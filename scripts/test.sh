#!/usr/bin/env bash
# The test command: sets up what is missing, then runs every test of the package.
# Servers the tests need are started here and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Set up once (the PostgreSQL wrapper below runs this script again inside it).
if [ -z "${SAYLAU_SETUP_DONE:-}" ]; then bash scripts/setup.sh; fi
export SAYLAU_SETUP_DONE=1
# PostgreSQL: a throwaway server on 127.0.0.1 for the store and server tests (SAYLAU_TEST_POSTGRES_URL).
# Without PostgreSQL those tests are skipped locally and fail under CI=true.
if [ -z "${SAYLAU_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exec bash scripts/pg-throwaway.sh bash "$0" "$@"
fi
if [ $# -gt 0 ]; then
    swift test "$@"
    exit 0
fi
swift test --skip SaylauClusterTests
# The replica and distributed-ensemble tests (PostgreSQL clusters of their own, HAProxy, worker and server
# processes) time their answers (a write seen on every replica within a second): they run alone, after the
# others, each within seconds.
swift test --skip-build --filter SaylauClusterTests
# The live-server checks (OpenAPI validation, schemathesis) run only on a full run.
bash scripts/server-checks.sh
