using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.Numerics;
using OverParam.Tests.Cli;
using OverParam.Training;

namespace OverParam.Tests.Training;

/// <summary>
/// <c>--train-layers last</c>: with the hidden layers fixed, u = Φa is linear in a and GD follows r(k) = (I − ηΦΦᵀ)^k r(0)
/// exactly (an exact oracle for the output-only step); the loss never goes below the least-squares optimum L*, which is 0
/// exactly when rank Φ = n and positive when m &lt; n.
/// </summary>
public class OutputLayerTrainingTests
{
    /// <summary>The trained residual against (I − ηΦΦᵀ)^k r(0), relative to ‖r(0)‖: two float64 recurrences of a few hundred
    /// steps, each product of n·m terms, drift apart by about k·n·ε ≈ 1e-11.</summary>
    private const double ExactDynamics = 1e-9;

    private static (JsonNode Summary, Dictionary<string, double[]> Columns) Run(TestData.TempDir dir, params string[] options)
    {
        var r = CliRunner.Run(["train", "--n", "40", "--d", "5", "--labels", "gaussian", "--steps", "300", "--train-layers", "last", .. options, "--out", dir["t"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = File.ReadAllLines(dir["t/metrics.csv"]);
        var header = lines[0].Split(',');
        var columns = header.Select((h, j) => (h, j)).ToDictionary(p => p.h, p => lines.Skip(1)
            .Select(l => l.Split(',')[p.j] is { Length: > 0 } v ? double.Parse(v, CultureInfo.InvariantCulture) : double.NaN).ToArray());
        return (JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!, columns);
    }

    [Theory]
    [InlineData("fc", "relu", 20)]
    [InlineData("resnet", "softplus", 80)]
    public void The_output_layer_alone_follows_the_features_gram_exactly_and_the_hidden_layers_stay(string model, string sigma, int width)
    {
        using var dir = new TestData.TempDir();
        var (summary, c) = Run(dir, "--model", model, "--depth", "2", "--activation", sigma, "--width", width.ToString(CultureInfo.InvariantCulture));
        double r0 = c["kernel_residual"][0];
        Assert.All(c["residual_gap"], g => Assert.True(g <= ExactDynamics * r0, $"gap {g} vs ‖r(0)‖ = {r0}"));
        Assert.All(c["dist_W1"], v => Assert.Equal(0, v));
        Assert.All(c["dist_W2"], v => Assert.Equal(0, v));
        Assert.True(c["dist_a"][^1] > 0);
        var ls = summary["least_squares"]!;
        Assert.Equal("last", (string)summary["train_layers"]!);
        Assert.Equal(Math.Min(40, width), (int)ls["feature_rank"]!);
        Assert.Equal(width >= 40, (bool)ls["interpolates"]!);
        double lStar = (double)ls["loss"]!;
        Assert.True(width >= 40 ? lStar < 1e-9 : lStar > 0.1, $"L* = {lStar}");
        Assert.All(c["loss"], l => Assert.True(l >= lStar - 1e-9 * c["loss"][0]));
        Assert.All(summary["certificate"]!["observed"]!.AsObject(), o => Assert.True((bool)o.Value!["passed"]!, o.Key));
    }

    [Fact]
    public void The_least_squares_optimum_is_the_normal_equations_residual()
    {
        // Φ (n×m, m < n) with full column rank: a* = (ΦᵀΦ)⁻¹Φᵀy, L* = ½‖Φa* − y‖².
        const int n = 12, m = 5;
        var la = TestData.OpenBlas;
        var phi = TestData.Gaussian(n * m, 3);
        var y = TestData.Gaussian(n, 4);
        var ls = FeatureLeastSquares.Of(phi, n, m, y, la);
        var normal = new double[m * m];
        la.Gemm(Op.Transpose, Op.None, m, m, n, 1.0, phi, m, phi, m, 0.0, normal, m);
        Assert.Equal(0, la.CholeskyLower(normal, m));
        var a = new double[m];
        la.Gemm(Op.None, Op.None, 1, m, n, 1.0, y, n, phi, m, 0.0, a, m); // Φᵀy as a row
        la.CholeskySolve(normal, m, a, 1);
        double expected = 0;
        for (int i = 0; i < n; i++)
        {
            double r = -y[i];
            for (int j = 0; j < m; j++) r += phi[i * m + j] * a[j];
            expected += r * r / 2;
        }
        Assert.Equal(expected, ls.Loss, 1e-10 * expected);
        Assert.Equal(m, ls.Rank);
        Assert.False(ls.Interpolates(n));
        Assert.True(Math.Abs(ls.LambdaMin) < 1e-12 * ls.LambdaMax);
    }

    [Theory]
    [InlineData(new[] { "--width", "10" }, "--train-layers last is for the fc and resnet models")]
    [InlineData(new[] { "--model", "conv-resnet", "--channels", "1", "--width", "4" }, "--train-layers last is for the fc and resnet models")]
    public void Models_without_an_output_only_step_are_refused_in_one_line(string[] options, string message)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["train", "--n", "10", "--d", "5", "--labels", "gaussian", "--steps", "2", "--train-layers", "last", .. options, "--out", dir["t"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.ErrorLine());
    }
}
