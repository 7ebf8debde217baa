#!/usr/bin/env bash
# Rebuilds the figures' font, src/OverParam.Core/Reporting/Figures/Font/OverParamSans.ttf: DejaVu Sans (Debian's
# fonts-dejavu-core) cut to Latin-1, Greek, sub- and superscripts, arrows and the mathematical operators, without hinting,
# renamed "OverParam Sans" as the Bitstream Vera licence asks of a modified font (Font/LICENSE). Needs Debian's fonttools.
# The figures draw glyph outlines from it, so an SVG, PDF or PNG looks the same on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/OverParam.Core/Reporting/Figures/Font/OverParamSans.ttf
tmp=$(mktemp --suffix=.ttf)
pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02C6-02DC,U+0391-03C9,U+03D1,U+03D5,U+03F5,U+2002-2027,U+2030-2044,U+2070-209F,U+2113,U+2190-2199,U+21D2,U+21D4,U+2200-22FF,U+2016,U+27E8-27E9,U+25CF,U+25A0" \
  --no-hinting --layout-features='kern' --output-file="$tmp"
/usr/bin/python3 - "$tmp" "$out" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
for rec in f['name'].names:
    if rec.nameID in (1, 4, 16): rec.string = 'OverParam Sans'
    elif rec.nameID == 3: rec.string = 'OverParam Sans (DejaVu Sans subset)'
    elif rec.nameID == 6: rec.string = 'OverParamSans'
f.save(sys.argv[2])
PY
rm -f "$tmp"
cp /usr/share/doc/fonts-dejavu-core/copyright "$(dirname "$out")/LICENSE"
ls -l "$out"
