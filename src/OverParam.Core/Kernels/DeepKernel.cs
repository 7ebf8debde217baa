using System.Diagnostics;
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

/// <summary>Which of the deep kernels: Du et al.'s K^(H), the full NTK Θ or the NNGP Σ^(H).</summary>
public enum DeepMatrix
{
    /// <summary>K^(H) = G^(H) (Def. 5.1 / 6.1).</summary>
    KH,
    /// <summary>Θ = Σ_h G^(h).</summary>
    Ntk,
    /// <summary>Σ^(H) = G^(H+1).</summary>
    Nngp,
}

/// <summary>
/// Computes the deep kernels by the 2×2 covariance recursion. Forward: Σ^(0) = XXᵀ and, for h = 1..H,
/// FC: Σ^(h) = c_σ E[σ(u)σ(v)]; ResNet (h ≥ 2): Σ^(h) = Σ^(h−1) + (c_res/H)(b_i E[σ(v)] + b_j E[σ(u)]) + (c_res/H)² E[σ(u)σ(v)],
/// b^(h)_i = b^(h−1)_i + (c_res/H) E[σ(u)], b^(1)_i = √c_σ E[σ(u)] (Def. 6.1), with (u, v) ~ N(0, A^(h)), A^(h) the 2×2
/// block of Σ^(h−1); and the derivative factor Σ̇^(h) = c_σ E[σ'σ'] (h = 1 or FC) or (c_res/H)² E[σ'σ'] (ResNet, h ≥ 2).
/// Backward (the gradient's covariance, B^(H) = 1): FC B^(h−1) = B^(h) Σ̇^(h); ResNet B^(h−1) = B^(h)(1 + Σ̇^(h)).
/// Then G^(h) = B^(h) ∘ Σ̇^(h) ∘ Σ^(h−1), G^(H+1) = Σ^(H), K^(H) = G^(H). For H = 1 and ReLU, K^(1) = 2·H∞.
/// Each entry follows from the same entry of the layer before and per-input quantities (<see cref="DeepPairRecursion"/>),
/// so the matrices are formed entry by entry, in parallel over rows.
/// Cost: O(n² H Q²) activation evaluations for smooth σ (Q Gauss–Hermite nodes), O(n² H) for ReLU; memory H + 3 n×n
/// (Σ^(0), G^(1..H+1) and Θ).
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
        var inner = InnerProducts.Of(data, augmented: false, la);
        var diag = new double[n];
        for (int i = 0; i < n; i++) diag[i] = inner[(long)i * n + i];
        var pairs = new DeepPairRecursion(spec, diag, nodes);
        var grams = new double[H + 1][];
        for (int h = 0; h <= H; h++) grams[h] = new double[(long)n * n];
        var ntk = new double[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i =>
        {
            Span<double> layers = stackalloc double[H + 1], work = stackalloc double[pairs.WorkLength];
            for (int j = 0; j <= i; j++)
            {
                long ij = (long)i * n + j, ji = (long)j * n + i;
                ntk[ij] = ntk[ji] = pairs.Entry(i, j, inner[ij], layers, work);
                for (int h = 0; h <= H; h++) grams[h][ij] = grams[h][ji] = layers[h];
            }
        });
        return new DeepKernels(grams[H - 1], grams, ntk, grams[H]);
    }

    /// <summary>The matrix <paramref name="which"/> of <paramref name="kernels"/>.</summary>
    public static double[] Pick(this DeepKernels kernels, DeepMatrix which) =>
        which switch
        {
            DeepMatrix.KH => kernels.KH,
            DeepMatrix.Ntk => kernels.Ntk,
            DeepMatrix.Nngp => kernels.Nngp,
            _ => throw new UnreachableException($"deep matrix {which}"),
        };

    /// <summary>Θ = Σ_h G^(h): the NTK of a network whose every layer is trained; into <paramref name="dest"/>, returned.</summary>
    public static double[] SumOf(IReadOnlyList<double[]> layerGrams, double[] dest)
    {
        Array.Clear(dest);
        foreach (var g in layerGrams)
            for (long k = 0; k < dest.Length; k++) dest[k] += g[k];
        return dest;
    }
}
