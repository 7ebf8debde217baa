using System.Numerics.Tensors;

namespace OverParam.Numerics;

/// <summary>
/// y_j ← A x_j for <paramref name="count"/> vectors of length n stored as rows (count×n row-major): a symmetric operator
/// given only by its action, e.g. a product with H or a solve with its Cholesky factor.
/// </summary>
public delegate void BlockOperator(ReadOnlySpan<double> x, Span<double> y, int count);

/// <summary>The largest Ritz pairs of a symmetric operator, largest first.</summary>
/// <param name="Values">Ritz values θ_1 ≥ θ_2 ≥ …</param>
/// <param name="Vectors">Unit Ritz vectors as rows (Values.Length × n).</param>
/// <param name="Residuals">‖A u_j − θ_j u_j‖ of each pair, from the stored products (no further application of A).</param>
/// <param name="Applications">How many vectors A was applied to.</param>
/// <param name="Converged">Whether every pair reached the requested tolerance (otherwise the basis limit or stagnation stopped it).</param>
/// <param name="Smallest">The smallest Ritz value of the basis: an upper bound on the operator's smallest eigenvalue
/// that the same Krylov space approaches from the other end.</param>
public sealed record RitzPairs(double[] Values, double[] Vectors, double[] Residuals, int Applications, bool Converged, double Smallest);

/// <summary>
/// Block Lanczos with full reorthogonalization, done as explicit Rayleigh–Ritz: the basis Q of the block Krylov space
/// span{X, AX, A²X, …} (X a seeded Gaussian block) is kept orthonormal by classical Gram–Schmidt applied twice, the
/// projection T = QᵀAQ is formed from the stored products AQ (not from the three-term recurrence, so loss of
/// orthogonality cannot create spurious copies), and the Ritz pairs of T are extracted after every block
/// (Golub &amp; Van Loan, Matrix Computations, 4th ed., §10.3.6). Blocks make every application of A a matrix–matrix
/// operation (BLAS 3), which is what makes a triangular solve or a product with an n×n matrix run at compute speed
/// rather than memory speed.
/// </summary>
public static class BlockKrylov
{
    /// <summary>A vector whose norm falls below this fraction of its norm before orthogonalization is taken as lying in
    /// the basis already (after two Gram–Schmidt passes, a genuine new direction keeps far more than this).</summary>
    private const double DeflationRatio = 1e-8;

    /// <summary>Up to this basis size the Ritz pairs are extracted after every block; beyond it every
    /// <see cref="RitzInterval"/> blocks, since the projected eigenproblem's O(m³) grows to rival the solves.</summary>
    private const int RitzEveryBlockUpTo = 256;

    /// <summary>See <see cref="RitzEveryBlockUpTo"/>.</summary>
    private const int RitzInterval = 4;

    /// <summary>Blocks without a 2× fall of the largest residual after which the iteration stops, once the relative
    /// residual is below <see cref="StagnationLevel"/>: the residuals have reached the rounding floor of the operator.
    /// (Above that level a plateau is Lanczos waiting for a cluster to resolve, and it goes on.)</summary>
    private const int StagnationBlocks = 6;

    /// <summary>See <see cref="StagnationBlocks"/>: relative residuals this small are rounding-limited for the
    /// operators used here (a Cholesky solve's relative error is about κ·ε).</summary>
    private const double StagnationLevel = 1e-8;

