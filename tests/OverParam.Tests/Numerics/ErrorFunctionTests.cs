using OverParam.Numerics;

namespace OverParam.Tests.Numerics;

public class ErrorFunctionTests
{
    /// <summary>Against MathNet's erf (Boost's algorithm, itself about 1 ulp from erf): 3 ulps of |erf(x)|, the worst
    /// measured (x = 0.518, just past the series), allow the rounding of 15 Chebyshev terms and of MathNet's own values.</summary>
    private const double Ulps = 3;

    [Fact]
    public void Agrees_with_mathnet_within_a_few_ulps_on_a_million_points_and_at_every_interval_edge()
    {
        var rng = new Random(7);
        var xs = Enumerable.Range(0, 1_000_000).Select(_ => (rng.NextDouble() * 2 - 1) * 7.0)
            .Concat(Enumerable.Range(-28, 57).Select(k => k / 4.0))                     // every edge k/4, both sides of 0
            .Concat(Enumerable.Range(-28, 57).Select(k => Math.BitDecrement(k / 4.0)))
            .Concat([1e-300, -1e-300, 5e-324, 1e-8, -1e-8, 0.2499999, 5.9999999, 6, 40]);
        double worst = 0, at = 0;
        foreach (double x in xs)
        {
            double reference = MathNet.Numerics.SpecialFunctions.Erf(x), value = ErrorFunction.Erf(x);
            double ulps = Math.Abs(value - reference) / (Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));
            if (reference != 0 && ulps > worst) (worst, at) = (ulps, x);
        }
        Assert.True(worst <= Ulps, $"{worst} ulps at x = {at:R}");
    }

    [Fact]
    public void Is_odd_saturates_at_six_keeps_relative_accuracy_near_zero_and_passes_nan()
    {
        foreach (double x in new[] { 0.1, 0.3, 1.7, 3.9, 5.99 })
            Assert.Equal(-ErrorFunction.Erf(x), ErrorFunction.Erf(-x));
        Assert.Equal(1.0, ErrorFunction.Erf(6));
        Assert.Equal(-1.0, ErrorFunction.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, ErrorFunction.Erf(0.0));
        // erf(x) = (2/√π)x(1 − x²/3 + …): at 1e-200 it is the first term to the last bit.
        Assert.Equal(2 / Math.Sqrt(Math.PI) * 1e-200, ErrorFunction.Erf(1e-200), 1e-215);
        Assert.True(double.IsNaN(ErrorFunction.Erf(double.NaN)));
        // No step at the interval edges: the pieces meet within an ulp or two of each other, and erf still increases.
        for (int k = 1; k < 24; k++)
        {
            double edge = k / 4.0, below = ErrorFunction.Erf(Math.BitDecrement(edge)), at = ErrorFunction.Erf(edge);
            Assert.True(Math.Abs(at - below) <= 2 * (Math.BitIncrement(at) - at), $"edge {edge}: {below:R} then {at:R}");
            Assert.True(ErrorFunction.Erf(edge - 1e-9) <= ErrorFunction.Erf(edge + 1e-9), $"edge {edge}");
        }
    }

    [Theory]
    [InlineData(8)] // AVX-512 where the machine has it
    [InlineData(4)] // AVX2
    [InlineData(1)] // scalar
    public void The_span_form_gives_the_scalar_values_to_the_bit_in_every_range_and_at_every_length(int widest)
    {
        var rng = new Random(11);
        var xs = Enumerable.Range(0, 200_003).Select(_ => (rng.NextDouble() * 2 - 1) * 7.0)
            .Concat(Enumerable.Range(-28, 57).SelectMany(k => new[] { k / 4.0, Math.BitDecrement(k / 4.0), Math.BitIncrement(k / 4.0) }))
            .Concat([0.0, -0.0, 1e-300, -5e-324, 0.4999999999, 0.5, 5.9999999, 6, -6, 40, double.MaxValue,
                double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e-8, -3.3])
            .ToArray();
        var y = new double[xs.Length];
        ErrorFunction.Erf(xs, y, widest);
        for (int i = 0; i < xs.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(ErrorFunction.Erf(xs[i])) == BitConverter.DoubleToInt64Bits(y[i]),
                $"x = {xs[i]:R}: scalar {ErrorFunction.Erf(xs[i]):R}, span {y[i]:R}");
        // Every length around the vector width, so each value is met in a lane and in the scalar tail.
        for (int length = 0; length <= 9; length++)
        {
            var part = new double[length];
            ErrorFunction.Erf(xs.AsSpan(3, length), part, widest);
            for (int i = 0; i < length; i++) Assert.Equal(ErrorFunction.Erf(xs[3 + i]), part[i]);
        }
        Assert.Throws<ArgumentException>(() => ErrorFunction.Erf(new double[3], new double[2]));
    }
}
