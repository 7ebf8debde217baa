using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Tests.Cli;

public class DeepCommandTests
{
    [Fact]
    public void Gram_fc_kernel_of_depth_one_with_relu_on_the_circle_is_twice_H_infinity()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--kernel", "du2019-fc", "--depth", "1", "--activation", "relu", "--data", "circle", "--n", "5", "--out", dir["g"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0.6, Npy.Read(dir["g/eigenvalues.npy"]).Data[0], Tolerances.SmallEigen); // 2 × λ0 = 2 × 0.3
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        Assert.Equal("du2019-fc", (string)s["kernel"]!);
        Assert.False((bool)s["checks"]!["activation_lipschitz_smooth"]!["passed"]!); // ReLU is not smooth: said so
    }

    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void Train_deep_model_writes_per_layer_metrics_and_the_deep_certificate(string model)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--model", model, "--depth", "3", "--n", "12", "--d", "4", "--labels", "gaussian", "--width", "64",
            "--steps", "20", "--gram-every", "10", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(model == "fc" ? "Thm 5.1" : "Thm 6.1", r.Out);
        var header = File.ReadLines(dir["t/metrics.csv"]).First();
        Assert.Equal("step,loss,envelope,kernel_residual,residual_gap,lambda_min_GH,gh_drift,ntk_drift,lambda_min_features,dist_W1,dist_W2,dist_W3,dist_a", header);
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        Assert.Equal(model, (string)s["settings"]!["model"]!);
        Assert.NotNull(s["certificate"]!["bounds"]!["required_width"]);
        Assert.True((double)s["final_loss"]! < (double)s["initial_loss"]!);
    }

    /// <summary>
    /// λ_min(X_H X_Hᵀ) is exactly 0 in exact arithmetic when m &lt; n (rank ≤ m); in float64 its computed value is a few ε
    /// times λ_max ≈ n·max‖x^(H)‖² ~ 10, so below 1e-12. With m = 256 ≫ n = 12 the features are in general position.
    /// </summary>
    private const double RankDeficientFloor = 1e-12;

    [Theory]
    [InlineData(8, false)]
    [InlineData(256, true)]
    public void Feature_rank_metric_sees_a_last_layer_narrower_than_n(int width, bool fullRank)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--model", "fc", "--depth", "2", "--n", "12", "--d", "4", "--labels", "gaussian", "--width", width.ToString(),
            "--steps", "4", "--gram-every", "2", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        double min = (double)s["certificate"]!["min_lambda_min_features"]!;
        if (fullRank) Assert.True(min > 1e-4, $"m = {width}: {min}");
        else Assert.True(Math.Abs(min) < RankDeficientFloor, $"m = {width}: {min}");
    }

    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void Deep_held_out_error_at_step_0_is_the_initial_networks_error_on_the_held_out_points(string model)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--model", model, "--depth", "2", "--n", "20", "--d", "4", "--labels", "teacher", "--width", "32",
            "--steps", "5", "--gram-every", "0", "--test-n", "40", "--seed", "3", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var lines = File.ReadAllLines(dir["t/metrics.csv"]);
        int column = Array.IndexOf(lines[0].Split(','), "test_mse");
        Assert.True(column > 0, lines[0]);
        Assert.EndsWith(",test_mse,test_kernel_gap", lines[0]);
        double first = double.Parse(lines[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
        // Independent reference: a network built on the held-out points from the same seed has the same initial weights.
        var test = new DataSpec("sphere", "teacher", 20, 4, 0, false).LoadHeldOut(40);
        var spec = new OverParam.Architectures.DeepSpec(model == "fc" ? OverParam.Architectures.Architecture.Fc : OverParam.Architectures.Architecture.ResNet, 2,
            OverParam.Architectures.Activation.ByName("softplus"), 0.5);
        using var net = new OverParam.Models.DeepNet<double>(test, spec, 32, 3, TestData.OpenBlas);
        Assert.Equal(2 * net.Forward() / 40, first, 1e-12);
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        Assert.Equal(double.Parse(lines[^1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture), (double)s["final_test_mse"]!);
    }

    [Fact]
    public void Train_conv_resnet_uses_the_def_7_1_kernel_and_theorem_7_1()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--model", "conv-resnet", "--depth", "2", "--channels", "2", "--n", "10", "--d", "12", "--labels", "gaussian",
            "--width", "32", "--steps", "20", "--gram-every", "10", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Thm 7.1", r.Out);
        Assert.Contains("poly(p) as p", r.Out);
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        Assert.StartsWith("Def. 7.1", (string)s["settings"]!["kernel"]!);
        Assert.True((double)s["empirical_kernel"]!["lambda_min_KH"]! > 0);
        Assert.Equal(32, (int)s["empirical_kernel"]!["width"]!);
        Assert.Equal(2, (int)s["settings"]!["channels"]!);
        Assert.True((double)s["final_loss"]! < (double)s["initial_loss"]!);
        var bad = CliRunner.Run("train", "--model", "conv-resnet", "--channels", "5", "--n", "4", "--d", "12", "--labels", "sign", "--out", dir["u"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--channels 5 does not divide d = 12", bad.ErrorLine());
    }

    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    [InlineData("conv-resnet")]
    public void A_run_restarted_from_its_saved_weights_with_another_seed_writes_the_same_metrics(string model)
    {
        using var dir = new TestData.TempDir();
        string[] run = ["train", "--model", model, "--depth", "3", .. model == "conv-resnet" ? ["--channels", "2"] : Array.Empty<string>(), "--n", "12", "--d", "6",
            "--labels", "gaussian", "--width", "16", "--steps", "20", "--gram-every", "5"];
        Assert.Equal(0, CliRunner.Run([.. run, "--save-weights", "--out", dir["a"]]).ExitCode);
        var first = JsonNode.Parse(File.ReadAllText(dir["a/summary.json"]))!["files"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.Equal(["metrics.csv", "summary.json", "init_W1.npy", "init_W2.npy", "init_W3.npy", "init_a.npy",
            "final_W1.npy", "final_W2.npy", "final_W3.npy", "final_a.npy"], first);
        Assert.Equal(0, CliRunner.Run([.. run, "--seed", "7", "--init-from", dir["a"], "--out", dir["b"]]).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["a/metrics.csv"]), File.ReadAllBytes(dir["b/metrics.csv"]));
        Assert.Equal(0, CliRunner.Run([.. run, "--seed", "7", "--out", dir["c"]]).ExitCode); // the seed alone does change the run
        Assert.NotEqual(File.ReadAllBytes(dir["a/metrics.csv"]), File.ReadAllBytes(dir["c/metrics.csv"]));
        var w1 = OverParam.Data.Npy.Read(dir["a/init_W1.npy"]);
        Assert.Equal(model == "conv-resnet" ? [16, 3, 2] : [16, 6], w1.Shape);
        Assert.Equal(model == "conv-resnet" ? [16, 3] : [16], OverParam.Data.Npy.Read(dir["a/init_a.npy"]).Shape);
    }

    [Fact]
    public void A_two_layer_run_restarted_from_its_saved_weights_writes_the_same_metrics()
    {
        using var dir = new TestData.TempDir();
        string[] run = ["train", "--n", "12", "--d", "5", "--labels", "gaussian", "--width", "30", "--steps", "20", "--bias", "--train-output"];
        Assert.Equal(0, CliRunner.Run([.. run, "--save-weights", "--out", dir["a"]]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. run, "--seed", "7", "--init-from", dir["a"], "--out", dir["b"]]).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["a/metrics.csv"]), File.ReadAllBytes(dir["b/metrics.csv"]));
    }

    [Fact]
    public void Init_from_a_folder_of_another_shape_names_the_file()
    {
        using var dir = new TestData.TempDir();
        string[] run = ["train", "--model", "fc", "--n", "10", "--d", "4", "--labels", "sign", "--steps", "2"];
        Assert.Equal(0, CliRunner.Run([.. run, "--depth", "2", "--width", "8", "--save-weights", "--out", dir["a"]]).ExitCode);
        var wide = CliRunner.Run([.. run, "--depth", "2", "--width", "9", "--init-from", dir["a"], "--out", dir["b"]]);
        Assert.Equal(2, wide.ExitCode);
        Assert.Contains("init_W1.npy: shape: (8, 4), expected (9, 4)", wide.ErrorLine());
        var deeper = CliRunner.Run([.. run, "--depth", "3", "--width", "8", "--init-from", dir["a"], "--out", dir["b"]]);
        Assert.Equal(2, deeper.ExitCode);
        Assert.Contains("init_W3.npy: no such file", deeper.ErrorLine());
        Assert.False(Directory.Exists(dir["b"]));
    }

    [Fact]
    public void Two_layer_options_are_refused_for_deep_models()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--model", "fc", "--bias", "--labels", "sign", "--out", dir["t"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("overparam: error: --bias: an option of two-layer, not of fc, the model this run trains; leave it out or set --model", r.ErrorLine());
        Assert.False(Directory.Exists(dir["t"]));
    }

    [Fact]
    public void A_sweep_over_model_and_depth_runs_and_draws_the_depth_figures()
    {
        using var dir = new TestData.TempDir();
        const string spec = """
            base: { n: 10, d: 4, labels: gaussian, width: 48, steps: 10, gram_every: 0 }
            axes:
              model: [fc, resnet]
              depth: [1, 3]
            """;
        var folder = new SweepFolder(dir["s"]);
        var run = SweepRunner.Run(SweepSpec.Parse(spec, "deep.yaml"), folder, 1, TestData.OpenBlas, 1);
        Assert.Equal(4, run.RanOk);
        var data = Aggregation.Load(folder);
        Aggregation.Write(data, folder);
        OverParam.Reporting.SweepReport.Write(data, folder, "deep");
        Assert.True(File.Exists(dir["s/figures/lambda_vs_depth.svg"]));
        Assert.True(File.Exists(dir["s/figures/speed_vs_depth.svg"]));
        Assert.False(File.Exists(dir["s/figures/pattern_change.svg"])); // no such metric for deep models: no empty chart
    }

    [Fact]
    public void A_mixed_model_sweeps_aggregate_has_every_row_as_wide_as_its_header()
    {
        using var dir = new TestData.TempDir();
        const string spec = """
            base: { n: 8, d: 4, labels: gaussian, width: 16, depth: 2, steps: 4, gram_every: 2, channels: 2 }
            axes:
              model: [two-layer, fc, resnet, conv-resnet]
            """;
        var folder = new SweepFolder(dir["s"]);
        Assert.Equal(4, SweepRunner.Run(SweepSpec.Parse(spec, "mixed.yaml"), folder, 1, TestData.OpenBlas, 1).RanOk);
        var data = Aggregation.Load(folder);
        Aggregation.Write(data, folder);
        var lines = File.ReadAllLines(dir["s/aggregate.csv"]);
        var header = lines[0].Split(',');
        Assert.All(lines.Skip(1), l => Assert.Equal(header.Length, l.Split(',').Length));
        foreach (var c in new[] { "max_dist", "pattern_change", "lambda_min_GH", "dist_W2", "dist_a" }) Assert.Contains(c, header); // the union
        Assert.Equal(4 * 5, lines.Length - 1); // steps 0..4 of each of the four trials
        Assert.Throws<ArgumentException>(() => data.Done[0].Column("no_such_column"));
        Assert.All(data.Done.Where(t => t.Trial.Settings["model"] != "two-layer"), t => Assert.All(t.Column("max_dist"), v => Assert.True(double.IsNaN(v))));
    }

    [Fact]
    public void Bad_model_key_in_a_spec_is_named()
    {
        var e = Assert.Throws<InputException>(() => SweepSpec.Parse("axes:\n  model: [fc, cnn]\n", "s.yaml"));
        Assert.Contains("axes.model: expected two-layer, fc, resnet or conv-resnet, got 'cnn'", e.Message);
    }
}