    /// <summary>
    /// The <paramref name="wanted"/> largest eigenpairs of the symmetric operator <paramref name="apply"/> on ℝⁿ, stopping
    /// when each residual is at most <paramref name="relativeTolerance"/>·|θ_1|, when the basis reaches
    /// <paramref name="maxBasis"/> vectors (or n: then the Ritz pairs are exact), or when the residuals stagnate.
    /// </summary>
    /// <param name="apply">The operator.</param>
    /// <param name="n">Its dimension.</param>
    /// <param name="blockSize">Vectors per block (clamped to 1..n).</param>
    /// <param name="wanted">How many of the largest pairs to return (1..n).</param>
    /// <param name="relativeTolerance">Residual target relative to |θ_1|.</param>
    /// <param name="valueTolerance">Also stop when, at two extractions in a row (one, once extractions are
    /// <see cref="RitzInterval"/> blocks apart), no wanted Ritz value moved by more than this relative amount (0: never). Ritz values converge quadratically faster than vectors: in a tight cluster the value
    /// is exact long before the vector's residual falls.</param>
    /// <param name="maxBasis">The largest basis kept (its memory is 2·maxBasis·n doubles: Q and AQ).</param>
    /// <param name="minBasis">Go on at least to this basis size (for the history of <see cref="RitzPairs.Smallest"/>).</param>
    /// <param name="extra">Further pairs returned (the next-largest Ritz pairs, not waited for).</param>
    /// <param name="seed">Seed of the Gaussian start block (and of any restart vector).</param>
    /// <param name="la">Backend for the basis products.</param>
    /// <param name="progress">Called after each Ritz extraction with the basis size, the largest relative residual and the pairs.</param>
    public static RitzPairs Largest(BlockOperator apply, int n, int blockSize, int wanted, double relativeTolerance, int maxBasis,
        ulong seed, ILinearAlgebra la, Action<int, double, RitzPairs>? progress = null, double valueTolerance = 0, int extra = 0, int minBasis = 0)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "needs n ≥ 1");
        if (wanted < 1 || wanted > n || extra < 0) throw new ArgumentOutOfRangeException(nameof(wanted), $"{wanted} pairs of an operator on ℝ^{n}");
        int b = Math.Clamp(blockSize, 1, n);
        int cap = Math.Min(n, Math.Max(maxBasis, b + wanted + extra));
        var q = new double[(long)cap * n];
        var aq = new double[(long)cap * n];
        var t = new double[(long)cap * cap];
        var rng = new Rng(seed);
        int m = 0, applications = 0, stagnant = 0, settled = 0;
        double best = double.PositiveInfinity;
        rng.FillGaussian(q.AsSpan(0, b * n));
        int added = Orthonormalize(q, 0, b, n, rng, la);
        RitzPairs? ritz = null;
        while (true)
        {
            apply(q.AsSpan(m * n, added * n), aq.AsSpan(m * n, added * n), added);
            applications += added;
            Project(q, aq, t, cap, m, added, n, la);
            m += added;
            bool last = m == n || m == cap;
            if (last || m <= RitzEveryBlockUpTo || (m / b) % RitzInterval == 0)
            {
                var previous = ritz;
                ritz = Ritz(q, aq, t, cap, m, n, Math.Min(wanted + extra, m), la);
                double worst = ritz.Residuals.Take(wanted).Max() / Math.Abs(ritz.Values[0]);
                progress?.Invoke(m, worst, ritz);
                bool still = previous != null && previous.Values.Length == ritz.Values.Length
                    && ritz.Values.Take(wanted).Select((v, j) => Math.Abs(v - previous.Values[j])).Max() <= valueTolerance * Math.Abs(ritz.Values[0]);
                settled = still ? settled + 1 : 0;
                bool done = ritz.Values.Length >= wanted && m >= Math.Min(minBasis, n) && (worst <= relativeTolerance || settled >= 2 || (settled == 1 && m > RitzEveryBlockUpTo));
                if (worst < best / 2) { best = worst; stagnant = 0; }
                else stagnant++;
                if (done || m == n) return ritz with { Applications = applications, Converged = true };
                if (last || (stagnant >= StagnationBlocks && worst <= StagnationLevel)) return ritz with { Applications = applications, Converged = false };
            }
            int next = Math.Min(b, cap - m);
            aq.AsSpan((m - added) * n, next * n).CopyTo(q.AsSpan(m * n, next * n));
            added = Orthonormalize(q, m, next, n, rng, la);
        }
    }

    /// <summary>Fills columns m..m+added of T = QᵀAQ from the new products: T[0..m+added, m..m+added] = Q·(AQ_new)ᵀ,
    /// mirrored (the new diagonal block symmetrized, as rounding leaves it slightly unsymmetric).</summary>
    private static void Project(double[] q, double[] aq, double[] t, int cap, int m, int added, int n, ILinearAlgebra la)
    {
        int rows = m + added;
        var block = new double[rows * added];
        la.Gemm(Op.None, Op.Transpose, rows, added, n, 1.0, q.AsSpan(0, rows * n), n, aq.AsSpan(m * n, added * n), n, 0.0, block, added);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < added; j++)
            {
                t[(long)i * cap + m + j] = block[i * added + j];
                if (i < m) t[(long)(m + j) * cap + i] = block[i * added + j];
            }
        for (int i = m; i < rows; i++)
            for (int j = i + 1; j < rows; j++)
            {
                double s = 0.5 * (t[(long)i * cap + j] + t[(long)j * cap + i]);
                t[(long)i * cap + j] = s;
                t[(long)j * cap + i] = s;
            }
    }

    /// <summary>The <paramref name="count"/> largest Ritz pairs of the m-dimensional basis, with their residuals
    /// ‖AQs − θQs‖ computed from the stored products.</summary>
    private static RitzPairs Ritz(double[] q, double[] aq, double[] t, int cap, int m, int n, int count, ILinearAlgebra la)
    {
        var small = new double[m * m];
        for (int i = 0; i < m; i++) Array.Copy(t, (long)i * cap, small, i * m, m);
        var w = new double[m];
        la.SymmetricEigen(small, m, w);
        var s = new double[count * m];
        var values = new double[count];
        for (int j = 0; j < count; j++)
        {
            values[j] = w[m - 1 - j];
            Array.Copy(small, (m - 1 - j) * m, s, j * m, m);
        }
        var u = new double[count * n];
        var au = new double[count * n];
        la.Gemm(Op.None, Op.None, count, n, m, 1.0, s, m, q.AsSpan(0, m * n), n, 0.0, u, n);
        la.Gemm(Op.None, Op.None, count, n, m, 1.0, s, m, aq.AsSpan(0, m * n), n, 0.0, au, n);
        var residuals = new double[count];
        for (int j = 0; j < count; j++)
        {
            var r = au.AsSpan(j * n, n);
            TensorPrimitives.MultiplyAdd(u.AsSpan(j * n, n), -values[j], r, r);
            residuals[j] = TensorPrimitives.Norm(r);
        }
        return new RitzPairs(values, u, residuals, 0, false, w[0]);
    }

    /// <summary>
    /// Orthonormalizes rows m..m+count of <paramref name="q"/> against rows 0..m and among themselves: the block against
    /// the basis by classical Gram–Schmidt applied twice (two matrix products each), then each row against the rows of
    /// its block kept before it, twice. A row that deflates is replaced by a fresh Gaussian vector and orthonormalized
    /// against everything. Returns the rows kept (count, unless the basis spans ℝⁿ).
    /// </summary>
    private static int Orthonormalize(double[] q, int m, int count, int n, Rng rng, ILinearAlgebra la)
    {
        var norms = new double[count];
        for (int j = 0; j < count; j++) norms[j] = TensorPrimitives.Norm(q.AsSpan((m + j) * n, n));
        for (int pass = 0; pass < 2; pass++) SubtractBlock(q, 0, m, count, n, la);
        int kept = 0;
        for (int j = 0; j < count && m + kept < n; j++)
        {
            var v = q.AsSpan((m + kept) * n, n);
            if (j != kept) q.AsSpan((m + j) * n, n).CopyTo(v);
            double before = norms[j];
            for (int attempt = 0; ; attempt++)
            {
                for (int pass = 0; pass < 2; pass++) SubtractBlock(q, attempt == 0 ? m : 0, m + kept, 1, n, la);
                double after = TensorPrimitives.Norm(v);
                if (after > DeflationRatio * before && after > 0)
                {
                    TensorPrimitives.Divide(v, after, v);
                    kept++;
                    break;
                }
                if (attempt == 3) throw new InvalidOperationException("block Krylov: could not extend the basis (rank-deficient operator?)");
                rng.FillGaussian(v);
                before = TensorPrimitives.Norm(v);
            }
        }
        return kept;
    }

    /// <summary>Rows r..r+count of q ← themselves minus their projection on the orthonormal rows from..r.</summary>
    private static void SubtractBlock(double[] q, int from, int r, int count, int n, ILinearAlgebra la)
    {
        int rows = r - from;
        if (rows <= 0) return;
        var basis = q.AsSpan(from * n, rows * n);
        var block = q.AsSpan(r * n, count * n);
        var c = new double[count * rows];
        la.Gemm(Op.None, Op.Transpose, count, rows, n, 1.0, block, n, basis, n, 0.0, c, rows);
        la.Gemm(Op.None, Op.None, count, n, rows, -1.0, c, rows, basis, n, 1.0, block, n);
    }
}
