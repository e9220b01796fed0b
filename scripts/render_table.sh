#!/usr/bin/env bash
# Render a 任务分工表 as a coordinator would print it, to check the layout by eye.
#
#   scripts/render_table.sh                              # 003's table (the annexed one) → docs/table_page.png
#   scripts/render_table.sh --unit 市市场监管局 --region 烟台市   # a bureau's sheet instead
#   PAGE=3 OUT=/tmp/p3.png scripts/render_table.sh        # another page, another file
#
# Loads data/plans into a throw-away store, runs `plankg export table … -o x.xlsx`,
# converts the workbook to PDF with LibreOffice (headless) and one page to PNG
# with pdftoppm. Page 1 is the cover sheet; page 2 is the table's first page.
#
# Needs (not for CI):  apt-get update && apt-get install -y libreoffice-calc poppler-utils \
#                        fonts-noto-cjk fonts-crosextra-carlito
# Carlito is metric-compatible with Calibri, the workbook's default font, so
# LibreOffice sizes the columns as Excel does; Noto CJK draws the Chinese text.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLANKG="${PLANKG:-$ROOT/.venv/bin/plankg}"
PAGE="${PAGE:-2}"
OUT="${OUT:-$ROOT/docs/table_page.png}"
DPI="${DPI:-110}"

for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "render_table: $tool not found (see the install line at the top)" >&2; exit 2; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ "$#" -eq 0 ]; then
  set -- --plan 003
fi

"$PLANKG" --store "$WORK/graph.json" load --quiet "$ROOT/data/plans" >/dev/null
"$PLANKG" --store "$WORK/graph.json" export table "$@" -o "$WORK/table.xlsx"
# A private LibreOffice profile: no clash with a running instance, no first-start dialogs.
soffice -env:UserInstallation="file://$WORK/profile" --headless --convert-to pdf --outdir "$WORK" \
  "$WORK/table.xlsx" >/dev/null 2>&1
pdftoppm -r "$DPI" -f "$PAGE" -l "$PAGE" -png -singlefile "$WORK/table.pdf" "$WORK/page"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/page.png" "$OUT"
PAGES="$(pdfinfo "$WORK/table.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
echo "render_table: page $PAGE of ${PAGES:-?} → $OUT"
