using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// H as one n×n row-major array on this machine, for <see cref="SmallestEigenpair"/>, in one matrix of memory: the
/// Cholesky factor of H − σI overwrites the lower triangle (LAPACK dpotrf) while the strict upper triangle, with the saved
/// diagonal, still holds H for the products (dsymm); before the first factorization both triangles hold H and the
/// products run as dgemm. Each factorization first rebuilds the lower triangle from the upper one. The array is destroyed.
/// </summary>
/// <param name="h">H, n×n row-major, both triangles filled.</param>
/// <param name="n">Its order.</param>
/// <param name="la">Backend (dgemm, dsymm, dpotrf, dpotrs, dsyevr).</param>
public sealed class DenseShiftInvertMatrix(double[] h, int n, ILinearAlgebra la) : IShiftInvertMatrix
{
    /// <summary>Tile side of <see cref="RestoreLower"/>'s transposition: two 64×64 float64 tiles (64 KiB) stay in cache.</summary>
    private const int MirrorTile = 64;

    private readonly double[] _diagonal = Enumerable.Range(0, n).Select(i => h[(long)i * n + i]).ToArray();
    private bool _factored;

    /// <inheritdoc/>
    public int N => n;

    /// <inheritdoc/>
    public string FactorName => "Cholesky";

    /// <inheritdoc/>
    public string EigensolverName => "dsyevr";

    /// <inheritdoc/>
    public string MethodName => "Cholesky + block Lanczos on (H − σI)⁻¹";

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (!_factored)
        {
            // Both triangles still hold H, so the product runs as dgemm (dsymm packs at a fraction of its speed).
            la.Gemm(Op.None, Op.None, count, n, n, 1.0, x, n, h, n, 0.0, y, n);
            return;
        }
        la.SymmetricMultiplyUpper(h, n, x, count, y);
        for (int j = 0; j < count; j++)
            for (int i = 0; i < n; i++)
                y[j * n + i] += (_diagonal[i] - h[(long)i * n + i]) * x[j * n + i];
    }

    /// <inheritdoc/>
    public int Factor(double sigma)
    {
        _factored = true;
        RestoreLower(sigma);
        return la.CholeskyLower(h, n);
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        x.CopyTo(y);
        la.CholeskySolve(h, n, y, count);
    }

    /// <inheritdoc/>
    public double SmallestByEigensolver()
    {
        RestoreLower(0);
        var w = new double[1];
        la.SymmetricEigenvalueRange(h, n, 1, 1, w);
        return w[0];
    }

    /// <summary>Lower triangle ← the strict upper triangle's mirror, tile by tile (a column walk over an n×n matrix
    /// misses the cache at every entry); diagonal ← the saved diagonal − σ.</summary>
    private void RestoreLower(double sigma)
    {
        for (int i0 = 0; i0 < n; i0 += MirrorTile)
            for (int j0 = 0; j0 <= i0; j0 += MirrorTile)
                for (int i = i0; i < Math.Min(i0 + MirrorTile, n); i++)
                    for (int j = j0; j < Math.Min(Math.Min(j0 + MirrorTile, n), i); j++)
                        h[(long)i * n + j] = h[(long)j * n + i];
        for (int i = 0; i < n; i++) h[(long)i * n + i] = _diagonal[i] - sigma;
    }
}
