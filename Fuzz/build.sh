#!/usr/bin/env bash
# Builds Fuzz/.build/saylau-fuzz: the fuzz targets of Fuzz/Harness linked with libFuzzer and AddressSanitizer
# (swiftc -sanitize=fuzzer,address), module by module, straight from the package's sources (no SwiftPM:
# libFuzzer brings its own main). Usage: bash Fuzz/build.sh [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-${SAYLAU_FUZZ_BUILD:-.build-fuzz}}
mkdir -p "$out"
# Sources/CZlib is the module map of the system zlib (the plan store of ensembles).
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -I "$out" -I Sources/CZlib)
# In dependency order (Package.swift): each module a static library with its interface.
modules=(SaylauCore SaylauGeo SaylauRegistry SaylauApportionment SaylauElections SaylauDistricting
  SaylauForensics SaylauData SaylauReports)
# SwiftPM gives a module with resources its `Bundle.module`; here SaylauData gets one pointing at the
# build folder (no fuzz target reads the bundled tables).
printf 'import Foundation\nextension Bundle { static let module = Bundle(path: "%s") ?? Bundle.main }\n' "$PWD/Sources/SaylauData" >"$out/SaylauDataBundle.swift"
build() { # NAME SOURCE-DIR
  local name=$1 dir=$2
  local stamp="$out/$name.stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$dir" -name '*.swift' -newer "$stamp" | head -1)" ]; then return; fi
  echo "fuzz build: $name" >&2
  mapfile -t files < <(find "$dir" -name '*.swift' | sort)
  if [ "$name" = SaylauData ]; then files+=("$out/SaylauDataBundle.swift"); fi
  swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
    -emit-library -static -o "$out/lib$name.a" "${files[@]}"
  touch "$stamp"
}
for m in "${modules[@]}"; do build "$m" "Sources/$m"; done
build SaylauFuzzing Fuzz/Harness
libs=(-lSaylauFuzzing)
for ((i=${#modules[@]}-1; i>=0; i--)); do libs+=("-l${modules[$i]}"); done
# gold warns once per AddressSanitizer helper symbol ("Cannot export local symbol"): harmless, filtered.
swiftc "${flags[@]}" -module-name SaylauFuzzEntry Fuzz/LibFuzzer/Entry.swift -L "$out" "${libs[@]}" \
  -lz -o "$out/saylau-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
echo "$out/saylau-fuzz"
