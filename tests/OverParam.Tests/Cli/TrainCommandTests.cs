using System.Text.Json.Nodes;
using OverParam.Data;

namespace OverParam.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public void Train_writes_metrics_and_a_summary_with_the_certificate()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--n", "20", "--d", "4", "--labels", "gaussian", "--width", "300", "--steps", "30", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Du et al. ICLR 2019, Thm 4.1 (hidden constants set to 1)", r.Out);
        Assert.Contains("[FAIL] width: m = 300 vs required n⁶/(λ0⁴δ³)", r.Out);
        Assert.Contains("overparam: train · step 30/30 · ", r.Err); // plain progress lines when not on a terminal
        var header = File.ReadLines(dir["t/metrics.csv"]).First();
        Assert.Equal("step,loss,envelope,max_dist,r_prime,pattern_change,weight_dist_fro,max_output_dist,lambda_min_H,gram_drift,gram_dist_inf,kernel_residual,residual_gap", header);
        Assert.Equal(32, File.ReadLines(dir["t/metrics.csv"]).Count());
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        Assert.Equal(300, (int)s["settings"]!["width"]!);
        Assert.True((bool)s["settings"]!["lr_auto"]!);
        Assert.Equal(30, (int)s["steps_run"]!);
        Assert.False((bool)s["diverged"]!);
        Assert.NotNull(s["certificate"]!["bounds"]!["required_width"]);
        Assert.NotNull(s["certificate"]!["observed"]!["loss_under_envelope"]);
        Assert.NotNull(s["provenance"]!["overparam_version"]);
    }

    /// <summary>
    /// Every recorded column (loss, movement, patterns, Gram drift, the kernel prediction, held-out error) of the dual run
    /// equals the primal run's to float64 rounding: 1e-10 relative to the column's largest value (the bound).
    /// </summary>
    [Fact]
    public void Dual_and_primal_runs_record_the_same_metrics()
    {
        using var dir = new TestData.TempDir();
        string[] common = ["train", "--n", "30", "--d", "40", "--labels", "teacher", "--width", "200", "--steps", "40", "--gram-every", "10",
            "--test-n", "50", "--bias", "--train-output", "--refresh-every", "9"];
        var p = CliRunner.Run([.. common, "--form", "primal", "--out", dir["p"]]);
        var d = CliRunner.Run([.. common, "--out", dir["d"]]); // n < 2d: auto picks the dual form
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(0, d.ExitCode);
        var sp = JsonNode.Parse(File.ReadAllText(dir["p/summary.json"]))!["settings"]!;
        var sd = JsonNode.Parse(File.ReadAllText(dir["d/summary.json"]))!["settings"]!;
        Assert.Equal("primal", (string)sp["form"]!);
        Assert.Equal("dual", (string)sd["form"]!);
        Assert.True((bool)sd["form_auto"]!);
        Assert.Equal(9, (int)sd["refresh_every"]!);
        var rows = (Csv(dir["p/metrics.csv"]), Csv(dir["d/metrics.csv"]));
        Assert.Equal(rows.Item1[0], rows.Item2[0]);
        for (int c = 1; c < rows.Item1[0].Length; c++)
        {
            var a = rows.Item1.Skip(1).Select(r => r[c]).ToList();
            var b = rows.Item2.Skip(1).Select(r => r[c]).ToList();
            Assert.Equal(a.Select(v => v == ""), b.Select(v => v == ""));
            var x = a.Where(v => v != "").Select(double.Parse).ToList();
            var y = b.Where(v => v != "").Select(double.Parse).ToList();
            double scale = x.Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int k = 0; k < x.Count; k++)
                Assert.True(Math.Abs(x[k] - y[k]) <= 1e-10 * Math.Max(scale, 1e-300), $"{rows.Item1[0][c]} row {k}: {y[k]} vs {x[k]}");
        }
        static List<string[]> Csv(string path) => File.ReadLines(path).Select(l => l.Split(',')).ToList();
    }

    [Fact]
    public void Divergence_exits_1_and_keeps_the_metrics()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--n", "20", "--d", "3", "--labels", "gaussian", "--width", "50", "--lr", "100", "--steps", "300", "--out", dir["t"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("diverged at step", r.ErrorLine());
        Assert.True(File.Exists(dir["t/metrics.csv"]));
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--n", "5"], "training needs labels" },
        { ["--labels", "sign", "--lr", "-1"], "--lr must be a number > 0 or 'auto'" },
        { ["--labels", "sign", "--precision", "f16"], "--precision: expected one of f64, f32; got 'f16'" },
        { ["--labels", "sign", "--delta", "2"], "--delta must be in (0, 1)" },
        { ["--labels", "sign", "--init-b", "nothing.npy"], "biases given, but the model has none (add --bias)" },
        { ["--labels", "sign", "--bias", "--init-b", "nothing.npy"], "nothing.npy: no such file" },
        { ["--labels", "sign", "--init-scale", "0"], "--init-scale must be a finite number > 0" },
        { ["--labels", "sign", "--init-scale", "0.1", "--init-w", "w.npy"], "--init-scale and --init-w both set W(0)" },
        { ["--labels", "sign", "--model", "fc", "--init-scale", "0.1"], "--init-scale: an option of two-layer, not of fc, the model this run trains; leave it out or set --model" },
        { ["--labels", "sign", "--data", "circle", "--test-n", "10"], "--test-n draws held-out points for sphere data" },
        { ["--labels", "sign", "--test-n", "-1"], "--test-n must be ≥ 0" },
        { ["--labels", "sign", "--test-data", "x.npy"], "--test-data and --test-labels go together" },
        { ["--labels", "sign", "--test-n", "5", "--test-data", "x.npy", "--test-labels", "y.npy"], "--test-n and --test-data both give a held-out set" },
    };

    [Fact]
    public void Held_out_error_is_the_trained_weights_mean_squared_error_on_new_points()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--data", "sphere", "--n", "30", "--d", "4", "--labels", "teacher", "--width", "300", "--steps", "20",
            "--test-n", "50", "--save-weights", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith(",test_mse,test_kernel_gap", File.ReadLines(dir["t/metrics.csv"]).First());
        var s = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        // Independent reference: the final weights, saved as .npy, evaluated on the held-out points by a fresh network.
        var test = new OverParam.Data.DataSpec("sphere", "teacher", 30, 4, 0, false).LoadHeldOut(50);
        var w = new OverParam.Models.TwoLayerWeights(300, 4, OverParam.Data.Npy.Read(dir["t/final_W.npy"]).Data, OverParam.Data.Npy.Read(dir["t/final_a.npy"]).Data, null);
        var net = new OverParam.Models.TwoLayerNet<double>(test, new OverParam.Models.TwoLayerSpec(300, false, false), w, TestData.OpenBlas);
        Assert.Equal(2 * net.Forward() / 50, (double)s["final_test_mse"]!, 1e-12);
    }

    [Fact]
    public void The_conv_resnets_held_out_error_is_its_final_weights_error_on_the_new_points()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--data", "sphere", "--n", "12", "--d", "8", "--labels", "teacher", "--model", "conv-resnet", "--depth", "2",
            "--channels", "2", "--patch", "3", "--width", "8", "--steps", "20", "--test-n", "30", "--save-weights", "--out", dir["t"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var s = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        // Independent reference: a fresh network on the held-out points, given the saved final weights.
        var test = new OverParam.Data.DataSpec("sphere", "teacher", 12, 8, 0, false).LoadHeldOut(30);
        var spec = new OverParam.Architectures.DeepSpec(OverParam.Architectures.Architecture.ConvResNet, 2, OverParam.Architectures.Activation.ByName((string)s["settings"]!["activation"]!),
            (double)s["settings"]!["c_res"]!, Channels: 2, Patch: 3);
        using var net = new OverParam.Models.ConvResNet<double>(test, spec, 8, 99, TestData.OpenBlas);
        net.SetInitialWeights(OverParam.Models.NetworkWeights.Load(dir["t"], "final", net.WeightShapes));
        Assert.Equal(2 * net.Forward() / 30, (double)s["final_test_mse"]!, 1e-12);
    }

    [Fact]
    public void Held_out_files_give_the_same_error_as_the_same_points_drawn_with_test_n()
    {
        using var dir = new TestData.TempDir();
        var test = new OverParam.Data.DataSpec("sphere", "teacher", 30, 4, 0, false).LoadHeldOut(50);
        OverParam.Data.Npy.Write(dir["x.npy"], test.X, 50, 4);
        OverParam.Data.Npy.Write(dir["y.npy"], test.Y!, 50);
        string[] run = ["train", "--data", "sphere", "--n", "30", "--d", "4", "--labels", "teacher", "--width", "100", "--steps", "10"];
        var drawn = CliRunner.Run([.. run, "--test-n", "50", "--out", dir["a"]]);
        var files = CliRunner.Run([.. run, "--test-data", dir["x.npy"], "--test-labels", dir["y.npy"], "--out", dir["b"]]);
        Assert.Equal(0, drawn.ExitCode);
        Assert.Equal(0, files.ExitCode);
        double Final(string d) => (double)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(d, "summary.json")))!["final_test_mse"]!;
        Assert.Equal(Final(dir["a"]), Final(dir["b"]));
        OverParam.Data.Npy.Write(dir["x3.npy"], new double[150], 50, 3);
        var bad = CliRunner.Run([.. run, "--test-data", dir["x3.npy"], "--test-labels", dir["y.npy"], "--out", dir["c"]]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("x3.npy: 3 columns, but the training data has d = 4", bad.ErrorLine());
        Assert.False(Directory.Exists(dir["c"]));
    }

    [Fact]
    public void Small_initialization_starts_near_zero_output_and_is_recorded()
    {
        // Arora et al.'s setting: κ = 1e-3 makes u(0) ≈ 0, so L(0) ≈ ½‖y‖² = n/2 for sign labels.
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--data", "circle", "--n", "6", "--labels", "sign", "--width", "200", "--init-scale", "1e-3",
            "--steps", "50", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var s = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        Assert.Equal(1e-3, (double)s["settings"]!["init_scale"]!);
        // L(0) − 3 = −Σ y_i u_i(0) + O(κ²), whose sd is κ√(n/2) ≈ 1.7e-3 (at κ = 1 it would be 1.7): 0.01 is 6 sd.
        Assert.Equal(3.0, (double)s["initial_loss"]!, 0.01);
        Assert.True((double)s["final_loss"]! < (double)s["initial_loss"]!);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_with_one_line_and_no_folder(string[] args, string fragment)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["train", "--steps", "3", .. args, "--out", dir["t"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(fragment, r.ErrorLine());
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Initial_weights_of_the_wrong_shape_are_named()
    {
        using var dir = new TestData.TempDir();
        Npy.Write(dir["w.npy"], new double[12], 3, 4);
        var r = CliRunner.Run("train", "--n", "5", "--d", "4", "--labels", "sign", "--width", "10", "--init-w", dir["w.npy"], "--out", dir["t"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("w.npy: shape: (3, 4), expected (width, d) = (10, 4)", r.ErrorLine());
    }

    [Fact]
    public void Check_prints_the_bounds_without_training()
    {
        var r = CliRunner.Run("check", "--data", "circle", "--n", "5", "--labels", "sign", "--width", "1000", "--lr", "0.5");
        Assert.Equal(1, r.ExitCode); // the width and step hypotheses fail for m = 1000
        Assert.Contains("λ0 = 0.3", r.Out);
        Assert.Contains("required width  n⁶/(λ0⁴δ³) = 1.929E+09", r.Out);
        Assert.Contains("required step   λ0/n² = 0.012", r.Out);
        Assert.Contains("[FAIL] width", r.Out);
        var ok = CliRunner.Run("check", "--data", "circle", "--n", "5");
        Assert.Equal(0, ok.ExitCode);
        Assert.DoesNotContain("width:", ok.Out);
    }
}
