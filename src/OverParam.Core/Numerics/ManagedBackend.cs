using System.Numerics;
using System.Numerics.Tensors;

namespace OverParam.Numerics;

/// <summary>
/// <see cref="ILinearAlgebra"/> in plain C#: the reference implementation the native backend is tested against, and the
/// fallback where no BLAS is installed. Products are row-by-row axpy loops vectorized by <see cref="TensorPrimitives"/>
/// (about an order of magnitude below OpenBLAS); eigenproblems use MathNet.Numerics' managed symmetric solver
/// (Householder tridiagonalization and implicit QL).
/// </summary>
/// <param name="maxParallelism">Rows are split over at most this many threads (≥ 1).</param>
public sealed partial class ManagedBackend(int maxParallelism) : ILinearAlgebra
{
    private readonly ParallelOptions _parallel = new()
    {
        MaxDegreeOfParallelism = maxParallelism >= 1
            ? maxParallelism
            : throw new ArgumentOutOfRangeException(nameof(maxParallelism), "must be at least 1"),
    };

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public string Description => $"managed (C# reference: TensorPrimitives + MathNet.Numerics, {_parallel.MaxDegreeOfParallelism} threads)";

    /// <inheritdoc/>
    public void Gemm(Op opA, Op opB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Checks.Gemm(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmCore(opA, opB, m, n, k, alpha, a.ToArray(), lda, b, ldb, beta, c, ldc);
    }

    /// <inheritdoc/>
    public void Gemm(Op opA, Op opB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Checks.Gemm(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmCore(opA, opB, m, n, k, alpha, a.ToArray(), lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// C ← alpha·op(A)·op(B) + beta·C: op(B) is first laid out row-major (k×n), then row i of C accumulates
    /// alpha·op(A)[i,p]·op(B)[p,:] over p. beta = 0 overwrites C without reading it, as BLAS does.
    /// </summary>
    private unsafe void GemmCore<T>(Op opA, Op opB, int m, int n, int k, T alpha, T[] a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        var bk = new T[(long)k * n];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                bk[(long)p * n + j] = opB == Op.None ? b[p * ldb + j] : b[j * ldb + p];
        fixed (T* pc = c)
        {
            var cPtr = (IntPtr)pc;
            Parallel.For(0, m, _parallel, i =>
            {
                var row = new Span<T>((T*)cPtr + (long)i * ldc, n);
                if (T.IsZero(beta)) row.Clear();
                else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (opA == Op.None ? a[(long)i * lda + p] : a[(long)p * lda + i]);
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(bk, p * n, n), aip, row, row);
                }
            });
        }
    }

    /// <inheritdoc/>
    public void SyrkLower(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc) =>
        Syrk(n, k, alpha, a, lda, beta, c, ldc);

    /// <inheritdoc/>
    /// <remarks>The float64 loop in float32.</remarks>
    public void SyrkLower(int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc) =>
        Syrk(n, k, alpha, a, lda, beta, c, ldc);

    private unsafe void Syrk<T>(int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Checks.Matrix(a.Length, n, k, lda, nameof(a));
        Checks.Matrix(c.Length, n, n, ldc, nameof(c));
        var aa = a.ToArray();
        fixed (T* pc = c)
        {
            var cPtr = (IntPtr)pc;
            Parallel.For(0, n, _parallel, i =>
            {
                var ai = new ReadOnlySpan<T>(aa, i * lda, k);
                T* ci = (T*)cPtr + (long)i * ldc;
                for (int j = 0; j <= i; j++)
                {
                    T dot = TensorPrimitives.Dot<T>(ai, new ReadOnlySpan<T>(aa, j * lda, k));
                    ci[j] = beta == T.Zero ? alpha * dot : alpha * dot + beta * ci[j];
                }
            });
        }
    }
}
