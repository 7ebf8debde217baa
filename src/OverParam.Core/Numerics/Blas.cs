using System.Numerics;
using System.Runtime.InteropServices;

namespace OverParam.Numerics;

/// <summary>
/// Precision-generic entry to <see cref="ILinearAlgebra.Gemm(Op, Op, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>:
/// code written once for T = float or double calls sgemm or dgemm. The cast is a reinterpretation, no copy.
/// </summary>
public static class Blas
{
    /// <summary>C ← alpha·op(A)·op(B) + beta·C in T's precision.</summary>
    public static void Gemm<T>(this ILinearAlgebra la, Op opA, Op opB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            la.Gemm(opA, opB, m, n, k, float.CreateTruncating(alpha), MemoryMarshal.Cast<T, float>(a), lda,
                MemoryMarshal.Cast<T, float>(b), ldb, float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else if (typeof(T) == typeof(double))
            la.Gemm(opA, opB, m, n, k, double.CreateTruncating(alpha), MemoryMarshal.Cast<T, double>(a), lda,
                MemoryMarshal.Cast<T, double>(b), ldb, double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
        else
            throw Unsupported<T>();
    }

    /// <summary>y ← alpha·op(A)·x + beta·y for A of shape rows×cols (a gemm with one column).</summary>
    public static void Gemv<T>(this ILinearAlgebra la, Op opA, int rows, int cols, T alpha, ReadOnlySpan<T> a,
        ReadOnlySpan<T> x, T beta, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outLen = opA == Op.None ? rows : cols, inner = opA == Op.None ? cols : rows;
        la.Gemm(opA, Op.None, outLen, 1, inner, alpha, a, Math.Max(1, cols), x, 1, beta, y, 1);
    }

    /// <summary><see cref="ILinearAlgebra.CholeskyLower(Span{double}, int)"/> (dpotrf) or its float32 twin (spotrf).</summary>
    public static int CholeskyLower<T>(this ILinearAlgebra la, Span<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? la.CholeskyLower(MemoryMarshal.Cast<T, float>(a), n)
        : typeof(T) == typeof(double) ? la.CholeskyLower(MemoryMarshal.Cast<T, double>(a), n)
        : throw Unsupported<T>();

    /// <summary><see cref="ILinearAlgebra.SyrkLower(int, int, double, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// (dsyrk) or its float32 twin (ssyrk).</summary>
    public static void SyrkLower<T>(this ILinearAlgebra la, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            la.SyrkLower(n, k, float.CreateTruncating(alpha), MemoryMarshal.Cast<T, float>(a), lda, float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else if (typeof(T) == typeof(double))
            la.SyrkLower(n, k, double.CreateTruncating(alpha), MemoryMarshal.Cast<T, double>(a), lda, double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
        else
            throw Unsupported<T>();
    }

    /// <summary><see cref="ILinearAlgebra.TriangularSolveRight(ReadOnlySpan{double}, int, bool, Span{double}, int, int)"/>
    /// (dtrsm) or its float32 twin (strsm).</summary>
    public static void TriangularSolveRight<T>(this ILinearAlgebra la, ReadOnlySpan<T> l, int n, bool transpose, Span<T> b, int m, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            la.TriangularSolveRight(MemoryMarshal.Cast<T, float>(l), n, transpose, MemoryMarshal.Cast<T, float>(b), m, ldb);
        else if (typeof(T) == typeof(double))
            la.TriangularSolveRight(MemoryMarshal.Cast<T, double>(l), n, transpose, MemoryMarshal.Cast<T, double>(b), m, ldb);
        else
            throw Unsupported<T>();
    }

    private static NotSupportedException Unsupported<T>() => new($"no BLAS routine for {typeof(T).Name}; use float or double");
}
