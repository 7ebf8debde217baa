using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OverParam.Reporting;
using OverParam.Reporting.Figures;
using OverParam.Sweeps;
using OxyPlot;
using OxyPlot.Series;
using SkiaSharp;

namespace OverParam.Tests.Reporting;

/// <summary>The figures: three formats at the stated size, small multiples past eight series, no legend over data, data beside them.</summary>
public class FigureTests
{
    /// <summary>A PDF's MediaBox is written with a few decimals: this is well below a printer's point.</summary>
    private const double PointTolerance = 0.01;

    /// <summary>Nine widths, one seed: more settings than a panel may hold (so the figures must become small multiples).</summary>
    private const string NineSettings = """
        name: nine
        base: { n: 8, d: 3, labels: gaussian, steps: 6, gram_every: 3 }
        axes:
          width: [10, 12, 14, 16, 18, 20, 22, 24, 26]
          lr: [0.5, 1]
        """;

    private static SweepData Sweep(TestData.TempDir dir, string spec)
    {
        var folder = new SweepFolder(dir["s"]);
        SweepRunner.Run(SweepSpec.Parse(spec, "t.yaml"), folder, 1, TestData.OpenBlas, 1);
        var data = Aggregation.Load(folder);
        Aggregation.Write(data, folder);
        SweepReport.Write(data, folder, "figure test");
        return data;
    }

    private static Figure Simple(int panels = 1) => new("simple", "a test figure",
        [.. Enumerable.Range(0, panels).Select(p => new Panel(panels == 1 ? "" : $"panel {p}", new FigureAxis("iteration k"), new FigureAxis("loss L(k)", Log: true),
        [
            new Line("m = 50", [0, 1, 2, 3], [1, 0.5, 0.25, 0.125], Lo: [0.9, 0.4, 0.2, 0.1], Hi: [1.1, 0.6, 0.3, 0.15]),
            new Line("m = 50", [0, 1, 2, 3], [1, 0.8, 0.64, 0.512], LineKind.Theory),
            new Line("P = n", [0, 3], [0.2, 0.2], LineKind.Reference),
        ], "(1 − ηλ_{0}/2)^{k} L(0): a theorem"))]);

    [Fact]
    public void Every_figure_of_a_sweep_is_written_as_svg_pdf_png_and_csv_at_its_printed_size()
    {
        using var dir = new TestData.TempDir();
        Sweep(dir, OverParam.Tests.Sweeps.SweepRunnerTests.Spec);
        var names = Directory.GetFiles(dir["s/figures"]).Select(Path.GetFileNameWithoutExtension).Distinct().ToList();
        Assert.Equal(["lambda_min", "loss", "max_distance", "pattern_change", "residual"], names.Order());
        foreach (var name in names)
        {
            foreach (var ext in FigureFiles.Extensions) Assert.True(File.Exists(dir[$"s/figures/{name}{ext}"]), name + ext);
            var (pw, ph) = PdfPageSize(dir[$"s/figures/{name}.pdf"]);
            var (width, height, dpi) = PngSize(dir[$"s/figures/{name}.png"]);
            Assert.Equal(Figure.SingleColumnInches * 72, pw, PointTolerance); // one panel: one column of a two-column paper
            Assert.Equal(Figure.PngDpi, dpi);
            Assert.Equal(Math.Round(pw / 72 * Figure.PngDpi), width);
            Assert.Equal(Math.Round(ph / 72 * Figure.PngDpi), height, 1.0);
            var svg = System.Xml.Linq.XDocument.Load(dir[$"s/figures/{name}.svg"]).Root!;
            Assert.Equal($"{Figure.SingleColumnInches}in", svg.Attribute("width")!.Value);
        }
    }

    [Fact]
    public void More_than_eight_settings_become_panels_of_at_most_eight_series_sharing_colours_and_words()
    {
        using var dir = new TestData.TempDir();
        var data = Sweep(dir, NineSettings);
        Assert.Equal(18, data.Groups.Count);
        var loss = SweepFigures.Build(data).Single(f => f.Name == "loss");
        Assert.True(loss.Panels.Count >= 3, $"{loss.Panels.Count} panels for 18 settings");
        Assert.All(loss.Panels, p => Assert.InRange(p.SeriesCount, 1, Figure.MaxSeries));
        Assert.Equal(Figure.DoubleColumnInches * 72, PdfPageSize(dir["s/figures/loss.pdf"]).Width, PointTolerance);
        // Legend entries in words, no raw keys.
        var words = loss.Panels.SelectMany(p => p.Lines).Select(l => l.Label).Distinct().ToList();
        Assert.Contains("m = 10", words);
        Assert.DoesNotContain(words, w => w.Contains("width=", StringComparison.Ordinal));
        Assert.Equal(18, loss.Panels.Sum(p => p.Lines.Count(l => l.Kind == LineKind.Measured)));
    }

