#!/usr/bin/env bash
# Installs what Saylau needs on a fresh Debian machine: the packages in .ci/apt-packages.txt and
# .ci/requirements.txt. Idempotent: packages already present are skipped, so it is cheap to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

mapfile -t apt_pkgs < <(grep -v '^\s*#' .ci/apt-packages.txt | grep -v '^\s*$' || true)
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    sudo_if_needed apt-get update -qq
    sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mapfile -t pip_pkgs < <(grep -v '^\s*#' .ci/requirements.txt | grep -v '^\s*$' || true)
if [ ${#pip_pkgs[@]} -gt 0 ]; then
    if ! python3 -m pip install -q --disable-pip-version-check "${pip_pkgs[@]}" 2>/tmp/saylau-pip.log; then
        # Debian's own Python refuses system-wide installs (PEP 668); a user install is enough here.
        python3 -m pip install -q --disable-pip-version-check --break-system-packages "${pip_pkgs[@]}" \
            || { cat /tmp/saylau-pip.log >&2; exit 1; }
    fi
fi
