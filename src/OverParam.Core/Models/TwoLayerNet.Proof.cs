using System.Numerics;
using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>The quantities Du et al.'s proofs rely on, measured on the network as it trains.</summary>
public sealed partial class TwoLayerNet<T>
{
    /// <summary>
    /// Fraction of activation patterns changed since initialization (Du et al. ICLR 2019, §5):
    /// (1/(mn)) Σ_i Σ_r 1{1{z_ir(0) ≥ 0} ≠ 1{z_ir(k) ≥ 0}}, at the weights of the last <see cref="Forward"/>.
    /// </summary>
    public double PatternChange()
    {
        var zero = Vector<T>.Zero;
        var one = Vector<T>.One;
        int width = Vector<T>.Count;
        long changed = 0;
        for (int i = 0; i < N; i++)
        {
            var z = _z.AsSpan(i * M, M);
            var z0 = _z0.AsSpan(i * M, M);
            var acc = Vector<T>.Zero;
            int r = 0;
            for (; r <= M - width; r += width)
            {
                var flip = Vector.Xor(Vector.GreaterThanOrEqual(new Vector<T>(z[r..]), zero), Vector.GreaterThanOrEqual(new Vector<T>(z0[r..]), zero));
                acc += Vector.ConditionalSelect(flip, one, zero);
            }
            long rowCount = long.CreateTruncating(Vector.Sum(acc)); // ≤ m < 2^24: exact in float32
            for (; r < M; r++) if ((z[r] >= T.Zero) != (z0[r] >= T.Zero)) rowCount++;
            changed += rowCount;
        }
        return (double)changed / ((double)M * N);
    }

    /// <summary>
    /// Movement from initialization: max_r ‖w_r(k) − w_r(0)‖₂ (Lemma 3.3, Corollary 4.1) and ‖W(k) − W(0)‖_F.
    /// With biases, w_r is taken with its bias: ‖(w_r, b_r)(k) − (w_r, b_r)(0)‖₂. Also max_r |a_r(k) − a_r(0)| (0 when a is fixed).
    /// </summary>
    public (double MaxRow, double Frobenius, double MaxOutput) WeightMovement()
    {
        if (Form == StepForm.Dual) return DualMovement();
        double max = 0, sumSq = 0;
        for (int r = 0; r < M; r++)
        {
            double dist = double.CreateTruncating(TensorPrimitives.Distance<T>(_w.AsSpan(r * D, D), _w0.AsSpan(r * D, D)));
            double sq = dist * dist;
            if (Spec.Bias)
            {
                double db = double.CreateTruncating(_b[r] - _b0[r]);
                sq += db * db;
            }
            max = Math.Max(max, sq);
            sumSq += sq;
        }
        return (Math.Sqrt(max), Math.Sqrt(sumSq), OutputMovement());
    }

    /// <summary>max_r |a_r(k) − a_r(0)| (0 when a is fixed); max over every a_rk with d_y outputs.</summary>
    private double OutputMovement()
    {
        double maxA = 0;
        if (Spec.TrainOutput)
            for (int r = 0; r < _a.Length; r++) maxA = Math.Max(maxA, Math.Abs(double.CreateTruncating(_a[r] - _a0[r])));
        return maxA;
    }

    /// <summary>
    /// The finite-width Gram matrix at the weights of the last <see cref="Forward"/> (Du et al. Eq. 6):
    /// H(k)_ij = (1/m) x_iᵀx_j Σ_r 1{z_ir ≥ 0, z_jr ≥ 0}, computed as (1/m) K ∘ (S Sᵀ) with S = 1{Z ≥ 0} and
    /// <paramref name="inner"/> = K, the n×n inner products x_iᵀx_j (of (x, 1) with biases). Uses the gradient
    /// workspace, so call it between <see cref="Forward"/> and <see cref="Backward"/>.
    /// </summary>
    /// <param name="inner">K, n×n float64.</param>
    /// <param name="counts">Workspace of n×n T (the co-activation counts S Sᵀ).</param>
    /// <param name="dest">H(k), n×n float64.</param>
    public void ActivationGram(ReadOnlySpan<double> inner, Span<T> counts, Span<double> dest)
    {
        for (int k = 0; k < _z.Length; k++) _mask[k] = _z[k] >= T.Zero ? T.One : T.Zero;
        _la.Gemm(Op.None, Op.Transpose, N, N, M, T.One, _mask, M, _mask, M, T.Zero, counts, N);
        double invM = 1.0 / M;
        for (int k = 0; k < dest.Length; k++) dest[k] = inner[k] * double.CreateTruncating(counts[k]) * invM;
    }
}