    [Fact]
    public void No_legend_entry_overlaps_a_plotted_point_or_a_plot_area_and_none_is_cut()
    {
        using var dir = new TestData.TempDir();
        var data = Sweep(dir, NineSettings);
        foreach (var f in SweepFigures.Build(data).Append(Simple()).Append(Simple(4))) AssertReadable(f);
    }

    /// <summary>
    /// The threshold figure of the issue that asked for this: a theorem's width 20 decades above m* would flatten the measured
    /// lines, so it moves to theory_ratio; one a decade away stays, dashed in m*'s colour, with the theorem's name.
    /// </summary>
    [Theory]
    [InlineData(1e20, false)]
    [InlineData(10, true)]
    public void A_theorem_width_far_from_the_data_moves_to_its_own_ratio_figure(double factor, bool drawnBeside)
    {
        var spec = new OverParam.Thresholds.ThresholdSpec("t", new Dictionary<string, string>(), [20, 40, 80], 3, 0.01,
            OverParam.Thresholds.SuccessCriterion.Loss, 0.5, 0.1, 4, 4096);
        var sizes = spec.Ns.Select(n => new OverParam.Thresholds.SizeThreshold(n, new OverParam.Thresholds.WidthThreshold(2 * n, n, []), 1, 0, 2L * n * 6, 5,
            new OverParam.Thresholds.TheoryAtSize(n, 0.1, "Du et al. ICLR 2019, Thm 4.1", "m ≥ n⁶/(λ0⁴δ³)", factor * 2 * n, factor * 12 * n),
            new OverParam.Thresholds.WidthThreshold(2 * n, n, []), 2L * n * 6, 0, 0, 0)).ToList();
        var runs = spec.Ns.SelectMany(n => new[] { n, 2 * n }.SelectMany(m => Enumerable.Range(0, 3).Select(s =>
            new OverParam.Thresholds.RunRecord($"{n}-{m}-{s}", n, m, s, m == 2 * n, 10, 1, m == 2 * n ? 0.001 : 0.5, false, 6L * m)))).ToList();
        var none = OverParam.Thresholds.PowerFit.None;
        var result = new OverParam.Thresholds.ThresholdResult(spec, sizes, runs, none, none, none, none, none, 1, runs.Count, 1);
        var figures = OverParam.Thresholds.ThresholdReport.Figures(result);
        Assert.Equal(["threshold", "theory_ratio", "success"], figures.Select(f => f.Name));
        var threshold = figures[0].Panels.Single();
        Assert.Equal(drawnBeside, threshold.Lines.Any(l => l.Kind == LineKind.Theory));
        if (drawnBeside) Assert.Contains("Thm 4.1", threshold.TheoryLegend);
        Assert.Equal([factor, factor, factor], figures[1].Panels.Single().Lines.Single().Y); // required 2n·factor over m* = 2n
        var mStar = threshold.Lines.Single(l => l.Label == "m* measured" && l.Kind == LineKind.Measured);
        Assert.Equal([20.0, 40, 80], mStar.Lo!); // the bracket [m_below, m*]
        foreach (var f in figures) AssertReadable(f);
    }

