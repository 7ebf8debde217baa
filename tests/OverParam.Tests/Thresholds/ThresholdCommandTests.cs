using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Thresholds;

/// <summary>
/// <c>overparam threshold</c> end to end: its recorded success fractions are what <c>overparam train</c> gives when rerun by
/// hand, a search killed with SIGKILL resumes to the same tables, and bad options get one line and exit code 2.
/// </summary>
public class ThresholdCommandTests
{
    /// <summary>Small runs (n ≤ 40, d = 5): a whole search takes seconds.</summary>
    private static readonly string[] Data = ["--data", "sphere", "--labels", "gaussian", "--d", "5", "--steps", "1500"];

    private static string[] Search(string outDir, string sizes = "20,40", int seeds = 3) =>
        ["threshold", "--n", sizes, .. Data, "--seeds", seeds.ToString(CultureInfo.InvariantCulture), "--tol", "0.01", "--out", outDir];

    /// <summary>A CSV's rows by column name (the tool's own reader, RFC 4180).</summary>
    internal static List<Dictionary<string, string>> Csv(string path)
    {
        using var csv = OverParam.IO.CsvReader.Open(path);
        var rows = csv.ReadAll();
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>
    /// The optimum criterion on the output layer alone is an exact oracle: Gaussian labels are generic, so the least-squares
    /// loss on m &lt; n features is ½‖(I − P_Φ)y‖² &gt; 0 and the first width that fits them to 1e-8·L(0) is m = n itself. Each
    /// run's parameter count is its m trained output weights.
    /// </summary>
    [Fact]
    public void The_output_layer_alone_fits_generic_labels_exactly_from_m_equal_n()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["threshold", "--n", "12,24", "--data", "sphere", "--labels", "gaussian", "--d", "5", "--model", "fc", "--depth", "2",
            "--activation", "erf", "--train-layers", "last", "--criterion", "optimum", "--tol", "1e-8", "--steps", "0", "--seeds", "2",
            "--start-width", "4", "--out", dir["th"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = Csv(dir["th/thresholds.csv"]);
        Assert.Equal(["12", "24"], rows.Select(row => row["m_star"]).ToArray());
        Assert.Equal(["12", "24"], rows.Select(row => row["params_star"]).ToArray());
        Assert.Equal(["11", "23"], rows.Select(row => row["m_below"]).ToArray());
        Assert.Contains("least-squares optimum", File.ReadAllText(dir["th/report.html"]));

        var bad = CliRunner.Run(["threshold", "--n", "12", "--criterion", "optimum", "--out", dir["bad"]]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--criterion optimum is for --train-layers last", bad.Err);
    }

    [Fact]
    public void Rerunning_train_by_hand_at_m_star_and_m_below_reproduces_the_recorded_success_fractions()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(Search(dir["th"]));
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = Csv(dir["th/thresholds.csv"]);
        Assert.Equal(2, rows.Count);
        int checkedWidths = 0;
        foreach (var row in rows)
        {
            Assert.NotEqual("", row["m_star"]);
            foreach (var (width, fraction) in new[] { (row["m_star"], row["success_at_m_star"]), (row["m_below"], row["success_at_m_below"]) })
            {
                if (width == "") continue;
                int ok = 0;
                for (int seed = 0; seed < 3; seed++)
                {
                    string run = dir[$"by-hand-{row["n"]}-{width}-{seed}"];
                    var t = CliRunner.Run(["train", "--n", row["n"], .. Data, "--width", width, "--seed", seed.ToString(CultureInfo.InvariantCulture),
                        "--rel-tol", "0.01", "--gram-every", "0", "--out", run]);
                    Assert.True(t.ExitCode == 0, t.Err);
                    var s = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
                    if (!(bool)s["diverged"]! && (double)s["final_loss"]! <= 0.01 * (double)s["initial_loss"]!) ok++;
                }
                Assert.Equal(double.Parse(fraction, CultureInfo.InvariantCulture), ok / 3.0, 12);
                checkedWidths++;
            }
        }
        Assert.True(checkedWidths >= 3, "m_below exists at some n (the search brackets m*)");

        // Every run is listed once; the fit, the figures and the report are there.
        var runs = Csv(dir["th/runs.csv"]);
        Assert.Equal(rows.Sum(x => 3 * int.Parse(x["widths_tried"], CultureInfo.InvariantCulture)), runs.Count);
        Assert.Equal(runs.Count, runs.Select(x => (x["n"], x["width"], x["seed"])).Distinct().Count());
        var fit = JsonNode.Parse(File.ReadAllText(dir["th/fit.json"]))!;
        foreach (var key in new[] { "m_star", "params_star" })
            foreach (var field in new[] { "exponent", "ci_low", "ci_high" })
                Assert.True(fit[key]![field] != null, $"fit.json {key}.{field}");
        // thresholds.csv holds numbers only: the theorem's name and the widths its non_monotone column counts are in fit.json.
        Assert.StartsWith("Du et al. ICLR 2019, Thm 4.1", (string)fit["theorem"]!);
        var nonMonotone = fit["non_monotone"]!.AsArray();
        Assert.Equal(rows.Select(x => x["n"]), nonMonotone.Select(e => ((int)e!["n"]!).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(rows.Select(x => x["non_monotone"]), nonMonotone.Select(e => e!["widths"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(OverParam.Thresholds.ThresholdFiles.ThresholdColumns, rows[0].Keys);
        Assert.True(File.Exists(dir["th/figures/threshold.svg"]) && File.Exists(dir["th/report.html"]));
        Assert.Contains("m* measured", File.ReadAllText(dir["th/figures/threshold.csv"]));

        // Run again: nothing reruns, and the tables are the same.
        string before = File.ReadAllText(dir["th/thresholds.csv"]);
        var again = CliRunner.Run(Search(dir["th"]));
        Assert.Contains("(0 run now in 0 round(s)", again.Out);
        Assert.Equal(before, File.ReadAllText(dir["th/thresholds.csv"]));
    }

    [Fact]
    public void A_search_killed_with_sigkill_resumes_to_the_same_thresholds_and_runs()
    {
        using var dir = new TestData.TempDir();
        string[] args = Search(dir["killed"], "20,30,40", 2);
        using (var p = Process.Start(new ProcessStartInfo("dotnet", ["exec", typeof(OverParam.Cli.App).Assembly.Location, .. args, "--jobs", "1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(120) && !p.HasExited)
            {
                if (Directory.Exists(dir["killed/trials"]) && Directory.GetFiles(dir["killed/trials"], "summary.json", SearchOption.AllDirectories).Length >= 8) break;
                Thread.Sleep(5);
            }
            Assert.False(p.HasExited, "the search finished before it could be killed");
            p.Kill(entireProcessTree: true); // SIGKILL
            p.WaitForExit();
        }
        Assert.False(File.Exists(dir["killed/thresholds.csv"]));
        var resumed = CliRunner.Run(args);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        var clean = CliRunner.Run(Search(dir["clean"], "20,30,40", 2));
        Assert.True(clean.ExitCode == 0, clean.Err);
        Assert.Equal(File.ReadAllText(dir["clean/thresholds.csv"]), File.ReadAllText(dir["killed/thresholds.csv"]));
        Assert.Equal(File.ReadAllText(dir["clean/runs.csv"]), File.ReadAllText(dir["killed/runs.csv"]));
        Assert.Empty(Directory.GetDirectories(dir["killed/trials"], ".*")); // no staging folder left behind
    }

    [Fact]
    public void Natural_data_without_labels_is_searched_on_its_own_labels_as_train_trains_it()
    {
        // The sweep vocabulary's default label, gaussian, once put synthetic labels on the images without a word.
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("threshold", "--data", "fashion-mnist", "--classes", "0,1", "--n", "8", "--seeds", "1", "--steps", "1",
            "--start-width", "2", "--max-width", "2", "--out", dir["t"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal("true", (string)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["t/threshold.json"]))!["settings"]!["labels"]!);
        var spec = OverParam.Sweeps.SweepSpec.Parse("name: s\nbase: { data: fashion-mnist, classes: \"0,1\" }\naxes: { seed: [0] }\n", "s.yaml");
        Assert.Equal("true", spec.Trials()[0].Settings["labels"]);
        Assert.Equal("gaussian", OverParam.Sweeps.SweepSpec.Parse("name: s\nbase: { data: sphere }\naxes: { seed: [0] }\n", "s.yaml").Trials()[0].Settings["labels"]);
    }

    [Fact]
    public void Quick_is_the_readme_search_and_sizes_are_required_without_it()
    {
        using var dir = new TestData.TempDir();
        // Both are docs/usage.md's examples, as ReadmeExamplesTests runs them: the same runs (SharedRuns), read by both tests.
        var (quick, q) = SharedRuns.Run("threshold", "--quick");
        var (spelled, s) = SharedRuns.Run("threshold", "--n", "25,50,100", "--d", "10", "--seeds", "3", "--steps", "2000", "--tol", "0.01");
        Assert.True(quick.ExitCode == 0 && spelled.ExitCode == 0, quick.Err + spelled.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(s, "thresholds.csv")), File.ReadAllText(Path.Combine(q, "thresholds.csv")));
        var none = CliRunner.Run("threshold", "--out", dir["n"]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--n: the sizes are required", none.ErrorLine());
        Assert.False(Directory.Exists(dir["n"]));
    }

    [Theory]
    [InlineData("--n", "20,x", "--n: expected sizes ≥ 1")]
    [InlineData("--n", "20,20", "given twice")]
    [InlineData("--tol", "2", "--tol must be in (0, 1)")]
    [InlineData("--success", "0", "--success must be in (0, 1]")]
    [InlineData("--criterion", "accuracy", "--criterion accuracy needs natural data with its own labels")]
    [InlineData("--activation", "cosine", "--activation: expected")]
    [InlineData("--c-res", "1.5", "--c-res: expected a number in (0, 1)")]
    [InlineData("--max-width", "4", "--max-width (4) must be at least --start-width (16)")]
    public void Bad_options_get_one_line_and_exit_code_2(string option, string value, string expected)
    {
        using var dir = new TestData.TempDir();
        var args = Search(dir["th"]).ToList();
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value;
        else args.AddRange([option, value]);
        var r = CliRunner.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.ErrorLine());
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(dir["th"]), "a refused search writes nothing");
    }
}
