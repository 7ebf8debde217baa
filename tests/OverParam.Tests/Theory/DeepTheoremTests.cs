using OverParam.Theory;

namespace OverParam.Tests.Theory;

/// <summary>Theorems 5.1, 6.1 and 7.1's bounds against values worked by hand (n = 2, λ = 0.5, H = 2, δ = 0.1).</summary>
public class DeepTheoremTests
{
    private const double Exact = 1e-12; // a handful of floating-point operations
    private static readonly double LogTerm = 4 * Math.Log(40) / 0.25; // n² log(Hn/δ)/λ² = 59.02

    [Fact]
    public void Fc_width_is_two_to_the_H_times_the_largest_term_and_step_is_lambda_over_n_squared_two_to_the_H()
    {
        var t = new DeepTheorem(OverParam.Experiments.DeepArchitectures.Fc.Theorem, 2, 10, 2, 0.5, 0.01, 0.1);
        Assert.Equal(4 * 256.0, t.RequiredWidth, Exact);         // 2^H · n⁴/λ⁴ = 4 · 16/0.0625
        Assert.Equal(0.5 / 16, t.RequiredStep, Exact);           // λ/(n² 2^H)
        Assert.Equal(1 - 0.01 * 0.5 / 2, t.Contraction, Exact);
    }

    [Fact]
    public void Resnet_width_drops_the_exponential_and_step_grows_with_H_squared()
    {
        var t = new DeepTheorem(OverParam.Experiments.DeepArchitectures.ResNet.Theorem, 2, 10, 2, 0.5, 0.01, 0.1);
        Assert.Equal(LogTerm, t.RequiredWidth, Exact);           // max{256/64, 4/1, 20, 59.02}
        Assert.Equal(0.5 * 4 / 4, t.RequiredStep, Exact);        // λH²/n²
    }

    [Fact]
    public void Conv_resnet_bounds_carry_the_positions_p()
    {
        var t = new DeepTheorem(OverParam.Experiments.DeepArchitectures.ConvResNet.Theorem, 2, 10, 2, 0.5, 0.01, 0.1, Positions: 3);
        Assert.Equal(3 * 64.0, t.RequiredWidth, Exact);          // p · max{4, n⁴/(λ⁴H²) = 64, 20, 59.02}
        Assert.Equal(0.5 * 4 / (4 * 3), t.RequiredStep, Exact);  // λH²/(n²p)
    }

    [Fact]
    public void Bounds_are_undefined_without_a_positive_lambda()
    {
        Assert.False(new DeepTheorem(OverParam.Experiments.DeepArchitectures.Fc.Theorem, 2, 10, 2, 0, 0.01, 0.1).Defined);
        Assert.False(new DeepTheorem(OverParam.Experiments.DeepArchitectures.Fc.Theorem, 2, 10, 2, double.NaN, 0.01, 0.1).Defined);
    }
}
