using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>The input Gram matrix K_ij = x_iᵀx_j, the Σ^(0) every kernel recursion starts from.</summary>
public static class InnerProducts
{
    /// <summary>
    /// K = XXᵀ as a full symmetric n×n matrix: one dsyrk for the lower triangle, then mirrored. With
    /// <paramref name="augmented"/>, of the inputs (x_i, 1) (biases, Jentzen &amp; Kröger 2021): K + 11ᵀ.
    /// </summary>
    public static double[] Of(Dataset data, bool augmented, ILinearAlgebra la)
    {
        var (x, d) = augmented ? (TwoLayerGram.Augment(data), data.D + 1) : (data.X, data.D);
        int n = data.N;
        var k = new double[(long)n * n];
        la.SyrkLower(n, d, 1.0, x, d, 0.0, k, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) k[(long)j * n + i] = k[(long)i * n + j];
        return k;
    }
}
