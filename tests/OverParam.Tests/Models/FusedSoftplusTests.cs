using OverParam.Models;

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
