using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// The kernel (dual) form of the two-layer step. Every trained first-layer update is W(k+1) = W(k) − η Mᵀ X̃ with
/// M_ir = (1/√m) e_i a_r 1{z_ir ≥ 0} and X̃ the inputs (with a column of ones when there are biases), so
/// <para>Z(k+1) = Z(k) − η K M with K = X̃ X̃ᵀ (n×n, formed once), and W(k) = W(0) − Cᵀ X̃ with C = Σ_j η_j M(j).</para>
/// A step is one n×n×m product instead of two n×m×d ones; W is built only when asked for. The proofs' weight movement
/// needs no W either: ‖w̃_r(k) − w̃_r(0)‖² = ‖X̃ᵀ c_r‖² = c_rᵀ K c_r = −c_rᵀ (z_r(k) − z_r(0)), an O(nm) pass over C and ΔZ.
/// The output weights' gradient (when a is trained) is O(nm) in either form. Z is kept as Z(0) + ΔZ so that ΔZ, the
/// quantity the movement needs, carries no cancellation; in float32 ΔZ gathers the rounding of every step, and
/// recomputing it as −K C every <c>refreshEvery</c> steps bounds that.
/// </summary>
public sealed partial class TwoLayerNet<T>
{
    private readonly T[] _k, _c, _dz;
    private readonly double[] _movement, _rowWide;
    private readonly T[] _rowProduct;
    private readonly int _refreshEvery;
    private int _dualSteps;

    /// <summary>K = X̃ X̃ᵀ in T, n×n (x_iᵀx_j + 1 with biases).</summary>
    private T[] InnerProducts()
    {
        var k = new T[N * N];
        _la.Gemm(Op.None, Op.Transpose, N, N, D, T.One, _x, D, _x, D, T.Zero, k, N);
        if (Spec.Bias) TensorPrimitives.Add(k, T.One, k);
        return k;
    }

    /// <summary>ΔZ ← ΔZ − η K M, C ← C + η M (M is in the mask buffer after <see cref="Backward"/>); every
    /// <see cref="_refreshEvery"/> steps ΔZ ← −K C afresh.</summary>
    private void DualUpdate(T eta)
    {
        _la.Gemm(Op.None, Op.None, N, M, N, -eta, _k, N, _mask, M, T.One, _dz, M);
        TensorPrimitives.MultiplyAdd(_mask, eta, _c, _c);
        if (_refreshEvery > 0 && ++_dualSteps % _refreshEvery == 0)
            _la.Gemm(Op.None, Op.None, N, M, N, -T.One, _k, N, _c, M, T.Zero, _dz, M);
    }

    /// <summary>W = W(0) − Cᵀ X and b = b(0) − Cᵀ1 from the accumulated C (dual form; the primal form holds W already).</summary>
    private void MaterializeWeights()
    {
        if (Form == StepForm.Primal) return;
        _w0.CopyTo(_w, 0);
        _la.Gemm(Op.Transpose, Op.None, M, D, N, -T.One, _c, M, _x, D, T.One, _w, D);
        if (!Spec.Bias) return;
        _b0.CopyTo(_b, 0);
        _la.Gemv(Op.Transpose, N, M, -T.One, _c, _ones, T.One, _b);
    }

    /// <summary>
    /// The dual form's movement: ‖w̃_r(k) − w̃_r(0)‖² = −Σ_i c_ir Δz_ir (with biases w̃_r = (w_r, b_r), as in the primal
    /// form), accumulated in float64; a value a rounding below 0 is taken as 0.
    /// </summary>
    private (double MaxRow, double Frobenius, double MaxOutput) DualMovement()
    {
        Array.Clear(_movement);
        var product = _rowProduct.AsSpan();
        var wide = _rowWide.AsSpan();
        for (int i = 0; i < N; i++)
        {
            // Σ_i c_ir Δz_ir, each row's products in T (one rounding each), summed over i in float64.
            TensorPrimitives.Multiply<T>(_c.AsSpan(i * M, M), _dz.AsSpan(i * M, M), product);
            TensorPrimitives.ConvertTruncating<T, double>(product, wide);
            TensorPrimitives.Add(_movement, wide, _movement);
        }
        double max = 0, sum = 0;
        foreach (double sq in _movement)
        {
            double v = Math.Max(-sq, 0);
            max = Math.Max(max, v);
            sum += v;
        }
        return (Math.Sqrt(max), Math.Sqrt(sum), OutputMovement());
    }

    /// <summary>
    /// The dual form's accumulated rounding: max_ir |Δz_ir − Δz*_ir| / max_ir |z_ir(0) + Δz*_ir|, where ΔZ is what the next
    /// forward pass adds to Z(0) and ΔZ* = −K C is computed in float64 from the same C. 0 in the primal form.
    /// </summary>
    internal double DualDrift()
    {
        if (Form == StepForm.Primal) return 0;
        var x = _x.Select(double.CreateTruncating).ToArray();
        var k = new double[N * N];
        _la.Gemm(Op.None, Op.Transpose, N, N, D, 1.0, x, D, x, D, 0.0, k, N);
        if (Spec.Bias) TensorPrimitives.Add(k, 1.0, k);
        var exact = new double[N * M];
        _la.Gemm(Op.None, Op.None, N, M, N, -1.0, k, N, _c.Select(double.CreateTruncating).ToArray(), M, 0.0, exact, M);
        double worst = 0, scale = 0;
        for (int j = 0; j < exact.Length; j++)
        {
            worst = Math.Max(worst, Math.Abs(double.CreateTruncating(_dz[j]) - exact[j]));
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(_z0[j]) + exact[j]));
        }
        return scale == 0 ? worst : worst / scale;
    }
}
