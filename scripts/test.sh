#!/usr/bin/env bash
# The test command: runs every test of the package. Servers the tests need are started here.
set -euo pipefail
cd "$(dirname "$0")/.."
swift test "$@"
