using System.Diagnostics;
using System.Xml.Linq;
using OverParam.Reporting;
using OverParam.Reporting.Svg;
using OverParam.Sweeps;

namespace OverParam.Tests.Reporting;

/// <summary>A test that needs Debian's chromium: skipped where it is missing, except under CI (CI=true), which installs it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

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
    public void Figures_are_well_formed_svg_with_one_line_per_setting_and_labelled_axes()
    {
        using var dir = new TestData.TempDir();
        var data = SmallSweep(dir);
        XNamespace svg = "http://www.w3.org/2000/svg";
        foreach (var file in new[] { "loss.svg", "pattern_change.svg", "max_distance.svg", "residual.svg", "lambda_min.svg" })
        {
            var doc = XDocument.Load(dir[$"s/figures/{file}"]);
            Assert.Equal(svg + "svg", doc.Root!.Name);
            Assert.True(doc.Descendants(svg + "polyline").Count() >= data.Groups.Count, file);
            var texts = doc.Descendants(svg + "text").Select(t => t.Value).ToList();
            Assert.Contains(texts, t => t == "iteration k");
            Assert.Contains(texts, t => t == "width=20");
            Assert.Contains(texts, t => t == "width=80");
        }
        var html = File.ReadAllText(dir["s/report.html"]);
        Assert.Contains("test report &lt;&amp;&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.Contains("Theorem check per setting", html);
    }

    [Fact]
    public void Log_axis_breaks_lines_at_non_positive_values()
    {
        var chart = new Chart("t", "x", "y", true, [new Series("s", [0, 1, 2, 3], [1, 0, 0.1, 0.01], "#000")]);
        var doc = XDocument.Parse(SvgWriter.Render(chart));
        var lines = doc.Descendants("{http://www.w3.org/2000/svg}polyline").ToList();
        Assert.Single(lines); // (0,1) alone is no line; (2, 0.1)–(3, 0.01) is
        Assert.Contains("no data", SvgWriter.Render(new Chart("t", "x", "y", true, [new Series("s", [0], [double.NaN], "#000")])));
    }

    [ChromiumFact]
    public void Report_renders_in_headless_chromium_with_its_figures_drawn()
    {
        using var dir = new TestData.TempDir();
        SmallSweep(dir);
        string url = new Uri(dir["s/report.html"]).AbsoluteUri;
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={dir["profile"]}"];
        var dom = RunChromium([.. flags, "--dump-dom", url]);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(dom, "<svg ").Count >= 5, "the rendered DOM should hold the five figures");
        RunChromium([.. flags, "--window-size=1200,1600", $"--screenshot={dir["shot.png"]}", url]);
        var (w, h, colours, nonWhite) = PngPixels.Read(dir["shot.png"]);
        Assert.Equal((1200, 1600), (w, h));
        Assert.True(colours > 50, $"only {colours} colours: the page looks blank");
        Assert.InRange(nonWhite, 0.02, 0.9);
    }

    private static string RunChromium(string[] args)
    {
        var psi = new ProcessStartInfo(ChromiumFactAttribute.Path, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "chromium did not finish in 60 s");
        return stdout.Result;
    }
}
