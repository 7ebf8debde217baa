using OverParam.Data;
using OverParam.Experiments;
using OverParam.Models;

namespace OverParam.Tests.Training;

/// <summary>Statistical agreement of finite networks with the theorems' infinite-width statements.</summary>
[Trait("Category", "Statistical")]
public class WideNetworkTests
{
    /// <summary>
    /// E[u_i(0)²] = ‖x_i‖²/2 for every m (THEORY.md §7.2). Over S = 4000 seeds the sample mean of u_i(0)² has standard
    /// deviation √(Var u²/S) ≤ √(2·0.25·(1 + 2/m)/4000) ≈ 0.012 for ‖x_i‖ = 1; 0.06 is 5 standard deviations.
    /// </summary>
    private const double SecondMomentTolerance = 0.06;

    [Fact]
    public void Initial_outputs_have_second_moment_half_the_squared_norm()
    {
        var data = Synthetic.Sphere(3, 4, 0);
        var x = (double[])data.X.Clone();
        for (int j = 0; j < 4; j++) x[4 + j] *= 2; // ‖x_1‖ = 2: E[u_1²] = 2
        data = (data with { X = x }).WithLabels(new double[3]);
        var spec = new TwoLayerSpec(16, false, false);
        var sum = new double[3];
        var u = new double[3];
        const int seeds = 4000;
        for (int s = 0; s < seeds; s++)
        {
            var net = new TwoLayerNet<double>(data, spec, TwoLayerWeights.Random(spec, 4, s), TestData.Managed);
            net.Forward();
            net.Predictions(u);
            for (int i = 0; i < 3; i++) sum[i] += u[i] * u[i];
        }
        Assert.Equal(0.5, sum[0] / seeds, SecondMomentTolerance);
        Assert.Equal(2.0, sum[1] / seeds, 4 * SecondMomentTolerance); // ‖x‖² = 4 scales the spread by 4
        Assert.Equal(0.5, sum[2] / seeds, SecondMomentTolerance);
    }

    /// <summary>max_k ‖(u(k) − y) − (I − ηH∞)^k(u(0) − y)‖ / ‖u(0) − y‖ over 100 steps.</summary>
    private static double MaxRelativeGap(int width)
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "gaussian", 10, 5, 3, false);
        var r = TrainJob.Run(TrainingTests.Spec(data, width, null, 100, seed: 1), TestData.OpenBlas, 2, dir["out"]);
        var gap = r.Outcome.Metrics["residual_gap"];
        double r0 = r.Outcome.Metrics["kernel_residual"][0], max = 0;
        foreach (var g in gap) max = Math.Max(max, g / r0);
        return max;
    }

    [Fact]
    public void Very_wide_network_follows_the_infinite_width_residual_and_narrower_ones_less_so()
    {
        // Deviations are O(1/√m) (Du et al. Remark 3.1): ×40 the width, about ×6 closer.
        double narrow = MaxRelativeGap(500), wide = MaxRelativeGap(20000);
        Assert.True(wide < 0.02, $"m = 20000: max relative gap {wide}");
        Assert.True(wide < narrow / 2, $"gap {narrow} at m = 500 vs {wide} at m = 20000");
    }

    [Fact]
    public void Gram_drift_is_small_for_wide_networks()
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "gaussian", 10, 5, 3, false);
        var r = TrainJob.Run(TrainingTests.Spec(data, 20000, null, 50, gramEvery: 10), TestData.OpenBlas, 2, dir["out"]);
        Assert.True(r.Checks.Observations.Single(o => o.Name == "lambda_min_H_above_half_lambda0").Passed);
        foreach (var drift in r.Outcome.Metrics["gram_drift"]) if (!double.IsNaN(drift)) Assert.True(drift < 0.05, $"drift {drift}");
    }
}
