using OverParam.Numerics.Native;

namespace OverParam.Numerics;

/// <summary>
/// <see cref="ILinearAlgebra"/> on the system's OpenBLAS (CBLAS) and LAPACKE, called through function pointers
/// resolved at run time. Threading is OpenBLAS's own (OPENBLAS_NUM_THREADS is left as the machine sets it).
/// </summary>
public sealed unsafe class OpenBlasBackend : ILinearAlgebra
{
    private readonly OpenBlasLibrary _blas;
    private readonly LapackeLibrary _lapacke;

    private OpenBlasBackend(OpenBlasLibrary blas, LapackeLibrary lapacke)
    {
        _blas = blas;
        _lapacke = lapacke;
    }

    /// <summary>Loads the native libraries, or returns null and says why.</summary>
    public static OpenBlasBackend? TryCreate(out string? reason)
    {
        var blas = OpenBlasLibrary.TryLoad(out reason);
        if (blas == null) return null;
        var lapacke = LapackeLibrary.TryLoad(out reason);
        return lapacke == null ? null : new OpenBlasBackend(blas, lapacke);
    }

    /// <inheritdoc/>
    public string Name => "openblas";

    /// <summary>Threads OpenBLAS runs.</summary>
    public int Threads => _blas.Threads;

    /// <inheritdoc/>
    public string Description => $"openblas ({_blas.Config.Trim()}; core {_blas.CoreName}; {Threads} threads) + lapacke";

    private static int Trans(Op op) => op == Op.None ? OpenBlasLibrary.NoTrans : OpenBlasLibrary.Trans;

