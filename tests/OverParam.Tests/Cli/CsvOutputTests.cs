using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.IO;
using OverParam.Reproductions;
using OverParam.Sweeps;

namespace OverParam.Tests.Cli;

/// <summary>
/// Every kind of CSV the tool writes (metrics.csv, curve.csv, aggregate.csv, summary.csv, thresholds.csv, runs.csv) loads
/// in one line with <c>np.genfromtxt(path, delimiter=',', names=True)</c> and with <c>csv.DictReader</c>, to the same
/// numbers, even where an axis value holds a comma and a '#'. (The README's examples check the reproductions' CSVs the
/// same way: <see cref="ReadmeExamplesTests"/>.) And summary.csv holds what the claims are about.
/// </summary>
public class CsvOutputTests
{
    [SkippableFact]
    public void Every_csv_of_train_predict_sweep_and_threshold_loads_in_numpy_and_dictreader()
    {
        Skip.If(PythonNumpy.WhyMissing != null, PythonNumpy.WhyMissing);
        using var dir = new TestData.TempDir();
        // A data file whose path has a comma and a '#': the sweep's data axis takes it as a value.
        string odd = dir["odd, #dir"];
        Directory.CreateDirectory(odd);
        File.WriteAllText(Path.Combine(odd, "x.csv"), "x1,x2,x3\n1,0,0\n0,1,0\n0,0,1\n0.6,0.8,0\n0,0.6,0.8\n0.8,0,0.6\n");
        File.WriteAllText(dir["s.yaml"], $$"""
            name: odd
            base: { n: 6, d: 3, labels: sign, width: 20, steps: 10 }
            axes:
              data: [sphere, '{{Path.Combine(odd, "x.csv")}}']
              seed: [0, 1]
            """);
        string[][] runs =
        [
            ["train", "--n", "12", "--d", "3", "--labels", "teacher", "--width", "40", "--steps", "20", "--test-n", "5", "--out", dir["out/train"]],
            ["predict", "--n", "20", "--d", "3", "--labels", "teacher", "--test-n", "10", "--steps", "10", "--out", dir["out/predict"]],
            ["sweep", dir["s.yaml"], "--out", dir["out/sweep"]],
            ["threshold", "--n", "8,12", "--data", "sphere", "--labels", "gaussian", "--d", "3", "--model", "fc", "--depth", "2", "--activation", "erf",
                "--train-layers", "last", "--criterion", "optimum", "--tol", "1e-8", "--steps", "0", "--seeds", "2", "--start-width", "4", "--out", dir["out/threshold"]],
        ];
        foreach (var args in runs)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}\n{r.Err}");
        }
        var files = PythonNumpy.AssertCsvsLoad(dir["out"]).Select(f => Path.GetRelativePath(dir["out"], f)).ToHashSet();
        foreach (var f in new[] { "train/metrics.csv", "predict/curve.csv", "sweep/aggregate.csv", "sweep/summary.csv", "threshold/thresholds.csv", "threshold/runs.csv" })
            Assert.Contains(f, files);
        Assert.Contains(files, f => f.StartsWith("sweep/trials/", StringComparison.Ordinal) && f.EndsWith("metrics.csv", StringComparison.Ordinal));
        // The axis value is written with ';' for ',' and '_' for '#'; sweep.json keeps it exactly.
        Assert.Contains(CsvTable.Label(Path.Combine(odd, "x.csv")), File.ReadAllText(dir["out/sweep/summary.csv"]));
        Assert.Contains("odd;", File.ReadAllText(dir["out/sweep/aggregate.csv"]));
        Assert.Contains(Path.Combine(odd, "x.csv"), new SweepFolder(dir["out/sweep"]).ReadTrials().Trials.Select(t => t.Axes["data"]));
    }

    /// <summary>
    /// Kawaguchi &amp; Huang's natural vs random part: summary.csv has the test and train accuracy of each setting, the same
    /// numbers the claims read (an exact check on made-up runs: two seeds a data set).
    /// </summary>
    [Fact]
    public void Natural_vs_random_summary_csv_has_the_accuracies_its_claims_read()
    {
        using var dir = new TestData.TempDir();
        var inv = CultureInfo.InvariantCulture;
        var settings = new[] { ("images", "true", 0.91), ("images", "random", 0.52), ("random", "random", 0.47), ("random", "true", 0.5) };
        var groups = settings.Select(g =>
        {
            var key = new Dictionary<string, string> { ["inputs"] = g.Item1, ["labels"] = g.Item2 };
            var trials = new[] { -0.01, 0.02 }.Select(delta => new TrialData(new Trial($"{g.Item1}-{g.Item2}-{delta}", key, key),
                ["step", "loss", "train_accuracy", "test_accuracy"],
                [["0", "4", "0.5", "0.5"], ["10", "0.002", "1", (g.Item3 + delta).ToString("R", inv)]],
                new JsonObject { ["outputs"] = 1, ["diverged"] = false, ["final_loss"] = 0.002 })).ToList();
            var none = Stat.Of([]);
            return new GroupSummary(key, trials, 0, none, none, none, none, none, none, none);
        }).ToList();
        var data = new SweepData(["inputs", "labels"], [], [.. groups.SelectMany(g => g.Trials)], groups, []);
        var folder = new SweepFolder(dir["fit"]);
        Directory.CreateDirectory(folder.Dir);
        Aggregation.Write(data, folder);

        var rows = Thresholds.ThresholdCommandTests.Csv(dir["fit/summary.csv"]);
        var measured = Kawaguchi2019Claims.FitMeasures(data);
        foreach (var (inputs, labels, name) in new[] { ("images", "true", "natural"), ("images", "random", "random_labels"), ("random", "random", "random_inputs") })
        {
            var row = rows.Single(r => r["inputs"] == inputs && r["labels"] == labels);
            Assert.Equal(measured[$"test_accuracy_{name}"], double.Parse(row["test_accuracy_mean"], inv));
            Assert.Equal(measured[$"train_accuracy_{name}"], double.Parse(row["train_accuracy_mean"], inv));
            Assert.Equal(measured[$"loss_ratio_{name}"], double.Parse(row["loss_ratio_mean"], inv));
            // The claims' standard error is the sd over seeds / √seeds.
            Assert.Equal(measured[$"test_accuracy_se_{name}"], double.Parse(row["test_accuracy_sd"], inv) / Math.Sqrt(2), 15);
        }
        Assert.DoesNotContain("test_mse_mean", rows[0].Keys); // a quantity no run records has no columns
        Assert.DoesNotContain("least_squares_loss_mean", rows[0].Keys);
    }
}
