using System.Numerics.Tensors;

namespace OverParam.Numerics;

/// <summary>The smallest Ritz pairs <see cref="Lobpcg.Smallest"/> returns.</summary>
/// <param name="Values">θ_1 ≤ … ≤ θ_b, Rayleigh quotients of the returned vectors computed from the operator.</param>
/// <param name="Vectors">The b orthonormal vectors, stored as rows (b×n).</param>
/// <param name="Residuals">‖Ax_j − θ_j x_j‖₂ of each, from the last products.</param>
/// <param name="Iterations">Iterations made (each one product with A and one with the preconditioner on a block).</param>
/// <param name="Converged">Whether the stopping rule accepted the first pair.</param>
public sealed record LobpcgResult(double[] Values, double[] Vectors, double[] Residuals, int Iterations, bool Converged);

/// <summary>
/// LOBPCG, the locally optimal block preconditioned conjugate gradient method (Knyazev, SIAM J. Sci. Comput. 23(2), 2001,
/// Algorithm 5.1), for the smallest eigenpairs of a symmetric operator A from a good starting block: each iteration takes
/// the Rayleigh–Ritz pairs of A on span[X, T·R, P] (R = AX − XΘ the residuals, T the preconditioner, P the last
/// update's direction). The basis is made orthonormal explicitly (block Gram–Schmidt of T·R and P against X and each
/// other, twice, as Hetmaniuk &amp; Lehoucq, J. Comput. Phys. 218, 2006, recommend), and A is applied afresh to the
/// new directions, so the Ritz values carry A's own rounding (ε·‖A‖) whatever the preconditioner's precision: T may be
/// a float32 solve. With T ≈ (A − σI)⁻¹ accurate to a relative γ, the smallest pair converges at a rate about γ plus
/// the block's own gap ratio.
/// </summary>
public static class Lobpcg
{
    /// <summary>A direction whose norm falls below this fraction of its norm before orthogonalization is dropped: it lay
    /// in the span already (keeping it would amplify rounding by the inverse of the fraction).</summary>
    public const double DropFraction = 1e-10;

    /// <summary>
    /// Refines the <paramref name="block"/> vectors in <paramref name="start"/> (rows, b×n) towards A's smallest eigenpairs
    /// until <paramref name="accept"/> holds for the current pairs or <paramref name="maxIterations"/> pass.
    /// </summary>
    /// <param name="apply">Y = A·X for vectors stored as rows (A symmetric, float64).</param>
    /// <param name="precondition">Y = T·X (T symmetric positive definite, e.g. a float32 factor's solve).</param>
    /// <param name="n">The dimension.</param>
    /// <param name="start">b×n starting vectors (any basis of the block; need not be orthonormal).</param>
    /// <param name="block">b ≥ 1.</param>
    /// <param name="accept">Called with (values, residuals) after each Rayleigh–Ritz: true stops.</param>
    /// <param name="maxIterations">The most iterations.</param>
    /// <param name="la">Backend for the block products and the small eigenproblems.</param>
    /// <param name="progress">Called with (iteration, θ_1, ‖r_1‖) after each.</param>
    public static LobpcgResult Smallest(BlockOperator apply, BlockOperator precondition, int n, ReadOnlySpan<double> start, int block,
        Func<double[], double[], bool> accept, int maxIterations, ILinearAlgebra la, Action<int, double, double>? progress = null)
    {
        if (block < 1 || block > n) throw new ArgumentOutOfRangeException(nameof(block), $"a block of {block} in ℝ^{n}");
        if (start.Length < (long)block * n) throw new ArgumentException($"needs {block}×{n} starting values", nameof(start));
        int b = block;
        // S = [X; W; P] as rows (b, up to b, up to b), and A·S beside it.
        var s = new double[3L * b * n];
        var hs = new double[3L * b * n];
        start[..(b * n)].CopyTo(s);
        if (Orthonormalize(s, 0, 0, b, n, la) < b) throw new ArgumentException("the starting block is rank-deficient", nameof(start));
        apply(s.AsSpan(0, b * n), hs.AsSpan(0, b * n), b);
        var (values, coefficients) = RayleighRitz(s, hs, b, b, n, la);
        Update(s, hs, coefficients, b, b, n, la);
        var r = new double[b * n];
        var residuals = new double[b];
        int p = 0;
        for (int it = 0; ; it++)
        {
            Residuals(s, hs, values, b, n, r, residuals);
            progress?.Invoke(it, values[0], residuals[0]);
            bool done = accept(values, residuals);
            if (done || it == maxIterations) return new LobpcgResult(values, s.AsSpan(0, b * n).ToArray(), residuals, it, done);
            // W = T·R, then [W; P] made orthonormal against X and among themselves, and A applied to them afresh.
            precondition(r, s.AsSpan(b * n, b * n), b);
            int k = b + Orthonormalize(s, b, b, 2 * b + p, n, la);
            if (k == b) return new LobpcgResult(values, s.AsSpan(0, b * n).ToArray(), residuals, it, false); // nothing new: stalled
            apply(s.AsSpan(b * n, (k - b) * n), hs.AsSpan(b * n, (k - b) * n), k - b);
            (values, coefficients) = RayleighRitz(s, hs, k, b, n, la);
            p = Update(s, hs, coefficients, k, b, n, la);
        }
    }

