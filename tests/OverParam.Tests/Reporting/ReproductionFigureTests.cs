using OverParam.Reporting;
using OverParam.Reporting.Figures;
using OverParam.Sweeps;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Reporting;

/// <summary>
/// Every report of the README's reproductions (the runs are shared with the tests that check their claims): each figure in
/// four formats at a stated width, the sweeps' figures readable (no legend over data, ≤ 8 series a panel), and each page
/// rendered by Chromium with its figures drawn.
/// </summary>
public class ReproductionFigureTests
{
    /// <summary>The printed widths a figure may have, in points.</summary>
    private static readonly double[] Widths = [Figure.SingleColumnInches * 72, Figure.DoubleColumnInches * 72];

    /// <summary>The MediaBox is written with a few decimals.</summary>
    private const double PointTolerance = 0.01;

    [Theory]
    [InlineData("du2019")]
    [InlineData("arora2019")]
    [InlineData("jentzen2021")]
    [InlineData("kawaguchi2019")]
    public void Every_report_has_its_figures_in_four_formats_readable_and_rendered(string reproduction)
    {
        var (r, dir) = SharedRuns.Run("reproduce", reproduction, "--quick");
        Assert.True(r.ExitCode == 0, r.Err);
        var reports = Directory.GetFiles(dir, "report.html", SearchOption.AllDirectories);
        Assert.NotEmpty(reports);
        foreach (var report in reports)
        {
            string folder = Path.GetDirectoryName(report)!, figures = Path.Combine(folder, "figures");
            if (!Directory.Exists(figures)) // a page over parts (Jentzen's) links to its parts' reports and draws nothing itself
            {
                Assert.DoesNotContain("href=\"figures/", File.ReadAllText(report));
                continue;
            }
            var names = Directory.GetFiles(figures).Select(Path.GetFileNameWithoutExtension).Distinct().ToList();
            Assert.NotEmpty(names);
            foreach (var name in names)
            {
                foreach (var ext in FigureFiles.Extensions) Assert.True(File.Exists(Path.Combine(figures, name + ext)), $"{folder}: {name}{ext}");
                double width = FigureTests.PdfPageSize(Path.Combine(figures, name + ".pdf")).Width;
                Assert.Contains(Widths, w => Math.Abs(w - width) < PointTolerance);
                Assert.Equal(Figure.PngDpi, FigureTests.PngSize(Path.Combine(figures, name + ".png")).Dpi);
                Assert.StartsWith(string.Join(',', FigureCsv.Columns), File.ReadLines(Path.Combine(figures, name + ".csv")).First());
                Assert.Contains($"href=\"figures/{name}.pdf\"", File.ReadAllText(report));
            }
            if (File.Exists(Path.Combine(folder, "sweep.json")))
                foreach (var f in SweepFigures.Build(Aggregation.Load(new SweepFolder(folder)))) FigureTests.AssertReadable(f);
            if (File.Exists(ChromiumFactAttribute.Path)) Screenshot(report, names.Count);
        }
    }

    /// <summary>A screenshot of the page: not blank, and the DOM holds an inline SVG per figure.</summary>
    private static void Screenshot(string report, int figures)
    {
        using var dir = new TestData.TempDir();
        var (dom, (_, _, colours, nonWhite)) = ChromiumFactAttribute.Render(report, dir);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(dom, "<svg ").Count >= figures, $"{report}: fewer inline figures than files");
        Assert.True(colours > 20, $"{report}: only {colours} colours, the page looks blank");
        Assert.InRange(nonWhite, 0.01, 0.9);
    }
}
