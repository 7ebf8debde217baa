using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// The deep net's kernels at finite width, read off per-sample backward passes: the per-layer Gram matrices G^(h) the
/// training records (Du et al. ICML 2019, §4) and, for tests, the NTK between two outputs; plus the finite-difference hooks.
/// </summary>
public sealed partial class DeepNet<T>
{
    /// <inheritdoc/>
    public long GramWorkLength => 2L * N * N;

    /// <summary>Weight gradients of the last <see cref="Backward"/> in float64 (the finite-difference tests): (∇W^(1..H), ∇a).</summary>
    internal (double[][] W, double[] A) Gradient() =>
        (_gw.Select(g => g.Select(double.CreateTruncating).ToArray()).ToArray(), _ga.Select(double.CreateTruncating).ToArray());

    /// <summary>Perturbs one weight (layer h = 1..H, or H + 1 for a), for finite-difference tests.</summary>
    internal void Nudge(int layer, int index, double delta)
    {
        var target = layer <= Depth ? _w[layer - 1] : _a;
        target[index] += T.CreateTruncating(delta);
    }

    /// <summary>
    /// The finite network's NTK block between outputs k and l at the last forward pass:
    /// Θ^{kl}_ij = Σ_θ ∂u_ik/∂θ · ∂u_jl/∂θ = Σ_h (δG_h^(k) δG_h^(l)ᵀ)_ij (X_{h−1}X_{h−1}ᵀ)_ij + 1{k = l}(X_H X_Hᵀ)_ij, n×n.
    /// Two per-sample backward passes (with a's columns k and l); for tests of the block-diagonal limit.
    /// </summary>
    internal double[] OutputNtk(int k, int l)
    {
        BackwardPerSample(k);
        var dk = _dG.Select(g => g.Select(double.CreateTruncating).ToArray()).ToArray();
        BackwardPerSample(l);
        var dl = _dG.Select(g => g.Select(double.CreateTruncating).ToArray()).ToArray();
        var la = _la;
        var theta = new double[N * N];
        var left = new double[N * N];
        var right = new double[N * N];
        for (int h = 1; h <= Depth; h++)
        {
            int inner = h == 1 ? D : M;
            var xs = _x[h - 1].Select(double.CreateTruncating).ToArray();
            la.Gemm(Op.None, Op.Transpose, N, N, M, 1.0, dk[h - 1], M, dl[h - 1], M, 0.0, left, N);
            la.Gemm(Op.None, Op.Transpose, N, N, inner, 1.0, xs, inner, xs, inner, 0.0, right, N);
            for (int q = 0; q < theta.Length; q++) theta[q] += left[q] * right[q];
        }
        if (k == l)
        {
            var xh = _x[Depth].Select(double.CreateTruncating).ToArray();
            la.Gemm(Op.None, Op.Transpose, N, N, M, 1.0, xh, M, xh, M, 0.0, left, N);
            for (int q = 0; q < theta.Length; q++) theta[q] += left[q];
        }
        return theta;
    }

    /// <summary>
    /// The finite network's per-layer Gram matrices at the last forward pass (Du et al. ICML 2019, §4):
    /// G^(h)_ij = ⟨∂u_i/∂W^(h), ∂u_j/∂W^(h)⟩ = (δG_h δG_hᵀ)_ij (X_{h−1}X_{h−1}ᵀ)_ij for h = 1..H and G^(H+1) = X_H X_Hᵀ,
    /// into <paramref name="dest"/>[h − 1] (n×n each). <paramref name="work"/> holds 2n² T. Runs a per-sample backward pass.
    /// With several outputs these are output 1's (every output's limit is the same kernel).
    /// </summary>
    public void LayerGrams(double[][] dest, T[] work)
    {
        BackwardPerSample();
        int nn = N * N;
        var left = work.AsSpan(0, nn);
        var right = work.AsSpan(nn, nn);
        for (int h = 1; h <= Depth + 1; h++)
        {
            int inner = h == 1 ? D : M;
            var xs = _x[h - 1];
            if (h == Depth + 1)
            {
                _la.Gemm(Op.None, Op.Transpose, N, N, M, T.One, _x[Depth], M, _x[Depth], M, T.Zero, left, N);
                for (int k = 0; k < nn; k++) dest[h - 1][k] = double.CreateTruncating(left[k]);
                break;
            }
            _la.Gemm(Op.None, Op.Transpose, N, N, M, T.One, _dG[h - 1], M, _dG[h - 1], M, T.Zero, left, N);
            _la.Gemm(Op.None, Op.Transpose, N, N, inner, T.One, xs, inner, xs, inner, T.Zero, right, N);
            for (int k = 0; k < nn; k++) dest[h - 1][k] = double.CreateTruncating(left[k]) * double.CreateTruncating(right[k]);
        }
    }
}