    /// <summary>
    /// X ← Cᵀ·S and A·X ← Cᵀ·(A·S) for the k×b coefficients C; where k &gt; b, P ← the update's part outside X's old span,
    /// [W; P]ᵀ·C[b.., :], into rows 2b.. of <paramref name="s"/>. Returns the rows of P (0 or b).
    /// </summary>
    private static int Update(double[] s, double[] hs, double[] c, int k, int b, int n, ILinearAlgebra la)
    {
        var x = new double[b * n];
        var hx = new double[b * n];
        la.Gemm(Op.Transpose, Op.None, b, n, k, 1.0, c, b, s, n, 0.0, x, n);
        la.Gemm(Op.Transpose, Op.None, b, n, k, 1.0, c, b, hs, n, 0.0, hx, n);
        if (k > b)
        {
            var direction = new double[b * n];
            la.Gemm(Op.Transpose, Op.None, b, n, k - b, 1.0, c.AsSpan(b * b), b, s.AsSpan(b * n), n, 0.0, direction, n);
            direction.CopyTo(s, 2L * b * n);
        }
        x.CopyTo(s, 0);
        hx.CopyTo(hs, 0);
        return k > b ? b : 0;
    }

    /// <summary>R = A·X − X·Θ for the b rows of X (the first rows of <paramref name="s"/>), and their norms.</summary>
    private static void Residuals(double[] s, double[] hs, double[] values, int b, int n, double[] r, double[] norms)
    {
        for (int j = 0; j < b; j++)
        {
            var rj = r.AsSpan(j * n, n);
            TensorPrimitives.MultiplyAdd(s.AsSpan(j * n, n), -values[j], hs.AsSpan(j * n, n), rj);
            norms[j] = TensorPrimitives.Norm(rj);
        }
    }

    /// <summary>
    /// Makes rows <paramref name="from"/>..<paramref name="to"/> of <paramref name="s"/> orthonormal against rows
    /// 0..<paramref name="kept"/> (already orthonormal) and among themselves: two passes of block Gram–Schmidt against the
    /// kept rows, then modified Gram–Schmidt row by row (twice); rows that shrink below <see cref="DropFraction"/> of
    /// their norm are dropped and the survivors packed from row <paramref name="kept"/> on. Returns how many survive.
    /// </summary>
    private static int Orthonormalize(double[] s, int kept, int from, int to, int n, ILinearAlgebra la)
    {
        int count = to - from;
        if (from != kept) s.AsSpan(from * n, count * n).CopyTo(s.AsSpan(kept * n));
        var block = s.AsSpan(kept * n, count * n);
        if (kept > 0)
        {
            var c = new double[count * kept];
            for (int pass = 0; pass < 2; pass++)
            {
                la.Gemm(Op.None, Op.Transpose, count, kept, n, 1.0, block, n, s, n, 0.0, c, kept);
                la.Gemm(Op.None, Op.None, count, n, kept, -1.0, c, kept, s, n, 1.0, block, n);
            }
        }
        int good = 0;
        for (int i = 0; i < count; i++)
        {
            var row = s.AsSpan((kept + i) * n, n);
            double before = TensorPrimitives.Norm(row);
            if (!(before > 0) || !double.IsFinite(before)) continue;
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < good; j++)
                {
                    var q = s.AsSpan((kept + j) * n, n);
                    TensorPrimitives.MultiplyAdd(q, -TensorPrimitives.Dot(q, row), row, row);
                }
            double after = TensorPrimitives.Norm(row);
            if (!(after > DropFraction * before)) continue;
            TensorPrimitives.Multiply(row, 1 / after, s.AsSpan((kept + good) * n, n));
            good++;
        }
        return good;
    }

    /// <summary>
    /// The <paramref name="wanted"/> smallest Ritz pairs of A on the k orthonormal rows of <paramref name="s"/> (A·S in
    /// <paramref name="hs"/>): the values, and the coefficients C (k×wanted, column j the j-th Ritz vector's coordinates).
    /// </summary>
    private static (double[] Values, double[] Coefficients) RayleighRitz(double[] s, double[] hs, int k, int wanted, int n, ILinearAlgebra la)
    {
        var m = new double[k * k];
        la.Gemm(Op.None, Op.Transpose, k, k, n, 1.0, s, n, hs, n, 0.0, m, k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < i; j++)
                m[i * k + j] = m[j * k + i] = 0.5 * (m[i * k + j] + m[j * k + i]);
        var w = new double[k];
        la.SymmetricEigen(m, k, w); // row j of m: the j-th eigenvector, ascending
        var c = new double[k * wanted];
        for (int j = 0; j < wanted; j++)
            for (int i = 0; i < k; i++)
                c[i * wanted + j] = m[j * k + i];
        return (w[..wanted], c);
    }
}
