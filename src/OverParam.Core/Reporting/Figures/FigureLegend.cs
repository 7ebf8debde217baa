using SkiaSharp;

namespace OverParam.Reporting.Figures;

/// <summary>One legend entry: a line sample in the series' style and its words.</summary>
public sealed record LegendEntry(string Label, LineKind Kind, int Color, bool Markers);

/// <summary>
/// The figure's one legend, under all panels (outside every plot area, so it can hide no data): the series of all panels
/// (a series that appears in several panels once), then the theory lines' meaning. Entries flow left to right and wrap.
/// </summary>
public static class FigureLegend
{
    private const double Symbol = 18, Gap = 4, Spacing = 12, Margin = 6, RowFactor = 1.35;

    /// <summary>The entries of <paramref name="f"/> in order of first appearance.</summary>
    public static IReadOnlyList<LegendEntry> Entries(Figure f)
    {
        var entries = f.Panels.SelectMany(p => p.Lines).Where(l => l.Kind != LineKind.Theory)
            .Select(l => new LegendEntry(l.Label, l.Kind, l.Color, l.Markers)).Distinct().ToList();
        // Panels whose theory lines are the same formula under different theorems share one entry: "formula: A; B".
        var theory = f.Panels.Where(p => p.Lines.Any(l => l.Kind == LineKind.Theory)).Select(p => p.TheoryLegend).OfType<string>().Distinct();
        foreach (var formula in theory.GroupBy(w => w.Split(": ", 2)[0]))
        {
            var sources = formula.Select(w => w.Split(": ", 2)).Where(p => p.Length == 2).Select(p => p[1]).Distinct().ToList();
            entries.Add(new LegendEntry(sources.Count == 0 ? formula.Key : $"{formula.Key}: {string.Join("; ", sources)}", LineKind.Theory, -1, false));
        }
        return entries;
    }

    /// <summary>
    /// Each piece's top-left corner in OxyPlot units relative to the legend's top, and the legend's height. An entry wider
    /// than the figure is broken at spaces into pieces on the following rows, indented past the symbol (never cut).
    /// </summary>
    public static (IReadOnlyList<(LegendEntry Entry, string Text, bool Symbol, double X, double Y, double Width)> Placed, double Height) Layout(Figure f, double width, GlyphText text)
    {
        float size = (float)(Figure.FontPoints * PanelPlot.UnitsPerPoint);
        double row = text.Metrics(size).LineHeight * RowFactor;
        var placed = new List<(LegendEntry, string, bool, double, double, double)>();
        double x = Margin, y = Margin / 2, indent = Symbol + Gap;
        foreach (var e in Entries(f))
        {
            var pieces = Break(e.Label, width - 2 * Margin - indent, size, text);
            double w = indent + text.MarkupWidth(pieces[0], size);
            if (x > Margin && x + w > width - Margin) { x = Margin; y += row; }
            placed.Add((e, pieces[0], true, x, y, w));
            x += w + Spacing;
            foreach (var piece in pieces.Skip(1))
            {
                y += row;
                double pw = text.MarkupWidth(piece, size);
                placed.Add((e, piece, false, Margin + indent, y, pw));
                x = Margin + indent + pw + Spacing;
            }
        }
        return (placed, placed.Count == 0 ? 0 : y + row + Margin / 2);
    }

    /// <summary>Splits markup at spaces outside braces into pieces no wider than <paramref name="max"/> (a single word may be wider).</summary>
    private static List<string> Break(string label, double max, float size, GlyphText text)
    {
        var words = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < label.Length; i++)
        {
            if (label[i] == '{') depth++;
            else if (label[i] == '}') depth--;
            else if (label[i] == ' ' && depth == 0) { words.Add(label[start..i]); start = i + 1; }
        }
        words.Add(label[start..]);
        var pieces = new List<string> { words[0] };
        foreach (var w in words.Skip(1))
        {
            string joined = pieces[^1] + " " + w;
            if (text.MarkupWidth(joined, size) <= max) pieces[^1] = joined;
            else pieces.Add(w);
        }
        return pieces;
    }

    /// <summary>Draws the legend with its top at <paramref name="top"/> (OxyPlot units) on a canvas of <paramref name="scale"/> per unit.</summary>
    public static void Draw(Figure f, SKCanvas canvas, float scale, double top, double width, GlyphText text)
    {
        float size = (float)(Figure.FontPoints * PanelPlot.UnitsPerPoint) * scale;
        var (ascent, descent) = (text.Metrics(size).Ascent, text.Metrics(size).Descent);
        double row = text.Metrics(size).LineHeight / scale * RowFactor;
        foreach (var (e, label, withSymbol, x0, y0, _) in Layout(f, width, text).Placed)
        {
            float x = (float)x0 * scale, mid = (float)(top + y0 + row / 2) * scale;
            var oxy = e.Kind == LineKind.Measured ? PanelPlot.Palette[e.Color % PanelPlot.Palette.Length] : PanelPlot.ReferenceColor;
            var color = new SKColor(oxy.R, oxy.G, oxy.B, oxy.A);
            using var stroke = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = (e.Kind == LineKind.Measured ? 1.3f : 1f) * scale, IsAntialias = true };
            if (e.Kind != LineKind.Measured)
                stroke.PathEffect = SKPathEffect.CreateDash(e.Kind == LineKind.Theory ? [4 * scale, 2.5f * scale] : [1 * scale, 2 * scale], 0);
            using var fill = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = true };
            if (!withSymbol)
            {
                using var rest = text.MarkupOutline(label, size, x, mid - (ascent + descent) / 2);
                canvas.DrawPath(rest, fill);
                continue;
            }
            canvas.DrawLine(x, mid, x + (float)Symbol * scale, mid, stroke);
            if (e.Markers)
            {
                using var dot = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
                canvas.DrawCircle(x + (float)Symbol * scale / 2, mid, 2.2f * scale, dot);
            }
            using var outline = text.MarkupOutline(label, size, x + (float)(Symbol + Gap) * scale, mid - (ascent + descent) / 2);
            canvas.DrawPath(outline, fill);
        }
    }
}
