using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace OverParam.Reporting.Figures;

/// <summary>
/// Text as glyph outlines of the embedded font (OverParam Sans, a subset of DejaVu Sans; tools/make-font.sh), shaped with
/// HarfBuzz for kerning. Drawing outlines instead of text makes an SVG, PDF or PNG look the same on every machine whatever
/// fonts it has, and keeps the PDF free of a 700 KB embedded font (SkiaSharp's PDF back end does not subset fonts).
/// </summary>
public sealed class GlyphText : IDisposable
{
    private readonly SKTypeface _typeface;
    private readonly SKShaper _shaper;

    /// <summary>Loads the font from the assembly's resources.</summary>
    public GlyphText()
    {
        using var stream = typeof(GlyphText).Assembly.GetManifestResourceStream("OverParamSans.ttf")
                           ?? throw new InvalidOperationException("the figures' font OverParamSans.ttf is missing from the assembly");
        using var data = SKData.Create(stream);
        _typeface = SKTypeface.FromData(data) ?? throw new InvalidOperationException("the figures' font OverParamSans.ttf cannot be read");
        _shaper = new SKShaper(_typeface);
    }

    /// <summary>The font's family name.</summary>
    public string Family => _typeface.FamilyName;

    /// <summary>Width of one line of text at <paramref name="size"/> (same units as the size).</summary>
    public float Width(string line, float size)
    {
        using var paint = Paint(size);
        return _shaper.Shape(line, paint).Width;
    }

    /// <summary>Line height: ascent + descent + leading, and the ascent and descent (negative ascent, as Skia gives it).</summary>
    public (float LineHeight, float Ascent, float Descent) Metrics(float size)
    {
        using var paint = Paint(size);
        float height = paint.GetFontMetrics(out var m);
        return (height, m.Ascent, m.Descent);
    }

    /// <summary>The outline of one line of text with its baseline starting at (x, y).</summary>
    public SKPath Outline(string line, float size, float x, float y)
    {
        using var paint = Paint(size);
        using var font = paint.ToFont();
        var shaped = _shaper.Shape(line, x, y, paint);
        var path = new SKPath();
        for (int i = 0; i < shaped.Codepoints.Length; i++)
        {
            using var glyph = font.GetGlyphPath((ushort)shaped.Codepoints[i]);
            if (glyph == null) continue;
            var p = shaped.Points[i];
            path.AddPath(glyph, p.X, p.Y);
        }
        return path;
    }

    /// <summary>Relative size of sub- and superscripts, and their shift in units of the base size (OxyPlot's markup uses about the same).</summary>
    private const float ScriptScale = 0.7f, SuperShift = 0.38f, SubShift = 0.18f;

    /// <summary>Width of text in OxyPlot's markup (<c>λ_{0}</c>, <c>e^{−k}</c>).</summary>
    public float MarkupWidth(string markup, float size) => Runs(markup).Sum(r => Width(r.Text, size * (r.Shift == 0 ? 1 : ScriptScale)));

    /// <summary>The outline of text in OxyPlot's markup with its baseline starting at (x, y).</summary>
    public SKPath MarkupOutline(string markup, float size, float x, float y)
    {
        var path = new SKPath();
        foreach (var (run, shift) in Runs(markup))
        {
            float s = shift == 0 ? size : size * ScriptScale;
            using var part = Outline(run, s, x, y - shift * size);
            path.AddPath(part);
            x += Width(run, s);
        }
        return path;
    }

    /// <summary>Splits markup into runs of plain text with their baseline shift (+ up, − down, in units of the base size).</summary>
    private static IEnumerable<(string Text, float Shift)> Runs(string markup)
    {
        int i = 0;
        while (i < markup.Length)
        {
            if (i + 1 < markup.Length && (markup[i] == '^' || markup[i] == '_') && markup[i + 1] == '{')
            {
                int close = markup.IndexOf('}', i + 2);
                if (close < 0) { yield return (markup[i..], 0); yield break; }
                yield return (markup[(i + 2)..close], markup[i] == '^' ? SuperShift : -SubShift);
                i = close + 1;
                continue;
            }
            int next = i;
            while (next < markup.Length && !(next + 1 < markup.Length && (markup[next] == '^' || markup[next] == '_') && markup[next + 1] == '{')) next++;
            yield return (markup[i..next], 0);
            i = next;
        }
    }

    private SKPaint Paint(float size) => new() { Typeface = _typeface, TextSize = size, IsAntialias = true, SubpixelText = true };

    /// <inheritdoc/>
    public void Dispose()
    {
        _shaper.Dispose();
        _typeface.Dispose();
    }
}
