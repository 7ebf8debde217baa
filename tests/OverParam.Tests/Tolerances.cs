namespace OverParam.Tests;

/// <summary>Every tolerance the tests use, with the reason for its size.</summary>
internal static class Tolerances
{
    /// <summary>
    /// Closed-form kernel entries computed in float64 from a handful of operations: a few ulps of values ≤ 1.
    /// </summary>
    public const double ClosedForm = 1e-14;

    /// <summary>
    /// Eigenvalues of small (n ≤ 16) matrices from LAPACK or MathNet: backward stable, error ≈ n·ε·‖A‖ ≤ 16·2.2e-16·n/2.
    /// </summary>
    public const double SmallEigen = 1e-13;

    /// <summary>
    /// The native and managed backends in float64, relative to the largest entry (the 1e-12): both compute dot
    /// products of length ≤ 300 whose rounding differs by at most k·ε ≈ 7e-14 relative.
    /// </summary>
    public const double BackendsAgreeF64 = 1e-12;

    /// <summary>Float32 products of length ≤ 300 in two summation orders: k·ε32 ≈ 300·6e-8 ≈ 2e-5, relative.</summary>
    public const double BackendsAgreeF32 = 5e-5;

    /// <summary>
    /// λ_min from the Cholesky + block Lanczos path against the full eigensolver, relative to λ_max (issue 12's figure):
    /// both are backward stable with errors ≈ c·n·ε·λ_max, about 1e-13·λ_max at the tests' n ≤ 400.
    /// </summary>
    public const double SmallestEigenAgreement = 1e-10;

    /// <summary>
    /// The residual ‖Hv − λv‖ of that path's vector, relative to λ_max. Lanczos stops once λ_min's Ritz value settles
    /// (to 1e-12 relative), and the value's error is about ‖r‖²/gap, so the residual may stop well above the value's error:
    /// a settled value with gap ≳ 1e-4·λ_max allows ‖r‖ up to √(1e-12·λ_min·gap) ≈ 1e-8·λ_max.
    /// </summary>
    public const double SmallestEigenResidual = 1e-8;

    /// <summary>
    /// A Cholesky factor and triangular solves against the managed reference, relative: forward errors grow with the
    /// condition number κ; the test matrices have κ ≤ 1e4, so κ·n·ε ≈ 1e4·100·2.2e-16 ≈ 2e-10.
    /// </summary>
    /// <summary>
    /// The float32 Cholesky (spotrf/spotrs and the managed loops in float): LLᵀ reproduces A, and a solve inverts A·x,
    /// to a few hundred ε₃₂ = 6e-8 relative at the sizes tested (n ≤ 130, κ ≤ about 10 with the shift 0.5 of the test matrices).
    /// </summary>
    public const double CholeskySolveF32 = 2e-5;

    public const double CholeskySolve = 1e-9;

    /// <summary>
    /// A kernel entry formed from a block's own inner products (dgemm) against the whole matrix's (dsyrk), relative to the
    /// largest entry: the inner products of d ≤ 10 values differ by a few ulps, and the kernels' maps (arccos, the
    /// recursion's Gauss–Hermite sums over depth 3) amplify that by at most ~10, so entries agree to ~1e-14.
    /// </summary>
    public const double BlockEntries = 1e-13;

    /// <summary>
    /// Eigenvalues from ScaLAPACK's pdsyevr on a distributed matrix against LAPACK's dsyevd on the whole one, relative to
    /// λ_max (issue 12's figure): both backward stable, errors ≈ c·n·ε·λ_max ≈ 1e-13·λ_max at the tests' n ≤ 200.
    /// </summary>
    public const double DistributedEigenvalues = 1e-10;

    /// <summary>
    /// λ_min from gram --distributed --eig min (pdpotrf + shift-invert Lanczos) against the single-machine --eig min and
    /// against pdsyevr's smallest eigenvalue, relative to λ_max: each is backward stable (the factors are exact for
    /// H + E with ‖E‖ ≲ c·n·ε·λ_max ≈ 1e-13·λ_max at the tests' n ≤ 400, Higham Thm 10.3) and each Ritz value is
    /// settled to 1e-12 relative, so they agree to ~1e-13·λ_max; 1e-10 leaves a factor 1000 for c.
    /// </summary>
    public const double DistributedSmallestEigen = 1e-10;

    /// <summary>
    /// λ_min of an exactly singular H (two identical inputs), relative to λ_max: whether the Cholesky of H succeeds with a
    /// tiny pivot or fails (then the full eigensolver answers), the value is the rounding of a zero eigenvalue, a few
    /// n·ε·λ_max ≈ 1e-13·λ_max at n ≤ 400.
    /// </summary>
    public const double SingularLambdaMin = 1e-10;
}
