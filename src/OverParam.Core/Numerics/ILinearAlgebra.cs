namespace OverParam.Numerics;

/// <summary>Whether a matrix operand enters a product as stored or transposed.</summary>
public enum Op
{
    /// <summary>Use the matrix as stored.</summary>
    None,
    /// <summary>Use its transpose.</summary>
    Transpose,
}

/// <summary>
/// The dense linear algebra OverParam needs, on row-major matrices. Two implementations exist:
/// <see cref="OpenBlasBackend"/> (the system's OpenBLAS and LAPACKE, found at run time) and
/// <see cref="ManagedBackend"/> (plain C#, the reference the native one is tested against).
/// A backend is passed explicitly to every computation; there is no global one.
/// </summary>
/// <remarks>
/// Conventions: every matrix is row-major with a leading dimension (<c>ld</c>) equal to its row stride.
/// Shapes are those of BLAS: <c>op(A)</c> is m×k, <c>op(B)</c> is k×n and C is m×n. Sizes of 0 are allowed and do nothing
/// (beyond scaling C by beta). Arguments are validated here, at the public entry; the implementations trust them.
/// </remarks>
public interface ILinearAlgebra
{
    /// <summary>A short name shown at start-up, e.g. "openblas 0.3.21 (Haswell, 2 threads)".</summary>
    string Description { get; }

    /// <summary>Backend name as accepted by <c>--backend</c>.</summary>
    string Name { get; }

    /// <summary>C ← alpha·op(A)·op(B) + beta·C in float32 (BLAS sgemm).</summary>
    void Gemm(Op opA, Op opB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>C ← alpha·op(A)·op(B) + beta·C in float64 (BLAS dgemm).</summary>
    void Gemm(Op opA, Op opB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);

    /// <summary>
    /// The lower triangle (row ≥ column) of C ← alpha·A·Aᵀ + beta·C for A of shape n×k (BLAS dsyrk, uplo = lower,
    /// no transpose). The strict upper triangle of C is left untouched.
    /// </summary>
    void SyrkLower(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc);

    /// <summary><see cref="SyrkLower(int, int, double, ReadOnlySpan{double}, int, double, Span{double}, int)"/> in float32 (BLAS ssyrk).</summary>
    void SyrkLower(int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc);

    /// <summary>
    /// All eigenvalues of the symmetric n×n matrix whose lower triangle is in <paramref name="a"/>, ascending,
    /// into <paramref name="w"/> (LAPACK dsyevd, jobz = N). <paramref name="a"/> is destroyed.
    /// </summary>
    /// <exception cref="LapackException">The algorithm failed to converge.</exception>
    void SymmetricEigenvalues(Span<double> a, int n, Span<double> w);

    /// <summary>
    /// All eigenpairs of the symmetric n×n matrix (lower triangle read), eigenvalues ascending into <paramref name="w"/>;
    /// on exit row j of <paramref name="a"/> holds the unit eigenvector of w[j] (LAPACK dsyevd, jobz = V).
    /// </summary>
    void SymmetricEigen(Span<double> a, int n, Span<double> w);

    /// <summary>
    /// Eigenvalues number <paramref name="first"/>..<paramref name="last"/> (1-based, ascending order) of the symmetric
    /// n×n matrix (lower triangle read) into w[0..last-first] (LAPACK dsyevr, range = I). <paramref name="a"/> is destroyed.
    /// </summary>
    void SymmetricEigenvalueRange(Span<double> a, int n, int first, int last, Span<double> w);

    /// <summary>
    /// The Cholesky factor L (A = LLᵀ) of the symmetric n×n matrix whose lower triangle is in <paramref name="a"/>, written
    /// over that lower triangle (LAPACK dpotrf). The strict upper triangle is left untouched, so a full symmetric matrix
    /// keeps A's off-diagonal entries there. Returns 0, or k ≥ 1 when the leading k×k minor is not positive definite
    /// (the factorization stopped; a Cholesky that succeeds proves λ_min(A) &gt; 0 up to its backward error, about
    /// n·ε·‖A‖₂). Cost n³/3 flops.
    /// </summary>
    int CholeskyLower(Span<double> a, int n);

    /// <summary>
    /// Solves A X = B for <paramref name="count"/> right-hand sides with the factor of <see cref="CholeskyLower(Span{double}, int)"/>
    /// (LAPACK dpotrs). B holds the vectors as rows (count×n row-major) and is overwritten by X.
    /// </summary>
    void CholeskySolve(ReadOnlySpan<double> factor, int n, Span<double> b, int count);

    /// <summary>
    /// <see cref="CholeskyLower(Span{double}, int)"/> in float32 (LAPACK spotrf): twice dpotrf's rate and half its memory,
    /// with a backward error of about n·ε₃₂·‖A‖₂ (ε₃₂ = 2⁻²⁴ ≈ 6·10⁻⁸), so it proves positive definiteness only above that.
    /// </summary>
    int CholeskyLower(Span<float> a, int n);

    /// <summary><see cref="CholeskySolve(ReadOnlySpan{double}, int, Span{double}, int)"/> in float32 (LAPACK spotrs).</summary>
    void CholeskySolve(ReadOnlySpan<float> factor, int n, Span<float> b, int count);

    /// <summary>
    /// C ← A·B for the symmetric n×n A whose upper triangle (diagonal included) is in <paramref name="a"/> and
    /// <paramref name="count"/> vectors B stored as rows (count×n row-major), results as rows of C (BLAS dsymm).
    /// </summary>
    void SymmetricMultiplyUpper(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> b, int count, Span<double> c);

    /// <summary>
    /// B ← B·L⁻ᵀ (<paramref name="transpose"/>) or B·L⁻¹ for the lower-triangular n×n L in <paramref name="l"/> (row-major,
    /// leading dimension n; the strict upper triangle is not read) and the m×n matrix B (row-major, leading dimension
    /// <paramref name="ldb"/>): each row b is replaced by the solution x of x·Lᵀ = b (that is, L xᵀ = bᵀ) or x·L = b
    /// (BLAS dtrsm, side right). The forward and back substitutions of a Cholesky solve on a block of vectors stored as rows.
    /// </summary>
    void TriangularSolveRight(ReadOnlySpan<double> l, int n, bool transpose, Span<double> b, int m, int ldb);

    /// <summary><see cref="TriangularSolveRight(ReadOnlySpan{double}, int, bool, Span{double}, int, int)"/> in float32 (BLAS strsm).</summary>
    void TriangularSolveRight(ReadOnlySpan<float> l, int n, bool transpose, Span<float> b, int m, int ldb);
}
