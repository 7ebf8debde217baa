using System.Diagnostics;
using OverParam.Reporting;
using OverParam.Sweeps;

namespace OverParam.Tests.Reporting;

/// <summary>A test that needs Debian's chromium: skipped where it is missing, except under CI (CI=true), which installs it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Loads <paramref name="page"/> headless: its DOM after scripts (there are none) and a 1200×1600 screenshot's pixel statistics.</summary>
    internal static (string Dom, (int Width, int Height, int Colours, double NonWhite) Shot) Render(string page, TestData.TempDir dir)
    {
        string url = new Uri(page).AbsoluteUri;
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={dir["profile"]}"];
        string dom = Run([.. flags, "--dump-dom", url]);
        Run([.. flags, "--window-size=1200,1600", $"--screenshot={dir["shot.png"]}", url]);
        return (dom, PngPixels.Read(dir["shot.png"]));
    }

    private static string Run(string[] args)
    {
        var psi = new ProcessStartInfo(Path, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "chromium did not finish in 60 s");
        return stdout.Result;
    }

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "chromium is not installed (apt-get install chromium); CI installs it";
    }
}

public class ReportTests
{
    private static SweepData SmallSweep(TestData.TempDir dir)
    {
        var folder = new SweepFolder(dir["s"]);
        SweepRunner.Run(SweepSpec.Parse(OverParam.Tests.Sweeps.SweepRunnerTests.Spec, "t.yaml"), folder, 1, TestData.OpenBlas, 1);
        var data = Aggregation.Load(folder);
        Aggregation.Write(data, folder);
        SweepReport.Write(data, folder, "test report <&>");
        return data;
    }

    [Fact]
    public void Report_inlines_each_figure_with_its_caption_and_links_and_fetches_nothing()
    {
        using var dir = new TestData.TempDir();
        var data = SmallSweep(dir);
        var html = File.ReadAllText(dir["s/report.html"]);
        Assert.Contains("test report &lt;&amp;&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "").Replace("http://www.w3.org/1999/xlink", ""));
        Assert.Contains("Theorem check per setting", html);
        foreach (var name in new[] { "loss", "pattern_change", "max_distance", "residual", "lambda_min" })
            foreach (var ext in new[] { "svg", "pdf", "png", "csv" })
                Assert.Contains($"href=\"figures/{name}.{ext}\"", html);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        // Legend words, not sweep keys; the theorem the trials' certificates name, not a hard-coded one.
        var loss = File.ReadAllText(dir["s/figures/loss.csv"]);
        Assert.Contains("m = 20", loss);
        Assert.DoesNotContain("width=", loss);
        Assert.Equal(data.Groups.Count, SweepFigures.Build(data).Single(f => f.Name == "loss").Panels.Single().SeriesCount);
        Assert.Contains("Du et al. ICLR 2019, Thm 4.1", SweepFigures.Build(data)[0].Panels[0].TheoryLegend);
    }

    [Fact]
    public void A_rate_within_a_thousandth_of_one_is_written_as_one_minus_its_gap()
    {
        Assert.Equal("1 − 1.5e-06", SweepReport.Rate(1 - 1.5e-6));
        Assert.Equal("0.9", SweepReport.Rate(0.9));
    }

    [ChromiumFact]
    public void Report_renders_in_headless_chromium_with_its_figures_drawn()
    {
        using var dir = new TestData.TempDir();
        SmallSweep(dir);
        var (dom, (w, h, colours, nonWhite)) = ChromiumFactAttribute.Render(dir["s/report.html"], dir);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(dom, "<svg ").Count >= 5, "the rendered DOM should hold the five figures");
        Assert.Equal((1200, 1600), (w, h));
        Assert.True(colours > 50, $"only {colours} colours: the page looks blank");
        Assert.InRange(nonWhite, 0.02, 0.9);
    }
}
