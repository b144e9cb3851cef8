#!/usr/bin/env bash
# The test command: sets up what is missing, then runs every test of the package.
# Servers the tests need are started here and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift test "$@"
