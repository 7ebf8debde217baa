using OverParam.Architectures;

namespace OverParam.Tests.Models;

public class FusedSoftplusTests
{
    /// <summary>
    /// About a dozen float32 operations, each rounding by ≤ 6e-8 relative, plus truncation below 2e-9:
    /// a few float ulps in all, so 2e-6 relative (or 1e-30 absolute where the value underflows) is ample.
    /// </summary>
    private const double Tolerance = 2e-6;

    [Fact]
    public void Fused_softplus_and_its_derivative_match_float64_references()
    {
        var z = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 0.5f, -0.5f, 1f, -1f, 10f, -10f, 30f, -30f, 87f, -87f, 88f, -88f, 100f, -100f, 1e4f, -1e4f };
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++) z.Add((float)(rng.NextDouble() * 40 - 20));
        z.Add(0.25f); // odd count: exercises the scalar tail
        var input = z.ToArray();
        var act = new float[input.Length];
        var deriv = new float[input.Length];
        var skip = Enumerable.Range(0, input.Length).Select(i => (float)i / 7).ToArray();
        FusedSoftplus.Apply(input, act, deriv, 0.75f, skip);
        var sigma = Activation.ByName("softplus");
        for (int i = 0; i < input.Length; i++)
        {
            double expectedAct = skip[i] + 0.75 * sigma.Value(input[i]);
            double expectedDeriv = 0.75 * sigma.Derivative(input[i]);
            Assert.True(Math.Abs(act[i] - expectedAct) <= Tolerance * Math.Abs(expectedAct) + 1e-30, $"act at z = {input[i]}: {act[i]} vs {expectedAct}");
            Assert.True(Math.Abs(deriv[i] - expectedDeriv) <= Tolerance * Math.Abs(expectedDeriv) + 1e-30, $"deriv at z = {input[i]}: {deriv[i]} vs {expectedDeriv}");
        }
    }
}

public class FusedSoftplusDoubleTests
{
    [Fact]
    public void Log1p_keeps_full_relative_accuracy_for_tiny_arguments()
    {
        // log(1 + x) = x − x²/2 + x³/3 − …: at x = 2e-9 the naive Math.Log(1 + x) is off by ~5e-8 relative.
        const double x = 2.0611536224385579e-9;
        Assert.Equal(x - x * x / 2 + x * x * x / 3, Activation.Log1P(x), 1e-16 * x);
        Assert.Equal(Math.Log(2), Activation.Log1P(1), 1e-16);
    }

    /// <summary>
    /// About a dozen float64 operations (≤ 1.1e-16 relative each) plus truncation below 2e-17; 1e-14 relative (or
    /// 1e-300 absolute where values underflow) allows for the cancellation in r = x − k ln 2.
    /// </summary>
    private const double Tolerance = 1e-14;

    [Fact]
    public void Fused_float64_softplus_matches_the_scalar_reference()
    {
        var z = new List<double> { 0, -0.0, 1e-300, -1e-300, 1e-12, -1e-12, 0.5, -0.5, 1, -1, 20, -20, 36, -36, 700, -700, 710, -710, 1e6, -1e6 };
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++) z.Add(rng.NextDouble() * 80 - 40);
        z.Add(0.3);
        var input = z.ToArray();
        var act = new double[input.Length];
        var deriv = new double[input.Length];
        FusedSoftplus.Apply(input, act, deriv, 0.5, ReadOnlySpan<double>.Empty);
        for (int i = 0; i < input.Length; i++)
        {
            double t = Math.Exp(-Math.Abs(input[i])), expectedAct = 0.5 * (Math.Max(input[i], 0) + Activation.Log1P(t));
            double expectedDeriv = 0.5 * (input[i] >= 0 ? 1 / (1 + t) : t / (1 + t));
            Assert.True(Math.Abs(act[i] - expectedAct) <= Tolerance * Math.Abs(expectedAct) + 1e-300, $"act at z = {input[i]}: {act[i]} vs {expectedAct}");
            Assert.True(Math.Abs(deriv[i] - expectedDeriv) <= Tolerance * Math.Abs(expectedDeriv) + 1e-300, $"deriv at z = {input[i]}: {deriv[i]} vs {expectedDeriv}");
        }
    }
}
