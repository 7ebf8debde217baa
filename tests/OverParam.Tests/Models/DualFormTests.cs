using OverParam.Data;
using OverParam.Models;

namespace OverParam.Tests.Models;

/// <summary>The kernel (dual) form of the two-layer step against the primal form, step by step, from the same weights.</summary>
public class DualFormTests
{
    /// <summary>
    /// Float64: the two forms compute the same iterates through different products (n×n×m against two n×m×d), so they
    /// differ by the rounding of those sums, a few ε·‖·‖ per step, amplified by nothing in 30 contracting steps: 1e-10
    /// relative (the bound) leaves five orders of margin over the ~1e-15 per step observed.
    /// </summary>
    private const double SameIterates64 = 1e-10;

    /// <summary>
    /// Float32: each step's products round at ε32 ≈ 6e-8 relative in different orders; over 100 steps in which the loss
    /// falls more than 5-fold the relative difference of L stays near 1e-5. 1e-3 states the bound with margin.
    /// </summary>
    private const double SameIterates32 = 1e-3;

    /// <summary>Float32 drift of ΔZ from −K C with a refresh every 100 steps: one n×n×m product's rounding, ~5e-8 relative
    /// to max|Z| measured; without a refresh it grows about 1e-9 a step (1e-5 after 10,000 steps here).</summary>
    private const double RefreshedDrift = 5e-7;

    public static TheoryData<bool, bool, double> Variants() => new()
    {
        { false, false, 1.0 }, // Du et al.: a fixed
        { false, true, 1.0 },  // both layers trained
        { true, false, 1.0 },  // Jentzen & Kröger's biases: K of (x, 1)
        { true, true, 1.0 },
        { false, false, 0.01 }, // Arora et al.'s small initialization
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Dual_form_follows_the_primal_trajectory_step_by_step_in_float64(bool bias, bool trainOutput, double kappa)
    {
        var (data, spec, init) = Setup(bias, trainOutput, kappa);
        var primal = new TwoLayerNet<double>(data, spec, init, TestData.OpenBlas, StepForm.Primal);
        var dual = new TwoLayerNet<double>(data, spec, init, TestData.OpenBlas, StepForm.Dual, refreshEvery: 7);
        for (int k = 0; k <= 30; k++)
        {
            double lp = primal.Forward(), ld = dual.Forward();
            Close(lp, ld, SameIterates64, $"loss at step {k}");
            var (mp, fp, ap) = primal.WeightMovement();
            var (md, fd, ad) = dual.WeightMovement();
            Close(mp, md, SameIterates64, $"max_dist at step {k}");
            Close(fp, fd, SameIterates64, $"weight_dist_fro at step {k}");
            Close(ap, ad, SameIterates64, $"max_output_dist at step {k}");
            Assert.Equal(primal.PatternChange(), dual.PatternChange());
            primal.Backward();
            dual.Backward();
            primal.Update(0.3);
            dual.Update(0.3);
        }
        var (wp, wd) = (primal.Weights(), dual.Weights());
        double scale = wp.W.Max(Math.Abs);
        for (int j = 0; j < wp.W.Length; j++) Assert.True(Math.Abs(wp.W[j] - wd.W[j]) <= SameIterates64 * scale, $"W[{j}]");
        if (bias)
            for (int r = 0; r < spec.Width; r++) Close(wp.B![r], wd.B![r], SameIterates64, $"b[{r}]", scale);
        for (int r = 0; r < spec.Width; r++) Close(wp.A[r], wd.A[r], SameIterates64, $"a[{r}]");
    }

    [Fact]
    public void Dual_form_follows_the_primal_trajectory_in_float32_within_the_stated_bound()
    {
        var (data, spec, init) = Setup(bias: true, trainOutput: true, kappa: 1);
        var primal = new TwoLayerNet<float>(data, spec, init, TestData.OpenBlas, StepForm.Primal);
        var dual = new TwoLayerNet<float>(data, spec, init, TestData.OpenBlas, StepForm.Dual, refreshEvery: 10);
        double first = 0, last = 0;
        for (int k = 0; k <= 100; k++)
        {
            double lp = primal.Forward(), ld = dual.Forward();
            if (k == 0) first = lp;
            last = lp;
            Close(lp, ld, SameIterates32, $"loss at step {k}");
            primal.Backward();
            dual.Backward();
            primal.Update(0.3f);
            dual.Update(0.3f);
        }
        Assert.True(last < first / 5, $"the loss should fall: {first} → {last}");
    }

    [Fact]
    public void Refreshing_keeps_the_float32_drift_bounded_over_ten_thousand_steps()
    {
        var (data, spec, init) = Setup(bias: false, trainOutput: false, kappa: 1);
        var refreshed = new TwoLayerNet<float>(data, spec, init, TestData.OpenBlas, StepForm.Dual, refreshEvery: 100);
        var never = new TwoLayerNet<float>(data, spec, init, TestData.OpenBlas, StepForm.Dual, refreshEvery: 0);
        double worst = 0;
        for (int k = 1; k <= 10_000; k++)
        {
            foreach (var net in new[] { refreshed, never })
            {
                net.Forward();
                net.Backward();
                net.Update(0.5f);
            }
            if (k % 1000 == 0) worst = Math.Max(worst, refreshed.DualDrift());
        }
        Assert.True(worst < RefreshedDrift, $"drift {worst} with a refresh every 100 steps");
        Assert.True(never.DualDrift() > 10 * worst, $"without a refresh the drift {never.DualDrift()} should grow past {worst}");
    }

    [Theory]
    [InlineData(100, 49, StepForm.Primal)]
    [InlineData(100, 50, StepForm.Primal)]
    [InlineData(100, 51, StepForm.Dual)]
    [InlineData(500, 3072, StepForm.Dual)]
    public void Auto_picks_the_form_with_fewer_flops(int n, int d, StepForm expected)
    {
        Assert.Equal(expected, StepForms.Cheaper(n, d));
    }

    private static (Dataset, TwoLayerSpec, TwoLayerWeights) Setup(bool bias, bool trainOutput, double kappa)
    {
        var data = Synthetic.Sphere(24, 40, 5);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 5));
        var spec = new TwoLayerSpec(64, bias, trainOutput, kappa);
        return (data, spec, TwoLayerWeights.Random(spec, data.D, 2));
    }

    private static void Close(double expected, double actual, double tolerance, string what, double? scale = null)
    {
        double s = scale ?? Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(s, 1e-300), $"{what}: {actual} vs {expected}");
    }
}
