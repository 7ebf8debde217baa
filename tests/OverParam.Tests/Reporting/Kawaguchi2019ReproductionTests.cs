using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Reproductions;
using OverParam.Tests.Cli;
using OverParam.Thresholds;

namespace OverParam.Tests.Reporting;

/// <summary>Kawaguchi &amp; Huang (2019) on real Fashion-MNIST images: natural vs random data, parameters against n, and the
/// loss floor of the output layer alone, on the quick reproduction.</summary>
public class Kawaguchi2019ReproductionTests
{
    private static readonly KawaguchiOptions Quick = new("fashion-mnist", Kawaguchi2019Reproduction.DefaultClasses, Quick: true, Seeds: 1);

    [Trait("Category", "Statistical")]
    [SkippableFact]
    public void On_fashion_mnist_the_claims_are_measured_and_claims_json_has_the_issues_names()
    {
        Skip.IfNot(Directory.Exists(NaturalData.FashionMnistDir), $"{NaturalData.FashionMnistDir} is not there: install Debian's dataset-fashion-mnist");
        using var dir = new TestData.TempDir();
        var (r, shared) = SharedRuns.Run("reproduce", "kawaguchi2019", "--quick"); // the README's example: one run for both tests
        Assert.True(r.ExitCode == 0, r.Err);
        SharedRuns.Copy(shared, dir["k"]); // resumed below: on a copy, so the README's test reads the run as it was
        var json = JsonNode.Parse(File.ReadAllText(dir["k/claims.json"]))!;
        Assert.Equal("kawaguchi2019-quick", (string)json["reproduction"]!);
        var claims = json["claims"]!.AsArray();
        Assert.Equal(["all_data_fitted", "natural_generalizes", "random_does_not_generalize",
                      "all_data_fitted_ten_classes", "natural_generalizes_ten_classes", "random_does_not_generalize_ten_classes",
                      "params_linear_in_n", "far_below_theorem", "last_layer_needs_n", "floor_is_least_squares", "cost_peaks_at_n"],
            claims.Select(c => (string)c!["id"]!).ToArray());
        // Every claim is decided (every layer trained: unless a run is still falling at the step cap). The claims that
        // linear algebra settles in the theorem's own setting must hold; the others are reported as measured (docs:
        // ten classes at n = 500 fall short of "far above chance" and one random-label run of 100% training accuracy).
        Assert.All(claims.Where(c => (string)c!["id"]! != "params_linear_in_n"), c => Assert.NotNull((bool?)c!["holds"]));
        foreach (var id in new[] { "last_layer_needs_n", "floor_is_least_squares", "natural_generalizes", "random_does_not_generalize", "random_does_not_generalize_ten_classes" })
            Assert.True((bool?)claims.Single(c => (string)c!["id"]! == id)!["holds"] == true, id);
        Assert.Equal("extension", (string)claims.Single(c => (string)c!["id"]! == "params_linear_in_n")!["kind"]!);
        Assert.Equal("illustration", (string)claims.Single(c => (string)c!["id"]! == "far_below_theorem")!["kind"]!);
        Assert.All(claims, c => Assert.NotEmpty(c!["criterion"]!.AsArray()));
        var measured = claims.SelectMany(c => c!["measured"]!.AsObject().Select(p => p.Key)).ToHashSet();
        foreach (var name in new[] { "test_accuracy_natural", "test_accuracy_random_labels", "test_accuracy_random_inputs", "train_accuracy_natural",
                     "train_accuracy_random_labels", "train_accuracy_random_inputs", "params_exponent", "params_exponent_ci_low", "params_exponent_ci_high",
                     "params_exponent_base_budget", "undecided_sizes", "rank_over_n", "width_exponent_pm1", "width_exponent_onehot10", "trajectory_error_max" })
            Assert.Contains(name, measured);
        // Every part has its own report, and the parts' claims are the whole's.
        foreach (var part in new[] { "natural-vs-random", "natural-vs-random-10", "last-layer", "threshold-all-random", "threshold-all-true" })
            Assert.True(File.Exists(dir[$"k/{part}/report.html"]), part);
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(dir["k/natural-vs-random/claims.json"]))!["claims"]!.AsArray().Count);
        var html = File.ReadAllText(dir["k/report.html"]);
        Assert.Contains("Natural vs random data", html);
        Assert.Contains("<svg", html);

        // Running again resumes: every trial is found done, and the claims are the same numbers.
        var again = CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--out", dir["k"]);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(File.ReadAllText(dir["k/claims.json"]))!.ToJsonString());
    }

    [Fact]
    public void The_parts_are_the_papers_settings_as_read()
    {
        var fit = Kawaguchi2019Reproduction.FitSpec(Quick);
        Assert.Equal("kawaguchi2019-fit-quick", fit.Name);
        Assert.Equal(["inputs", "labels", "data_seed", "seed"], fit.Axes.Select(a => a.Key).ToArray());
        Assert.Equal(("fc", "erf", "true", "true", "test"), (fit.Base["model"], fit.Base["activation"], fit.Base["normalize"], fit.Base["center"], fit.Base["test_split"]));
        var grid = Kawaguchi2019Reproduction.GridSpec(Quick);
        var trials = grid.Trials();
        Assert.Equal(("last", "random"), (grid.Base["train_layers"], grid.Base["labels"]));
        Assert.Equal(["n", "width", "classes", "seed"], grid.AxisNames);
        var ns = trials.Select(t => int.Parse(t.Settings["n"])).Distinct().ToArray();
        Assert.True(ns.Length >= 6 && Math.Log10(ns.Max() / (double)ns.Min()) >= 1.5, string.Join(",", ns)); // six sizes over 1.5 decades
        Assert.All(ns, n => Assert.Equal(Kawaguchi2019Reproduction.GridRatios.Length * 2 * 5, trials.Count(t => t.Settings["n"] == n.ToString())));
        Assert.Contains(trials, t => t.Settings["n"] == t.Settings["width"]); // the boundary m_H = n itself
        Assert.Equal(["0,1", "all"], trials.Select(t => t.Settings["classes"]).Distinct().ToArray()); // ±1 and one-hot
        var ten = Kawaguchi2019Reproduction.TenSpec(Quick);
        Assert.Equal(("all", "last"), (ten.Base["classes"], ten.Base["train_layers"]));
        Assert.True(int.Parse(ten.Base["n"]) >= 500 && int.Parse(ten.Base["width"]) >= int.Parse(ten.Base["n"])); // the guarantee, m_H ≥ n
        var searches = Kawaguchi2019Reproduction.ThresholdSpecs(Quick);
        Assert.Equal(["threshold-all-random", "threshold-all-true"], searches.Select(s => s.Folder).ToArray());
        Assert.All(searches, s => Assert.Equal(SuccessCriterion.Loss, s.Spec.Criterion));
        Assert.All(searches, s => s.Spec.Validate());
    }

    [Theory]
    [InlineData("--data", "sphere", "not a natural data set")]
    [InlineData("--classes", "3", "needs at least two classes")]
    [InlineData("--classes", "0,11", "--classes")]
    public void Bad_options_get_one_line_and_exit_code_2(string option, string value, string expected)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("reproduce", "kawaguchi2019", "--quick", option, value, "--out", dir["k"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    /// <summary>
    /// Part 1's claims judge chance as 1/K for K classes (K = the runs' outputs, 2 for ±1 labels): an exact check on made-up
    /// final accuracies (two seeds a data set, test accuracies ± 0.005).
    /// </summary>
    [Theory]
    [InlineData(3, 0.80, 0.34, true, true)] // chance 1/3: far above it is ≥ 1/3 + 0.6·2/3 = 0.733; 0.34 is at chance
    [InlineData(3, 0.70, 0.34, false, true)]
    [InlineData(3, 0.80, 0.50, true, false)] // 0.5 is 0.17 above 1/3: beyond 0.2/3
    [InlineData(1, 0.85, 0.34, true, false)] // ±1 labels: chance 1/2, and 0.34 is far below it
    [InlineData(1, 0.85, 0.45, true, true)]
    public void Chance_is_one_over_the_number_of_classes(int outputs, double natural, double random, bool generalizes, bool atChance)
    {
        var groups = new[] { ("images", "true", natural), ("images", "random", random), ("random", "random", random), ("random", "true", random) }
            .Select(g =>
            {
                var key = new Dictionary<string, string> { ["inputs"] = g.Item1, ["labels"] = g.Item2 };
                var trials = new[] { -0.005, 0.005 }.Select(delta => new OverParam.Sweeps.TrialData(new OverParam.Sweeps.Trial("t", key, key),
                    ["step", "loss", "train_accuracy", "test_accuracy"], [["0", "1", "0.5", "0.5"], ["10", "0.001", "1", (g.Item3 + delta).ToString(System.Globalization.CultureInfo.InvariantCulture)]],
                    new JsonObject { ["outputs"] = outputs })).ToList();
                var none = OverParam.Sweeps.Stat.Of([]);
                return new OverParam.Sweeps.GroupSummary(key, trials, 0, none, none, none, none, none, none, none);
            }).ToList();
        var fit = new OverParam.Sweeps.SweepData(["inputs", "labels"], [], [.. groups.SelectMany(g => g.Trials)], groups, []);
        Assert.All(Kawaguchi2019Claims.Fit(fit).Skip(1), c => Assert.NotEqual(true, c.Holds)); // no width and n: the guarantee is not measured
        var claims = Kawaguchi2019Claims.Fit(Kawaguchi2019Claims.FitMeasures(fit), Kawaguchi2019Claims.Classes(fit), widthOverN: 1.28).ToDictionary(c => c.Id);
        Assert.True(claims["all_data_fitted"].Holds);
        Assert.Equal(generalizes, claims["natural_generalizes"].Holds);
        Assert.Equal(atChance, claims["random_does_not_generalize"].Holds);
        Assert.Contains($"1/{Math.Max(outputs, 2)}", claims["random_does_not_generalize"].Statement);
    }
}