    /// <inheritdoc/>
    public void Gemm(Op opA, Op opB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Checks.Gemm(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
            _blas.Sgemm(OpenBlasLibrary.RowMajor, Trans(opA), Trans(opB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void Gemm(Op opA, Op opB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Checks.Gemm(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (double* pa = a, pb = b, pc = c)
            _blas.Dgemm(OpenBlasLibrary.RowMajor, Trans(opA), Trans(opB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void SyrkLower(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
        Checks.Matrix(a.Length, n, k, lda, nameof(a));
        Checks.Matrix(c.Length, n, n, ldc, nameof(c));
        if (n == 0) return;
        fixed (double* pa = a, pc = c)
            _blas.Dsyrk(OpenBlasLibrary.RowMajor, OpenBlasLibrary.Lower, OpenBlasLibrary.NoTrans, n, k, alpha, pa, lda, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void SyrkLower(int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc)
    {
        Checks.Matrix(a.Length, n, k, lda, nameof(a));
        Checks.Matrix(c.Length, n, n, ldc, nameof(c));
        if (n == 0) return;
        fixed (float* pa = a, pc = c)
            _blas.Ssyrk(OpenBlasLibrary.RowMajor, OpenBlasLibrary.Lower, OpenBlasLibrary.NoTrans, n, k, alpha, pa, lda, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void SymmetricEigenvalues(Span<double> a, int n, Span<double> w) => Syevd(a, n, w, (byte)'N');

    /// <inheritdoc/>
    public void SymmetricEigen(Span<double> a, int n, Span<double> w) => Syevd(a, n, w, (byte)'V');

    private void Syevd(Span<double> a, int n, Span<double> w, byte jobz)
    {
        Checks.Square(a.Length, n, w.Length, n);
        if (n == 0) return;
        int info;
        // Row-major lower triangle == column-major upper triangle (see LapackeLibrary).
        fixed (double* pa = a, pw = w)
            info = _lapacke.Dsyevd(LapackeLibrary.ColMajor, jobz, (byte)'U', n, pa, n, pw);
        if (info != 0) throw new LapackException("dsyevd", info);
    }

    /// <inheritdoc/>
    public void SymmetricEigenvalueRange(Span<double> a, int n, int first, int last, Span<double> w)
    {
        Checks.Range(n, first, last);
        Checks.Square(a.Length, n, w.Length, last - first + 1);
        var isuppz = new int[2 * n];
        // LAPACK's W has dimension n whatever the range (dsyevr uses all of it), so it cannot be the caller's shorter w.
        var all = new double[n];
        int found, info;
        fixed (double* pa = a, pw = all)
        fixed (int* pi = isuppz)
        {
            double dummyZ = 0;
            info = _lapacke.Dsyevr(LapackeLibrary.ColMajor, (byte)'N', (byte)'I', (byte)'U', n, pa, n, 0, 0, first, last,
                0.0, &found, pw, &dummyZ, 1, pi);
        }
        if (info != 0) throw new LapackException("dsyevr", info);
        if (found != last - first + 1) throw new LapackException("dsyevr", found);
        all.AsSpan(0, found).CopyTo(w);
    }

    /// <inheritdoc/>
    public int CholeskyLower(Span<double> a, int n)
    {
        Checks.Square(a.Length, n, 0, 0);
        if (n == 0) return 0;
        int info;
        // Row-major lower triangle == column-major upper triangle (see LapackeLibrary).
        fixed (double* pa = a)
            info = _lapacke.Dpotrf(LapackeLibrary.ColMajor, (byte)'U', n, pa, n);
        if (info < 0) throw new LapackException("dpotrf", info);
        return info;
    }

    /// <inheritdoc/>
    public void CholeskySolve(ReadOnlySpan<double> factor, int n, Span<double> b, int count)
    {
        Checks.Square(factor.Length, n, 0, 0);
        Checks.Matrix(b.Length, count, n, Math.Max(1, n), nameof(b));
        if (n == 0 || count == 0) return;
        int info;
        // Rows of b (count×n row-major) are the columns of an n×count column-major matrix with ldb = n.
        fixed (double* pa = factor, pb = b)
            info = _lapacke.Dpotrs(LapackeLibrary.ColMajor, (byte)'U', n, count, pa, n, pb, n);
        if (info != 0) throw new LapackException("dpotrs", info);
    }

    /// <inheritdoc/>
    public int CholeskyLower(Span<float> a, int n)
    {
        Checks.Square(a.Length, n, 0, 0);
        if (n == 0) return 0;
        int info;
        fixed (float* pa = a)
            info = _lapacke.Spotrf(LapackeLibrary.ColMajor, (byte)'U', n, pa, n);
        if (info < 0) throw new LapackException("spotrf", info);
        return info;
    }

    /// <inheritdoc/>
    public void CholeskySolve(ReadOnlySpan<float> factor, int n, Span<float> b, int count)
    {
        Checks.Square(factor.Length, n, 0, 0);
        Checks.Matrix(b.Length, count, n, Math.Max(1, n), nameof(b));
        if (n == 0 || count == 0) return;
        int info;
        fixed (float* pa = factor, pb = b)
            info = _lapacke.Spotrs(LapackeLibrary.ColMajor, (byte)'U', n, count, pa, n, pb, n);
        if (info != 0) throw new LapackException("spotrs", info);
    }

    /// <inheritdoc/>
    public void SymmetricMultiplyUpper(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> b, int count, Span<double> c)
    {
        Checks.Square(a.Length, n, 0, 0);
        Checks.Matrix(b.Length, count, n, Math.Max(1, n), nameof(b));
        Checks.Matrix(c.Length, count, n, Math.Max(1, n), nameof(c));
        if (n == 0 || count == 0) return;
        // Rows of C are (A b_j)ᵀ = b_jᵀ A: C = B·A with A on the right (A symmetric).
        fixed (double* pa = a, pb = b, pc = c)
            _blas.Dsymm(OpenBlasLibrary.RowMajor, OpenBlasLibrary.Right, OpenBlasLibrary.Upper, count, n, 1.0, pa, n, pb, n, 0.0, pc, n);
    }

    /// <inheritdoc/>
    public void TriangularSolveRight(ReadOnlySpan<double> l, int n, bool transpose, Span<double> b, int m, int ldb)
    {
        Checks.Square(l.Length, n, 0, 0);
        Checks.Matrix(b.Length, m, n, ldb, nameof(b));
        if (n == 0 || m == 0) return;
        fixed (double* pl = l, pb = b)
            _blas.Dtrsm(OpenBlasLibrary.RowMajor, OpenBlasLibrary.Right, OpenBlasLibrary.Lower,
                transpose ? OpenBlasLibrary.Trans : OpenBlasLibrary.NoTrans, OpenBlasLibrary.NonUnit, m, n, 1.0, pl, n, pb, ldb);
    }

    /// <inheritdoc/>
    public void TriangularSolveRight(ReadOnlySpan<float> l, int n, bool transpose, Span<float> b, int m, int ldb)
    {
        Checks.Square(l.Length, n, 0, 0);
        Checks.Matrix(b.Length, m, n, ldb, nameof(b));
        if (n == 0 || m == 0) return;
        fixed (float* pl = l, pb = b)
            _blas.Strsm(OpenBlasLibrary.RowMajor, OpenBlasLibrary.Right, OpenBlasLibrary.Lower,
                transpose ? OpenBlasLibrary.Trans : OpenBlasLibrary.NoTrans, OpenBlasLibrary.NonUnit, m, n, 1.0f, pl, n, pb, ldb);
    }
}
