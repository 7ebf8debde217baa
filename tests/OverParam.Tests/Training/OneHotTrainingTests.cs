using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.Tests.Cli;
using OverParam.Tests.Data;

namespace OverParam.Tests.Training;

/// <summary>
/// <c>train</c> on more than two classes: one-hot targets n × d_y for every model (two-layer, fc, resnet, conv-resnet) and
/// for the output layer alone, on a tiny IDX data set of nine 4×4 images of seeded random pixels in three classes.
/// </summary>
public class OneHotTrainingTests
{
    /// <summary>An MNIST folder of nine 4×4 images (pixels from a seeded stream), labels 0, 1, 2, 0, 1, 2, …: n = 9 points
    /// in general position in d = 16.</summary>
    private static string RandomMnist(TestData.TempDir dir)
    {
        string d = dir["mnist"];
        Directory.CreateDirectory(d);
        var images = NaturalDataTests.ImagesIdx(9, 4, 4);
        new Random(7).NextBytes(images.AsSpan(16));
        byte[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        foreach (var prefix in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-images-idx3-ubyte"), images);
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-labels-idx1-ubyte"), NaturalDataTests.LabelsIdx(labels));
        }
        return d;
    }

    private static (JsonNode Summary, string[] Header, string[] Last) Train(TestData.TempDir dir, params string[] options)
    {
        string mnist = RandomMnist(dir);
        var r = CliRunner.Run(["train", "--data", $"mnist:{mnist}", "--classes", "0,1,2", "--normalize", .. options, "--out", dir["t"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = File.ReadAllLines(dir["t/metrics.csv"]);
        return (JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!, lines[0].Split(','), lines[^1].Split(','));
    }

    private static double Column(string[] header, string[] row, string name) =>
        double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(new[] { "--width", "400", "--steps", "3000" }, 400L * 16)]
    [InlineData(new[] { "--width", "200", "--train-output", "--bias", "--steps", "3000" }, 200L * 16 + 200 + 200 * 3)]
    [InlineData(new[] { "--model", "fc", "--depth", "2", "--activation", "erf", "--width", "64", "--steps", "3000" }, 64L * 16 + 64 * 64 + 64 * 3)]
    [InlineData(new[] { "--model", "conv-resnet", "--depth", "2", "--channels", "2", "--patch", "3", "--width", "16", "--steps", "20000" },
        16L * 3 * 2 + 16 * 3 * 16 + 16 * 8 * 3)]
    public void Every_model_fits_one_hot_targets_with_one_output_per_class(string[] model, long parameters)
    {
        using var dir = new TestData.TempDir();
        var (summary, header, last) = Train(dir, [.. model, "--tol", "1e-4"]);
        var settings = summary["settings"]!;
        Assert.Equal(parameters, (long)settings["parameters"]!);
        Assert.Equal(3, (int)summary["outputs"]!);
        Assert.Equal(1.0, Column(header, last, "train_accuracy"));
        Assert.True(Column(header, last, "loss") < 1e-4, $"loss {Column(header, last, "loss")}");
        // The theorems are for one output: the certificate says so rather than claiming them.
        var hypotheses = summary["certificate"]!["hypotheses"]!.AsObject();
        Assert.False((bool)hypotheses["scalar_output"]!["passed"]!);
    }

    [Fact]
    public void The_output_layer_alone_reaches_the_least_squares_floor_of_all_three_columns()
    {
        using var dir = new TestData.TempDir();
        // m = 4 < n = 9: the 4×3 output weights cannot interpolate 9 one-hot rows; GD stops at L*.
        var (summary, header, last) = Train(dir, "--model", "fc", "--depth", "2", "--activation", "erf", "--width", "4", "--train-layers", "last",
            "--steps", "20000", "--tol", "0");
        Assert.Equal(12L, (long)summary["settings"]!["parameters"]!);
        double lStar = (double)summary["least_squares"]!["loss"]!;
        Assert.False((bool)summary["least_squares"]!["interpolates"]!);
        Assert.True(lStar > 0.1, $"L* = {lStar}");
        Assert.Equal(lStar, Column(header, last, "loss"), 1e-6 * lStar);
        Assert.All(summary["certificate"]!["observed"]!.AsObject(), o => Assert.True((bool)o.Value!["passed"]!, o.Key));
    }

    /// <summary>
    /// The threshold finder on one-hot targets: the theorem's width is computed label-free (the kernel is the scalar one),
    /// and the output layer alone fits the 3 generic one-hot columns to 1e-8·L(0) from m = n on, with m·3 parameters.
    /// </summary>
    [Fact]
    public void The_threshold_finder_takes_one_hot_targets_and_the_output_layer_needs_m_equal_n()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["threshold", "--n", "6,9", "--data", $"mnist:{RandomMnist(dir)}", "--classes", "0,1,2", "--labels", "true",
            "--normalize", "--model", "fc", "--depth", "2", "--activation", "erf", "--train-layers", "last", "--criterion", "optimum", "--tol", "1e-8",
            "--steps", "0", "--seeds", "2", "--start-width", "4", "--out", dir["th"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = Thresholds.ThresholdCommandTests.Csv(dir["th/thresholds.csv"]);
        Assert.Equal(["6", "9"], rows.Select(row => row["m_star"]).ToArray());
        Assert.Equal(["18", "27"], rows.Select(row => row["params_star"]).ToArray());
    }

    /// <summary>
    /// The two-layer net's a of one-hot runs is saved as (m, K) and read back by --init-from (the same first loss), and a
    /// vector a given for K outputs is refused in one line naming the file and the shape expected.
    /// </summary>
    [Fact]
    public void One_hot_output_weights_round_trip_and_a_wrong_shape_is_refused()
    {
        using var dir = new TestData.TempDir();
        var (first, _, _) = Train(dir, "--width", "20", "--steps", "2", "--save-weights", "--seed", "4");
        Assert.Equal([20, 3], OverParam.Data.Npy.Read(dir["t/init_a.npy"]).Shape);
        string mnist = dir["mnist"];
        string[] run = ["train", "--data", $"mnist:{mnist}", "--classes", "0,1,2", "--normalize", "--width", "20", "--steps", "2"];
        var again = CliRunner.Run([.. run, "--init-from", dir["t"], "--seed", "9", "--out", dir["u"]]);
        Assert.True(again.ExitCode == 0, again.Err);
        var second = JsonNode.Parse(File.ReadAllText(dir["u/summary.json"]))!;
        Assert.Equal((double)first["initial_loss"]!, (double)second["initial_loss"]!);

        OverParam.Data.Npy.Write(dir["a.npy"], new double[20], 20);
        var bad = CliRunner.Run([.. run, "--init-a", dir["a.npy"], "--out", dir["v"]]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("a.npy", bad.ErrorLine());
        Assert.Contains("(20), expected a's (width, outputs) = (20, 3)", bad.ErrorLine());
    }
}
