namespace OverParam.Tests.Models;

/// <summary>
/// Central differences of a deep network's loss in every weight of every layer, next to the analytic gradient: the exact
/// oracle the FC, ResNet and convolutional ResNet gradient tests share.
/// </summary>
internal static class LayerFiniteDifferences
{
    /// <summary>h of the central difference: on a float64 loss of O(1), truncation O(h²) and rounding O(ε/h) ≈ 1e-10.</summary>
    public const double Step = 1e-6;

    /// <summary>
    /// For layer 1..H (entries of ∇W^(h)) and H + 1 (entries of ∇a): the analytic entry and (L(θ + h e_k) − L(θ − h e_k))/2h,
    /// each from a fresh network at the initial weights. <paramref name="fresh"/> gives its forward pass and its nudge
    /// (layer, entry, delta).
    /// </summary>
    public static IEnumerable<(int Layer, int Entry, double Analytic, double Numeric)> Compare(double[][] gW, double[] gA,
        Func<(Func<double> Forward, Action<int, int, double> Nudge)> fresh)
    {
        int depth = gW.Length;
        for (int layer = 1; layer <= depth + 1; layer++)
        {
            var analytic = layer <= depth ? gW[layer - 1] : gA;
            for (int k = 0; k < analytic.Length; k++)
            {
                var (forward, nudge) = fresh();
                nudge(layer, k, Step);
                double plus = forward();
                nudge(layer, k, -2 * Step);
                yield return (layer, k, analytic[k], (plus - forward()) / (2 * Step));
            }
        }
    }
}
