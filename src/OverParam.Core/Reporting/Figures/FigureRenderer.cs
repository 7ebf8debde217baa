using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace OverParam.Reporting.Figures;

/// <summary>
/// Draws a <see cref="Figure"/> onto a Skia canvas: panels on a grid, row by row, on axes shared by all panels (small
/// multiples compare at a glance only on common axes; the y title is written in the first column), and one legend under them.
/// </summary>
public static class FigureRenderer
{
    /// <summary>Relative padding added to a shared axis' data range on each side.</summary>
    private const double RangePadding = 0.04;

    /// <summary>Figure size in OxyPlot units (1/96 inch): the panels' rows and the legend's height.</summary>
    public static (double Width, double Height) Size(Figure f, GlyphText text)
    {
        double width = f.WidthInches * 96;
        return (width, f.RowCount * f.PanelHeightInches * 96 + FigureLegend.Layout(f, width, text).Height);
    }

    /// <summary>
    /// Renders every panel and the legend onto <paramref name="canvas"/>, whose units are <paramref name="scale"/> per OxyPlot
    /// unit; returns the rendered models (their plot areas then laid out, for checks such as legend overlap).
    /// </summary>
    public static IReadOnlyList<PlotModel> Render(Figure f, SKCanvas canvas, float scale, RenderTarget target, GlyphText text)
    {
        var (width, _) = Size(f, text);
        double cellW = width / f.ColumnCount, cellH = f.PanelHeightInches * 96;
        var shared = f.Panels.Count > 1;
        var xRange = shared ? Range(f.Panels, p => p.X.Log, l => l.X, l => l.X) : null;
        var yRange = shared ? Range(f.Panels, p => p.Y.Log, l => l.Lo ?? l.Y, l => l.Hi ?? l.Y) : null;
        canvas.Clear(SKColors.White);
        using var skia = new SkiaRenderContext { RenderTarget = target, SkCanvas = canvas, DpiScale = scale, UseTextShaping = false };
        var rc = new OutlineTextContext(skia, text);
        var models = new List<PlotModel>();
        for (int i = 0; i < f.Panels.Count; i++)
        {
            var model = PanelPlot.Build(f.Panels[i], xRange, yRange, yTitle: i % f.ColumnCount == 0);
            ((IPlotModel)model).Update(true);
            var cell = new OxyRect(i % f.ColumnCount * cellW, i / f.ColumnCount * cellH, cellW, cellH);
            ((IPlotModel)model).Render(rc, cell);
            models.Add(model);
        }
        FigureLegend.Draw(f, canvas, scale, f.RowCount * cellH, width, text);
        return models;
    }

    /// <summary>The legend's area in OxyPlot units: under the last row of panels, the figure's full width.</summary>
    public static OxyRect LegendArea(Figure f, GlyphText text)
    {
        var (width, height) = Size(f, text);
        double top = f.RowCount * f.PanelHeightInches * 96;
        return new OxyRect(0, top, width, height - top);
    }

    /// <summary>The padded range of all panels' plottable values on one axis, or null when there are none.</summary>
    private static (double, double)? Range(IReadOnlyList<Panel> panels, Func<Panel, bool> log, Func<Line, double[]> lo, Func<Line, double[]> hi)
    {
        bool isLog = log(panels[0]);
        var values = panels.SelectMany(p => p.Lines.SelectMany(l => lo(l).Concat(hi(l)))).Where(v => PanelPlot.Plottable(v, isLog)).ToList();
        if (values.Count == 0) return null;
        double min = values.Min(), max = values.Max();
        if (isLog)
        {
            double a = Math.Log10(min), b = Math.Log10(max), pad = Math.Max(b - a, 0.5) * RangePadding;
            return (Math.Pow(10, a - pad), Math.Pow(10, b + pad));
        }
        double span = max > min ? max - min : Math.Max(Math.Abs(max), 1);
        return (min - span * RangePadding, max + span * RangePadding);
    }
}
