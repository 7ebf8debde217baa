using OverParam.Data;
using OverParam.Reproductions;
using OverParam.Sweeps;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Reporting;

/// <summary>Arora et al. (ICML 2019) on real Fashion-MNIST images: label noise against speed, movement, test error and the
/// complexity measure, on the quick reproduction.</summary>
public class Arora2019NaturalReproductionTests
{
    [Trait("Category", "Statistical")]
    [SkippableFact]
    public void On_fashion_mnist_true_labels_fit_faster_generalize_and_have_the_smaller_complexity()
    {
        Skip.IfNot(Directory.Exists(NaturalData.FashionMnistDir), $"{NaturalData.FashionMnistDir} is not there: install Debian's dataset-fashion-mnist");
        var (r, a) = SharedRuns.Run("reproduce", "arora2019", "--data", "fashion-mnist", "--quick"); // the README's example, run once
        Assert.True(r.ExitCode == 0, r.Err);
        var data = Aggregation.Load(new SweepFolder(a));
        var levels = Arora2019NaturalReproduction.Levels(data);
        Assert.Equal(Arora2019NaturalReproduction.NoiseLevels, levels.Select(l => l.Noise));
        // Measured on this quick setting (T-shirts vs trousers, n = 100, m = 1000, 200 steps, 2 seeds): L(K)/L(0) 0.043 vs
        // 0.58, movement/‖y‖ 0.75 vs 1.08, test error 0.031 vs 0.55, the measure 1.74 rising to 5.31 in order.
        Assert.True(levels[0].LossRatio < levels[^1].LossRatio / 5, $"{levels[0].LossRatio} vs {levels[^1].LossRatio}");
        Assert.True(levels[0].TestError < 0.1 && levels[^1].TestError > 0.35, $"{levels[0].TestError} vs {levels[^1].TestError}");
        Assert.True(levels[0].Complexity < levels[^1].Complexity / 2, $"{levels[0].Complexity} vs {levels[^1].Complexity}");

        // The measure as the report has it is gram's label_complexity for the same images and labels.
        var settings = data.Groups.First(g => g.Key["label_noise"] == "0").Trials[0].Trial.Settings;
        using var g = new TestData.TempDir();
        var gram = CliRunner.Run("gram", "--data", "fashion-mnist", "--classes", settings["classes"], "--n", settings["n"], "--normalize",
            "--no-gram", "--out", g["g"]);
        Assert.True(gram.ExitCode == 0, gram.Err);
        var s = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(g["g/summary.json"]))!;
        Assert.Equal((double)s["generalization_bound"]!, levels[0].Complexity, 1e-9 * levels[0].Complexity);

        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(a, "claims.json")))!;
        Assert.Equal("arora2019-natural-quick", (string)json["reproduction"]!);
        var list = json["claims"]!.AsArray();
        Assert.Equal(["true_labels_fitted_faster", "random_labels_move_further", "complexity_grows_with_noise", "complexity_tracks_test_error", "true_labels_generalize"],
            list.Select(c => (string)c!["id"]!).ToArray());
        Assert.All(list, c => Assert.True((bool)c!["holds"]!, c!.ToJsonString()));
        Assert.Contains("Per noise level", File.ReadAllText(Path.Combine(a, "report.html")));
    }

    [Fact]
    public void Spearman_is_one_for_the_same_order_minus_one_reversed_and_averages_ties()
    {
        Assert.Equal(1, Arora2019NaturalReproduction.Spearman([1, 2, 3, 4], [10, 20, 35, 90]), 1e-15);
        Assert.Equal(-1, Arora2019NaturalReproduction.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 1e-15);
        // ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): co-deviation 4.5, squared deviations 4.5 and 5 → 4.5/√22.5.
        Assert.Equal(4.5 / Math.Sqrt(22.5), Arora2019NaturalReproduction.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), 1e-15);
        Assert.True(double.IsNaN(Arora2019NaturalReproduction.Spearman([1, double.NaN], [1, 2])));
    }

    [Theory]
    [InlineData(new[] { "--data", "sphere" }, "is not a natural data set")]
    [InlineData(new[] { "--data", "fashion-mnist", "--classes", "0,1,2" }, "needs two classes")]
    public void Bad_options_are_refused_in_one_line(string[] options, string message)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["reproduce", "arora2019", "--quick", .. options, "--out", dir["a"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.ErrorLine());
    }
}