    /// <summary>The Kawaguchi searches' m* at the two budgets: a panel per search, the base budget's and the final m* each with
    /// its bracket, a size with no m* at the base budget left out of that line only.</summary>
    [Fact]
    public void The_budgets_figure_shows_m_star_at_the_base_budget_and_after_reruns_with_their_brackets()
    {
        var spec = new OverParam.Thresholds.ThresholdSpec("t", new Dictionary<string, string> { ["steps"] = "500" }, [25, 50, 100], 5, 0.01,
            OverParam.Thresholds.SuccessCriterion.Loss, 0.8, 0.05, 4, 4096, MaxSteps: 16000);
        OverParam.Thresholds.WidthThreshold W(int? star, int? below) => new(star, below, []);
        var theory = new OverParam.Thresholds.TheoryAtSize(25, 0.1, "Du et al. ICML 2019, Thm 5.1", "m ≥ …", 1e12, 1e13);
        var sizes = new[] { (25, W(3, 2), W(4, 3)), (50, W(6, 5), W(null, 32)), (100, W(8, 6), W(16, 12)) }.Select(z =>
            new OverParam.Thresholds.SizeThreshold(z.Item1, z.Item2, 1, 0, 10L * z.Item2.MStar!.Value, 5, theory, z.Item3, null, 0, 0, 0)).ToList();
        var none = OverParam.Thresholds.PowerFit.None;
        var result = new OverParam.Thresholds.ThresholdResult(spec, sizes, [], none, none, none, none, none, 1, 0, 1);
        var f = OverParam.Reproductions.Kawaguchi2019Report.BudgetsFigure([("threshold-all-random", result), ("threshold-all-true", result)]);
        Assert.Equal("threshold_budgets", f.Name);
        Assert.Equal(["all random", "all true"], f.Panels.Select(p => p.Title));
        var lines = f.Panels[0].Lines;
        Assert.Equal(["m* at K = 500", "m* after reruns (cap 16000)"], lines.Select(l => l.Label));
        Assert.Equal([25.0, 100], lines[0].X); // no m* at K at n = 50
        Assert.Equal([4.0, 16], lines[0].Y);
        Assert.Equal([3.0, 12], lines[0].Lo!);
        Assert.Equal([25.0, 50, 100], lines[1].X);
        Assert.Equal([3.0, 6, 8], lines[1].Y);
        Assert.Equal([2.0, 5, 6], lines[1].Lo!);
        AssertReadable(f);
    }

    /// <summary>No legend piece over a plot area or a plotted point, none past the right edge, at most eight series a panel.</summary>
    internal static void AssertReadable(Figure f)
    {
        using var text = new GlyphText();
        var (w, h) = FigureRenderer.Size(f, text);
        using var surface = SKSurface.Create(new SKImageInfo((int)w, (int)h));
        var models = FigureRenderer.Render(f, surface.Canvas, 1, OxyPlot.SkiaSharp.RenderTarget.PixelGraphic, text);
        var legend = FigureRenderer.LegendArea(f, text);
        Assert.All(f.Panels, p => Assert.InRange(p.SeriesCount, 0, Figure.MaxSeries));
        var under = Covered(models, legend);
        Assert.True(under.Count == 0, $"{f.Name}: {string.Join("; ", under)}");
        foreach (var piece in FigureLegend.Layout(f, w, text).Placed)
            Assert.True(piece.X + piece.Width <= w, $"{f.Name}: legend text '{piece.Text}' runs past the right edge");
    }

    /// <summary>What <paramref name="legend"/> covers: plot areas and plotted points, in words (empty when nothing).</summary>
    internal static List<string> Covered(IReadOnlyList<PlotModel> models, OxyRect legend)
    {
        var found = new List<string>();
        foreach (var model in models)
        {
            if (Intersects(model.PlotArea, legend)) found.Add("the legend overlaps a plot area");
            foreach (var s in model.Series.OfType<DataPointSeries>())
                foreach (var p in s.Points.Where(p => p.IsDefined()))
                    if (legend.Contains(s.Transform(p))) found.Add($"point ({p.X}, {p.Y}) under the legend");
        }
        return found;
    }

    /// <summary>The overlap check can fail: a legend placed over the first panel's plot area is reported, with its points.</summary>
    [Fact]
    public void The_overlap_check_reports_a_legend_laid_over_the_data()
    {
        using var text = new GlyphText();
        var f = Simple();
        var (w, h) = FigureRenderer.Size(f, text);
        using var surface = SKSurface.Create(new SKImageInfo((int)w, (int)h));
        var models = FigureRenderer.Render(f, surface.Canvas, 1, OxyPlot.SkiaSharp.RenderTarget.PixelGraphic, text);
        var covered = Covered(models, models[0].PlotArea);
        Assert.Contains("the legend overlaps a plot area", covered);
        Assert.Contains(covered, c => c.StartsWith("point (", StringComparison.Ordinal));
        Assert.Empty(Covered(models, FigureRenderer.LegendArea(f, text)));
    }

