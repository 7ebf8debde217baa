using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The float32 half of <see cref="SmallestEigenpair"/>'s mixed-precision path: a float32 Cholesky factor of H − σI, made
/// from the float64 H (left unchanged) into its own n×n float32 array (half of H's memory), and its solves with float64
/// vectors rounded in and out. spotrf runs at about twice dpotrf's rate; its backward error is about n·ε₃₂·‖H‖
/// (ε₃₂ = 2⁻²⁴; Higham, Accuracy and Stability of Numerical Algorithms, Thm 10.3), so the factor is only a preconditioner
/// whose answers the float64 refinement must confirm.
/// </summary>
public interface IFloat32Factor
{
    /// <summary>Factors H − σI in float32: 0, or the column at which it proved not positive definite in float32.</summary>
    int Factor(double sigma);

    /// <summary>Y ≈ (H − σI)⁻¹X with the float32 factor, for <paramref name="count"/> float64 vectors stored as rows.</summary>
    void Solve(ReadOnlySpan<double> x, Span<double> y, int count);

    /// <summary>Frees the factor (before a float64 factorization needs the memory).</summary>
    void Release();
}

/// <summary><see cref="IFloat32Factor"/> of H held as one full n×n float64 row-major array on this machine.</summary>
/// <param name="h">H, n×n, both triangles filled (read, never written).</param>
/// <param name="n">Its order.</param>
/// <param name="la">Backend (spotrf, spotrs).</param>
/// <param name="maxParallelism">Threads for the rounding copy.</param>
public sealed class DenseFloat32Factor(double[] h, int n, ILinearAlgebra la, int maxParallelism) : IFloat32Factor
{
    private float[]? _factor;

    /// <summary>Bytes the factor takes: n² float32 values.</summary>
    public static double Bytes(long n) => 4.0 * n * n;

    /// <inheritdoc/>
    public int Factor(double sigma)
    {
        var f = _factor ??= new float[(long)n * n];
        // The lower triangle (row ≥ column) of H − σI, each entry rounded once from float64 (the shift applied before).
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i =>
        {
            long row = (long)i * n;
            for (int j = 0; j < i; j++) f[row + j] = (float)h[row + j];
            f[row + i] = (float)(h[row + i] - sigma);
        });
        return la.CholeskyLower(f, n);
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        var f = _factor ?? throw new InvalidOperationException("Solve before Factor");
        var b = new float[count * n];
        for (int i = 0; i < b.Length; i++) b[i] = (float)x[i];
        la.CholeskySolve(f, n, b, count);
        for (int i = 0; i < b.Length; i++) y[i] = b[i];
    }

    /// <inheritdoc/>
    public void Release() => _factor = null;
}

/// <summary>
/// <see cref="IFloat32Factor"/> of H held in float64 tiles (<see cref="TiledLower"/>, the tiled path past one array): the
/// lower triangle of H − σI rounded into float32 tiles of the same layout (half the float64 tiles' memory), factored by
/// the tiled Cholesky in float32 (spotrf, strsm, ssyrk, sgemm), and solved by two tiled float32 triangular solves.
/// </summary>
/// <param name="h">H's lower triangle in float64 tiles, diagonal tiles full (read, never written).</param>
/// <param name="la">Backend.</param>
/// <param name="maxParallelism">Threads for the rounding copy.</param>
/// <param name="progress">Hears the fraction of each factorization's n³/3 flops done, or null.</param>
public sealed class TiledFloat32Factor(TiledLower h, ILinearAlgebra la, int maxParallelism, Action<double>? progress = null) : IFloat32Factor
{
    private TiledLower<float>? _factor;

    /// <summary>Bytes the factor takes: the float32 tiles of <see cref="TiledLower{T}.Bytes"/>.</summary>
    public static double Bytes(int n, int tile) => TiledLower<float>.Bytes(n, tile);

    /// <inheritdoc/>
    public int Factor(double sigma)
    {
        var f = _factor ??= new TiledLower<float>(h.N, h.Tile);
        var par = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism };
        for (int i = 0; i < h.Count; i++)
            for (int j = 0; j <= i; j++)
            {
                var (source, dest) = (h[i, j], f[i, j]);
                int cols = h.Size(j);
                Parallel.For(0, h.Size(i), par, r =>
                {
                    for (int c = 0; c < cols; c++) dest[r * cols + c] = (float)source[r * cols + c];
                    if (i == j) dest[r * cols + r] = (float)(source[r * cols + r] - sigma); // the shift applied before rounding
                });
            }
        return f.Cholesky(la, progress);
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        var f = _factor ?? throw new InvalidOperationException("Solve before Factor");
        var b = new float[count * h.N];
        for (int i = 0; i < b.Length; i++) b[i] = (float)x[i];
        f.Solve(b, count, transpose: true, la);
        f.Solve(b, count, transpose: false, la);
        for (int i = 0; i < b.Length; i++) y[i] = b[i];
    }

    /// <inheritdoc/>
    public void Release() => _factor = null;
}
