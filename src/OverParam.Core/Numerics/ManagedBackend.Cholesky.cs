using System.Numerics;
using System.Numerics.Tensors;

namespace OverParam.Numerics;

/// <summary>The Cholesky factorization and the symmetric product of <see cref="ManagedBackend"/>: plain loops, the
/// reference the LAPACK path (dpotrf, dpotrs, dsymm) is tested against.</summary>
public sealed partial class ManagedBackend
{
    /// <inheritdoc/>
    /// <remarks>Row-oriented Cholesky–Crout (<see cref="Cholesky{T}"/>).</remarks>
    public int CholeskyLower(Span<double> a, int n) => Cholesky(a, n);

    /// <inheritdoc/>
    /// <remarks>The float64 loops in float32 (<see cref="Cholesky{T}"/>).</remarks>
    public int CholeskyLower(Span<float> a, int n) => Cholesky(a, n);

    /// <inheritdoc/>
    /// <remarks>Forward substitution L z = b, then back substitution Lᵀ x = z (<see cref="TriangularSolveRight(ReadOnlySpan{double}, int, bool, Span{double}, int, int)"/>).</remarks>
    public void CholeskySolve(ReadOnlySpan<double> factor, int n, Span<double> b, int count) => Solve(factor, n, b, count);

    /// <inheritdoc/>
    public void CholeskySolve(ReadOnlySpan<float> factor, int n, Span<float> b, int count) => Solve(factor, n, b, count);

    /// <summary>Row-oriented Cholesky–Crout: L_jj = √(a_jj − Σ_{k&lt;j} L_jk²), then L_ij = (a_ij − Σ_{k&lt;j} L_ik L_jk)/L_jj
    /// for i &gt; j, rows in parallel; every sum is a contiguous dot product of two row prefixes.</summary>
    private unsafe int Cholesky<T>(Span<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Checks.Square(a.Length, n, 0, 0);
        fixed (T* pa = a)
        {
            var p = (IntPtr)pa;
            for (int j = 0; j < n; j++)
            {
                var rowJ = new Span<T>((T*)p + (long)j * n, j + 1);
                T pivot = rowJ[j] - TensorPrimitives.Dot<T>(rowJ[..j], rowJ[..j]);
                if (!(pivot > T.Zero)) return j + 1;
                T ljj = T.Sqrt(pivot);
                rowJ[j] = ljj;
                int col = j;
                Parallel.For(j + 1, n, _parallel, i =>
                {
                    var rowI = new Span<T>((T*)p + (long)i * n, col + 1);
                    var lj = new ReadOnlySpan<T>((T*)p + (long)col * n, col);
                    rowI[col] = (rowI[col] - TensorPrimitives.Dot<T>(rowI[..col], lj)) / ljj;
                });
            }
        }
        return 0;
    }

    private void Solve<T>(ReadOnlySpan<T> factor, int n, Span<T> b, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Checks.Square(factor.Length, n, 0, 0);
        Checks.Matrix(b.Length, count, n, Math.Max(1, n), nameof(b));
        if (n == 0 || count == 0) return;
        TriangularSolve(factor, n, transpose: true, b, count, n);
        TriangularSolve(factor, n, transpose: false, b, count, n);
    }

    /// <inheritdoc/>
    /// <remarks>Row i of the upper triangle gives (A b)_i its terms k ≥ i (a dot product) and, by symmetry, adds a_ik b_i
    /// to (A b)_k for k &gt; i (an axpy).</remarks>
    public void SymmetricMultiplyUpper(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> b, int count, Span<double> c)
    {
        Checks.Square(a.Length, n, 0, 0);
        Checks.Matrix(b.Length, count, n, Math.Max(1, n), nameof(b));
        Checks.Matrix(c.Length, count, n, Math.Max(1, n), nameof(c));
        for (int v = 0; v < count; v++)
        {
            var x = b.Slice(v * n, n);
            var y = c.Slice(v * n, n);
            y.Clear();
            for (int i = 0; i < n; i++)
            {
                var row = a.Slice(i * n + i, n - i);
                y[i] += TensorPrimitives.Dot(row, x[i..]);
                TensorPrimitives.MultiplyAdd(row[1..], x[i], y[(i + 1)..], y[(i + 1)..]);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Each row b: with <paramref name="transpose"/>, forward substitution L xᵀ = bᵀ; otherwise back substitution
    /// Lᵀ xᵀ = bᵀ; rows in parallel.</remarks>
    public void TriangularSolveRight(ReadOnlySpan<double> l, int n, bool transpose, Span<double> b, int m, int ldb) =>
        TriangularSolve(l, n, transpose, b, m, ldb);

    /// <inheritdoc/>
    /// <remarks>The float64 substitutions in float32.</remarks>
    public void TriangularSolveRight(ReadOnlySpan<float> l, int n, bool transpose, Span<float> b, int m, int ldb) =>
        TriangularSolve(l, n, transpose, b, m, ldb);

    private unsafe void TriangularSolve<T>(ReadOnlySpan<T> l, int n, bool transpose, Span<T> b, int m, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Checks.Square(l.Length, n, 0, 0);
        Checks.Matrix(b.Length, m, n, ldb, nameof(b));
        fixed (T* pl = l, pb = b)
        {
            var (lp, bp) = ((IntPtr)pl, (IntPtr)pb);
            Parallel.For(0, m, _parallel, r =>
            {
                var factor = new ReadOnlySpan<T>((T*)lp, n * n);
                var x = new Span<T>((T*)bp + (long)r * ldb, n);
                if (transpose)
                    for (int i = 0; i < n; i++)
                        x[i] = (x[i] - TensorPrimitives.Dot<T>(factor.Slice(i * n, i), x[..i])) / factor[i * n + i];
                else
                    for (int i = n - 1; i >= 0; i--)
                    {
                        x[i] /= factor[i * n + i];
                        TensorPrimitives.MultiplyAdd<T>(factor.Slice(i * n, i), -x[i], x[..i], x[..i]);
                    }
            });
        }
    }
}
