using System.Numerics;

namespace OverParam.Numerics;

/// <summary>
/// A symmetric n×n matrix held as its lower triangle in t×t tiles, tile (I, J) for I ≥ J its own row-major array (the
/// last row and column of tiles are cut to n), and the Cholesky factorization and solves that work on it tile by tile.
/// No array holds more than t² values, so n may pass .NET's array limit (46,340 for one n×n float64 array), and the
/// triangle takes half the memory of the square: 14.4 GB at n = 60,000 in float64 (T = double), 7.2 GB in float32.
/// </summary>
/// <typeparam name="T">double (dpotrf, dtrsm, dsyrk, dgemm on the tiles) or float (their float32 twins).</typeparam>
/// <remarks>
/// The factorization is the right-looking tiled Cholesky (Buttari, Langou, Kurzak, Dongarra, Parallel Computing 35,
/// 2009, Alg. 1): for each tile column K, dpotrf on (K, K), dtrsm on the tiles below it, then dsyrk/dgemm updates of the
/// trailing tiles. It performs the n³/3 flops of dpotrf, nearly all in dgemm on t×t tiles, and computes the same factor
/// up to the order of its sums (the same backward error bound, Higham, Accuracy and Stability of Numerical Algorithms,
/// Thm 10.3).
/// </remarks>
public class TiledLower<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _tiles;

    /// <summary>An n×n matrix of zeros in t×t tiles.</summary>
    public TiledLower(int n, int tile)
    {
        if (n < 1 || tile < 1) throw new ArgumentOutOfRangeException(nameof(n), $"a {n}×{n} matrix in {tile}×{tile} tiles");
        (N, Tile) = (n, tile);
        Count = (n + tile - 1) / tile;
        _tiles = new T[Count * (Count + 1) / 2][];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j <= i; j++) _tiles[Index(i, j)] = new T[Size(i) * Size(j)];
    }

    /// <summary>n.</summary>
    public int N { get; }

    /// <summary>t.</summary>
    public int Tile { get; }

    /// <summary>Tiles per side, ⌈n/t⌉.</summary>
    public int Count { get; }

    /// <summary>Bytes of the tiles: sizeof(T)·(n² + n·t)/2 at most.</summary>
    public static unsafe double Bytes(int n, int tile)
    {
        long count = (n + tile - 1) / tile;
        return (double)sizeof(T) * tile * tile * count * (count + 1) / 2;
    }

    /// <summary>Rows (or columns) of tile row (or column) <paramref name="i"/>.</summary>
    public int Size(int i) => Math.Min(Tile, N - i * Tile);

    /// <summary>Tile (I, J), I ≥ J: Size(I) × Size(J), row-major.</summary>
    public T[] this[int i, int j] => i >= j ? _tiles[Index(i, j)] : throw new ArgumentOutOfRangeException(nameof(j), $"tile ({i}, {j}) is above the diagonal");

    private static int Index(int i, int j) => i * (i + 1) / 2 + j;

    /// <summary>
    /// Overwrites the lower triangle with L (A = LLᵀ) and zeros the strict upper triangle of the diagonal tiles. Returns
    /// 0, or the 1-based global column at which A proved not positive definite (the factorization stopped there).
    /// <paramref name="progress"/> receives the fraction of the n³/3 flops done after each tile column.
    /// </summary>
    public int Cholesky(ILinearAlgebra la, Action<double>? progress = null)
    {
        double total = (double)N * N * N / 3, done = 0;
        for (int k = 0; k < Count; k++)
        {
            int tk = Size(k);
            var akk = this[k, k];
            int info = la.CholeskyLower(akk, tk);
            if (info != 0) return k * Tile + info;
            for (int r = 0; r < tk; r++) Array.Clear(akk, r * tk + r + 1, tk - r - 1);
            for (int i = k + 1; i < Count; i++) la.TriangularSolveRight(akk, tk, transpose: true, this[i, k], Size(i), tk);
            for (int j = k + 1; j < Count; j++)
            {
                int tj = Size(j);
                var ajk = this[j, k];
                la.SyrkLower(tj, tk, -T.One, ajk, tk, T.One, this[j, j], tj);
                for (int i = j + 1; i < Count; i++)
                    la.Gemm(Op.None, Op.Transpose, Size(i), tj, tk, -T.One, this[i, k], tk, ajk, tk, T.One, this[i, j], tj);
            }
            // Column k's share of the flops: its trailing matrix, (n − kt)²·t − … ≈ the difference of (n − kt)³/3.
            double before = N - (double)k * Tile, after = Math.Max(0, before - tk);
            done += (before * before * before - after * after * after) / 3;
            progress?.Invoke(Math.Min(1, done / total));
        }
        return 0;
    }

    /// <summary>
    /// Stores the column-major |I|×|J| block <paramref name="block"/> (entry (r, c) at r + c·|I|, as
    /// <c>KernelBlock.Fill</c> writes it) into the row-major tile (i, j ≤ i). The transposition runs in 64-row strips, in
    /// parallel, so that both sides stay in cache.
    /// </summary>
    public void Store(int i, int j, T[] block, int maxParallelism)
    {
        var dest = this[i, j];
        int ti = Size(i), tj = Size(j);
        Parallel.For(0, (ti + 63) / 64, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, strip =>
        {
            int r1 = Math.Min(ti, 64 * strip + 64);
            for (int c0 = 0; c0 < tj; c0 += 64)
                for (int r = 64 * strip; r < r1; r++)
                    for (int c = c0; c < Math.Min(tj, c0 + 64); c++) dest[r * tj + c] = block[r + c * ti];
        });
    }

    /// <summary>
    /// With L from <see cref="Cholesky"/>: each of the <paramref name="count"/> rows b of <paramref name="b"/> (count×n,
    /// row-major) becomes L⁻¹-applied: x with L xᵀ = bᵀ (<paramref name="transpose"/>: the rows times L⁻ᵀ), or with
    /// Lᵀ xᵀ = bᵀ (the rows times L⁻¹).
    /// </summary>
    public void Solve(Span<T> b, int count, bool transpose, ILinearAlgebra la)
    {
        if (b.Length < (long)count * N) throw new ArgumentException($"{b.Length} values for {count} vectors of {N}", nameof(b));
        if (transpose)
            for (int i = 0; i < Count; i++)
            {
                // X_I = (B_I − Σ_{K<I} X_K L_IKᵀ) L_IIᵀ⁻¹ on the column slab I of the rows.
                for (int k = 0; k < i; k++)
                    la.Gemm(Op.None, Op.Transpose, count, Size(i), Size(k), -T.One, b[(k * Tile)..], N, this[i, k], Size(k), T.One, b[(i * Tile)..], N);
                la.TriangularSolveRight(this[i, i], Size(i), transpose: true, b[(i * Tile)..], count, N);
            }
        else
            for (int i = Count - 1; i >= 0; i--)
            {
                // X_I = (B_I − Σ_{K>I} X_K L_KI) L_II⁻¹.
                for (int k = i + 1; k < Count; k++)
                    la.Gemm(Op.None, Op.None, count, Size(i), Size(k), -T.One, b[(k * Tile)..], N, this[k, i], Size(i), T.One, b[(i * Tile)..], N);
                la.TriangularSolveRight(this[i, i], Size(i), transpose: false, b[(i * Tile)..], count, N);
            }
    }

    /// <summary>
    /// With L from <see cref="Cholesky"/>: y ← LLᵀx for <paramref name="count"/> rows (the factored matrix's product, to
    /// its backward error): z = x·L, then y = z·Lᵀ, tile by tile.
    /// </summary>
    public void FactorProduct(ReadOnlySpan<T> x, Span<T> y, int count, ILinearAlgebra la)
    {
        var z = new T[(long)count * N];
        // z_J = Σ_{I≥J} x_I L_IJ.
        for (int j = 0; j < Count; j++)
            for (int i = j; i < Count; i++)
                la.Gemm(Op.None, Op.None, count, Size(j), Size(i), T.One, x[(i * Tile)..], N, this[i, j], Size(j), T.One, z.AsSpan(j * Tile), N);
        y[..(count * N)].Clear();
        // y_I = Σ_{J≤I} z_J L_IJᵀ.
        for (int i = 0; i < Count; i++)
            for (int j = 0; j <= i; j++)
                la.Gemm(Op.None, Op.Transpose, count, Size(i), Size(j), T.One, z.AsSpan(j * Tile), N, this[i, j], Size(j), T.One, y[(i * Tile)..], N);
    }

    /// <summary>
    /// Before <see cref="Cholesky"/>, with both triangles of the diagonal tiles filled (as <see cref="Store"/> leaves them):
    /// y ← Ax for <paramref name="count"/> rows, the symmetric matrix's own product, tile by tile: (Ax)_I gains x_J·A_IJᵀ
    /// from each tile (I, J ≤ I) and, below the diagonal, (Ax)_J gains x_I·A_IJ. One pass reads every tile once.
    /// </summary>
    public void SymmetricProduct(ReadOnlySpan<T> x, Span<T> y, int count, ILinearAlgebra la)
    {
        if (x.Length < (long)count * N || y.Length < (long)count * N) throw new ArgumentException($"{x.Length} and {y.Length} values for {count} vectors of {N}");
        y[..(count * N)].Clear();
        for (int i = 0; i < Count; i++)
            for (int j = 0; j <= i; j++)
            {
                la.Gemm(Op.None, Op.Transpose, count, Size(i), Size(j), T.One, x[(j * Tile)..], N, this[i, j], Size(j), T.One, y[(i * Tile)..], N);
                if (i != j) la.Gemm(Op.None, Op.None, count, Size(j), Size(i), T.One, x[(i * Tile)..], N, this[i, j], Size(j), T.One, y[(j * Tile)..], N);
            }
    }
}

/// <summary>A symmetric n×n float64 matrix in tiles: <see cref="TiledLower{T}"/> with T = double.</summary>
/// <param name="n">The order.</param>
/// <param name="tile">The tiles' side.</param>
public sealed class TiledLower(int n, int tile) : TiledLower<double>(n, tile);