    [Fact]
    public void Text_is_at_least_eight_points_at_the_printed_width()
    {
        var model = PanelPlot.Build(Simple().Panels[0], null, null);
        double eightPoints = 8 * PanelPlot.UnitsPerPoint;
        Assert.True(model.DefaultFontSize >= eightPoints - 1e-9);
        Assert.All(model.Axes, a => Assert.True(a.FontSize >= eightPoints - 1e-9 && a.TitleFontSize >= eightPoints - 1e-9));
    }

    [Fact]
    public void The_csv_holds_every_plotted_value_exactly()
    {
        var f = Simple(2);
        var rows = FigureCsv.Write(f).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("panel,series,kind,x,y,lo,hi", rows[0]);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        int i = 0;
        foreach (var panel in f.Panels)
            foreach (var line in panel.Lines)
                for (int k = 0; k < line.X.Length; k++, i++)
                {
                    var c = cells[i];
                    Assert.Equal((panel.Title, line.Label, line.Kind.ToString().ToLowerInvariant()), (c[0], c[1], c[2]));
                    Assert.Equal(line.X[k], double.Parse(c[3], CultureInfo.InvariantCulture));
                    Assert.Equal(line.Y[k], double.Parse(c[4], CultureInfo.InvariantCulture));
                    Assert.Equal(line.Lo?[k].ToString("R", CultureInfo.InvariantCulture) ?? "", c[5]);
                    Assert.Equal(line.Hi?[k].ToString("R", CultureInfo.InvariantCulture) ?? "", c[6]);
                }
        Assert.Equal(cells.Count, i);
        foreach (var bad in new[] { "a, b", "a#b", "a\"b" })
            Assert.Throws<ArgumentException>(() => FigureCsv.Write(new Figure("x", "x", [new Panel("", new FigureAxis("x"), new FigureAxis("y"), [new Line(bad, [0], [0])])])));
        Assert.Equal("data: x;y_z_.npy", SettingWords.Of("data", "x,y#z\".npy"));
    }

    [SkippableFact]
    public void Numpy_loads_the_figure_csv_with_genfromtxt()
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), "Debian's python3 is not installed");
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["f.csv"], FigureCsv.Write(Simple(2)));
        var psi = new ProcessStartInfo(python, ["-c",
            "import numpy as np, sys; a = np.genfromtxt(sys.argv[1], delimiter=',', names=True, dtype=None, encoding='utf-8'); " +
            "print(len(a), a.dtype.names, float(a['y'][1]))", dir["f.csv"]])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd(), error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Skip.If(error.Contains("No module named 'numpy'", StringComparison.Ordinal), "numpy is not installed");
        Assert.True(p.ExitCode == 0, error);
        Assert.Equal("20 ('panel', 'series', 'kind', 'x', 'y', 'lo', 'hi') 0.5", output.Trim());
    }

    [Fact]
    public void The_same_figure_gives_the_same_bytes()
    {
        using var files = new FigureFiles();
        var f = Simple(2);
        Assert.Equal(files.Svg(f), files.Svg(f));
        Assert.Equal(files.Png(f), files.Png(f));
        Assert.DoesNotContain("<text", files.Svg(f), StringComparison.Ordinal); // text is outlines: same look without our font
    }

    [Fact]
    public void Non_positive_values_break_a_log_line_instead_of_vanishing_it()
    {
        var panel = new Panel("", new FigureAxis("x"), new FigureAxis("y", Log: true), [new Line("s", [0, 1, 2, 3], [1, 0, 0.1, 0.01])]);
        var series = PanelPlot.Build(panel, null, null).Series.OfType<LineSeries>().Single();
        Assert.Equal([true, false, true, true], series.Points.Select(p => p.IsDefined()));
    }

    private static bool Intersects(OxyRect a, OxyRect b) => a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;

    /// <summary>The first page's MediaBox, in points.</summary>
    internal static (double Width, double Height) PdfPageSize(string path)
    {
        var m = Regex.Match(Encoding.Latin1.GetString(File.ReadAllBytes(path)), @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(m.Success, $"{path}: no MediaBox");
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Width and height in pixels, and the resolution of the pHYs chunk in dots per inch (0 without one).</summary>
    internal static (int Width, int Height, int Dpi) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        int width = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20)), dpi = 0;
        for (int pos = 8; pos < b.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(pos));
            if (Encoding.ASCII.GetString(b, pos + 4, 4) == "pHYs" && b[pos + 16] == 1)
                dpi = (int)Math.Round(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(pos + 8)) * 0.0254);
            pos += 12 + len;
        }
        return (width, height, dpi);
    }
}
