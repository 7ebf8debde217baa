using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>The infinite-width kernels of a deep network on n inputs (each n×n, row-major, symmetric).</summary>
/// <param name="KH">Du et al.'s K^(H): the Gram matrix of the last hidden layer's weights W^(H) (Def. 5.1 / 6.1).</param>
/// <param name="LayerGrams">G^(h) for h = 1..H (weights W^(h)) and h = H+1 (output a): the limits of the finite net's per-layer Gram matrices.</param>
/// <param name="Ntk">Θ = Σ_h G^(h): the full NTK (all layers trained); for FC, Θ^(H) of Arora et al. (NeurIPS 2019, §3).</param>
/// <param name="Nngp">The output covariance at initialization, lim E[f(x_i) f(x_j)] = G^(H+1).</param>
public sealed record DeepKernels(double[] KH, IReadOnlyList<double[]> LayerGrams, double[] Ntk, double[] Nngp);

/// <summary>
/// Computes the deep kernels by the 2×2 covariance recursion. Forward: Σ^(0) = XXᵀ and, for h = 1..H,
/// FC: Σ^(h) = c_σ E[σ(u)σ(v)]; ResNet (h ≥ 2): Σ^(h) = Σ^(h−1) + (c_res/H)(b_i E[σ(v)] + b_j E[σ(u)]) + (c_res/H)² E[σ(u)σ(v)],
/// b^(h)_i = b^(h−1)_i + (c_res/H) E[σ(u)], b^(1)_i = √c_σ E[σ(u)] (Def. 6.1), with (u, v) ~ N(0, A^(h)), A^(h) the 2×2
/// block of Σ^(h−1); and the derivative factor Σ̇^(h) = c_σ E[σ'σ'] (h = 1 or FC) or (c_res/H)² E[σ'σ'] (ResNet, h ≥ 2).
/// Backward (the gradient's covariance, B^(H) = 1): FC B^(h−1) = B^(h) Σ̇^(h); ResNet B^(h−1) = B^(h)(1 + Σ̇^(h)).
/// Then G^(h) = B^(h) ∘ Σ̇^(h) ∘ Σ^(h−1), G^(H+1) = Σ^(H), K^(H) = G^(H). For H = 1 and ReLU, K^(1) = 2·H∞.
/// Cost: O(n² H Q²) activation evaluations for smooth σ (Q Gauss–Hermite nodes), O(n² H) for ReLU; memory (2H + 3) n×n at the peak (Σ^(0..H), Σ̇^(1..H) becoming G^(1..H), B and Θ).
/// </summary>
public static class DeepKernel
{
    /// <summary>Computes every kernel of <paramref name="spec"/> on <paramref name="data"/> (the convolutional ResNet's by <see cref="ConvResNetKernel"/>).</summary>
    public static DeepKernels Compute(Dataset data, DeepSpec spec, ILinearAlgebra la, int maxParallelism, int? nodes = null)
    {
        if (spec.Depth < 1) throw new InputException($"--depth must be at least 1, got {spec.Depth}");
        if (spec.Arch.Convolutional) return ConvResNetKernel.Compute(data, spec, maxParallelism, nodes);
        if (spec.Arch.Residual && !(spec.CRes is > 0 and < 1)) throw new InputException($"--c-res must be in (0, 1), got {spec.CRes}");
        int n = data.N, H = spec.Depth;
        var gauss = new BivariateGaussian(spec.Sigma, new GaussHermite(nodes ?? spec.Sigma.QuadratureNodes));
        var par = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism };
        double cs = spec.Sigma.CSigma, r = spec.CRes / H;

        var sigma = new double[H + 1][];
        var dot = new double[H + 1][]; // dot[h] = Σ̇^(h), h = 1..H
        sigma[0] = InnerProducts.Of(data, augmented: false, la);
        var b = new double[n];
        for (int h = 1; h <= H; h++)
        {
            var prev = sigma[h - 1];
            var cur = new double[(long)n * n];
            var cd = new double[(long)n * n];
            bool residual = spec.Arch.Residual && h >= 2;
            var mu = new double[n];
            for (int i = 0; i < n; i++) mu[i] = gauss.Mean(prev[(long)i * n + i]);
            Parallel.For(0, n, par, i =>
            {
                for (int j = 0; j <= i; j++)
                {
                    long ij = (long)i * n + j;
                    var (ss, dd) = gauss.Pair(prev[(long)i * n + i], prev[(long)j * n + j], prev[ij]);
                    double s = residual ? prev[ij] + r * (b[i] * mu[j] + b[j] * mu[i]) + r * r * ss : cs * ss;
                    double d = residual ? r * r * dd : cs * dd;
                    cur[ij] = cur[(long)j * n + i] = s;
                    cd[ij] = cd[(long)j * n + i] = d;
                }
            });
            for (int i = 0; i < n; i++) b[i] = h == 1 ? Math.Sqrt(cs) * mu[i] : b[i] + r * mu[i];
            sigma[h] = cur;
            dot[h] = cd;
        }

        var grams = new double[H + 1][];
        var back = Enumerable.Repeat(1.0, n * n).ToArray(); // B^(H)
        for (int h = H; h >= 1; h--)
        {
            // G^(h) = B^(h) ∘ Σ̇^(h) ∘ Σ^(h−1), then B^(h−1) from B^(h) and Σ̇^(h); G^(h) takes Σ̇^(h)'s place, which
            // nothing reads afterwards, so the recursion holds 2H + 3 matrices at its peak instead of 3H + 3.
            var g = dot[h];
            bool residual = spec.Arch.Residual && h >= 2;
            for (long k = 0; k < g.Length; k++)
            {
                double dk = g[k];
                g[k] = back[k] * dk * sigma[h - 1][k];
                back[k] *= residual ? 1 + dk : dk;
            }
            grams[h - 1] = g;
        }
        grams[H] = sigma[H];
        return new DeepKernels(grams[H - 1], grams, SumOf(grams, new double[(long)n * n]), sigma[H]);
    }

    /// <summary>Θ = Σ_h G^(h): the NTK of a network whose every layer is trained; into <paramref name="dest"/>, returned.</summary>
    public static double[] SumOf(IReadOnlyList<double[]> layerGrams, double[] dest)
    {
        Array.Clear(dest);
        foreach (var g in layerGrams)
            for (long k = 0; k < dest.Length; k++) dest[k] += g[k];
        return dest;
    }
}
