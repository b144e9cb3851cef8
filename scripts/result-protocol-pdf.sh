#!/usr/bin/env bash
# Prints a result protocol (the HTML of `saylau election count --html` or `saylau seats --html`) to PDF with
# headless Chromium, which honours the page's print stylesheet (A4, tables kept together). Not a CI step:
# it needs Debian's `chromium` package (apt-get install chromium).
#
#   bash scripts/result-protocol-pdf.sh protocol.html [protocol.pdf]
set -euo pipefail
html=${1:?usage: result-protocol-pdf.sh PROTOCOL.html [OUT.pdf]}
pdf=${2:-${html%.html}.pdf}
browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null; then browser=$b; break; fi
done
[ -n "$browser" ] || { echo "result-protocol-pdf: needs chromium (apt-get install chromium)" >&2; exit 1; }
"$browser" --headless --disable-gpu --no-sandbox --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$(realpath "$html")" 2>/dev/null
echo "wrote $pdf"
