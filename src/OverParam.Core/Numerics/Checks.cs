namespace OverParam.Numerics;

/// <summary>Argument validation shared by the backends' public entries (never called in the unchecked cores).</summary>
internal static class Checks
{
    /// <summary>Checks that a row-major buffer holds <paramref name="rows"/>×<paramref name="cols"/> with stride <paramref name="ld"/>.</summary>
    public static void Matrix(int length, int rows, int cols, int ld, string name)
    {
        // Messages are built only on failure: this runs on every product of a training step, which must not allocate.
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(name, $"negative shape {rows}×{cols}");
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"leading dimension {ld} is smaller than the {cols} columns", name);
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
            throw new ArgumentException($"buffer of {length} elements cannot hold {rows}×{cols} with stride {ld}", name);
    }

    /// <summary>Validates the operands of C = op(A)·op(B).</summary>
    public static void Gemm(Op opA, Op opB, int m, int n, int k, int la, int lda, int lb, int ldb, int lc, int ldc)
    {
        if (opA == Op.None) Matrix(la, m, k, lda, "a"); else Matrix(la, k, m, lda, "a");
        if (opB == Op.None) Matrix(lb, k, n, ldb, "b"); else Matrix(lb, n, k, ldb, "b");
        Matrix(lc, m, n, ldc, "c");
    }

    /// <summary>Validates a square n×n matrix and an output vector of at least <paramref name="wNeeded"/> entries.</summary>
    public static void Square(int length, int n, int wLength, int wNeeded)
    {
        Matrix(length, n, n, Math.Max(1, n), "a");
        if (wLength < wNeeded)
            throw new ArgumentException($"eigenvalue buffer of {wLength} entries, {wNeeded} needed", "w");
    }

    /// <summary>Validates a 1-based eigenvalue index range.</summary>
    public static void Range(int n, int first, int last)
    {
        if (first < 1 || last > n || first > last)
            throw new ArgumentOutOfRangeException(nameof(first), $"eigenvalue range {first}..{last} is not within 1..{n}");
    }
}
