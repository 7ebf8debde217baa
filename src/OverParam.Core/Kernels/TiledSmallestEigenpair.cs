using System.Diagnostics;
using System.Numerics.Tensors;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>What the tiled path found besides λ_min: the data's pair geometry and, with labels, yᵀH⁻¹y.</summary>
/// <param name="Smallest">λ_min, its vector, λ_max and the accuracy, as <see cref="SmallestEigenpair"/> reports them.</param>
/// <param name="Geometry">The inputs' pair geometry, gathered while the tiles were formed.</param>
/// <param name="LabelComplexity">yᵀH⁻¹y = ‖L⁻¹y‖² from the same factor, whenever labels are given.</param>
/// <param name="TileBytes">Bytes of the tiled lower triangle.</param>
public sealed record TiledEigenResult(SmallestEigenpairResult Smallest, PairGeometry Geometry, LabelComplexityResult? LabelComplexity, double TileBytes);

/// <summary>
/// λ_min of a kernel matrix too large for one array, from the inputs (gram --eig min past n = 46,340, or --tiled): the
/// lower triangle of H is formed tile by tile from the inputs (<see cref="KernelBlock"/>) into a <see cref="TiledLower"/>
/// (half the memory of the square: 14.4 GB at n = 60,000), factored in place (H = LLᵀ, tiled Cholesky, n³/3 flops in
/// dgemm), and then block Lanczos runs on LLᵀ (two passes over the factor per block: λ_max) and on H⁻¹ (two tiled
/// triangular solves per block: λ_min). The returned vector's Rayleigh quotient and residual ‖Hv − ρv‖ are computed in
/// float64 from H itself, formed again from the inputs tile by tile, so the reported accuracy does not rest on the
/// factorization. This is the route through σ = 0 of <see cref="SmallestEigenpair"/> with one factorization (a shifted
/// second one would double the dominant cost); the bound is Kato–Temple where the second Ritz value is clear of ρ, the
/// residual otherwise.
/// </summary>
public static partial class TiledSmallestEigenpair
{
    /// <summary>Tile side t: 1024² float64 values (8 MiB) make every update a dgemm at full speed, and the last partial
    /// tile row wastes at most t·n values.</summary>
    public const int DefaultTile = 1024;

    /// <summary>Bytes the path holds for n inputs of dimension d: the lower triangle in tiles, the Lanczos basis and its
    /// products (2·MaxBasis vectors), the inputs twice (augmented inputs for the bias kernels) and a tile of scratch.</summary>
    public static (double Tiles, double Basis, double Other) Memory(int n, int d, int tile) =>
        (TiledLower.Bytes(n, tile), 16.0 * SmallestEigenpair.MaxBasis * n, 16.0 * n * (d + 1) + 8.0 * tile * tile);

    /// <summary>Computes λ_min of the n×n kernel matrix of <paramref name="kernel"/>.</summary>
    /// <param name="kernel">Forms any block of H from the inputs.</param>
    /// <param name="n">The number of inputs.</param>
    /// <param name="y">Labels (n), or null.</param>
    /// <param name="tile">Tile side t.</param>
    /// <param name="la">Backend.</param>
    /// <param name="maxParallelism">Threads for the entrywise map.</param>
    /// <param name="seed">Seed of the Krylov start blocks.</param>
    /// <param name="note">Receives a line at each phase.</param>
    /// <param name="progress">Hears of the four parts as they go (<see cref="Parts"/>): the tiles formed, the factorization's
    /// flops, the Lanczos block products (their number is known only when it converges), the tiles formed again.</param>
    /// <param name="float32">Whether to try the mixed-precision path first (<see cref="TryMixed"/>): float32 tiles of
    /// H − σI beside H's float64 ones (half as many bytes again); the float64 path follows, on H intact, where it gives up.</param>
    public static TiledEigenResult Compute(KernelBlock kernel, int n, double[]? y, int tile, ILinearAlgebra la, int maxParallelism,
        ulong seed = 1, Action<string>? note = null, IProgress<ProgressUpdate>? progress = null, Float32Use float32 = Float32Use.No)
    {
        var progressOf = Parts(progress, n, tile, "H");
        var clock = Stopwatch.StartNew();
        var h = new TiledLower(n, tile);
        var absRowSums = new double[n];
        note?.Invoke($"forming H in {h.Count * (h.Count + 1) / 2} tiles of {tile}×{tile} ({MemoryBudget.Format(TiledLower.Bytes(n, tile))})");
        var par = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism };
        var scan = ForEachTile(kernel, h, la, maxParallelism, progressOf[0], trackPairs: true, (i, j, block) =>
        {
            h.Store(i, j, block, maxParallelism);
            var dest = h[i, j];
            int ti = h.Size(i), tj = h.Size(j);
            Parallel.For(0, ti, par, r => absRowSums[i * tile + r] += TensorPrimitives.SumOfMagnitudes(dest.AsSpan(r * tj, tj)));
            if (i != j)
                for (int c = 0; c < tj; c++) absRowSums[j * tile + c] += TensorPrimitives.SumOfMagnitudes(block.AsSpan(c * ti, ti));
        });
        var geometry = PairScan.Merge([scan], kernel.Norms);
        double formSeconds = clock.Elapsed.TotalSeconds;
        MixedAttempt? gaveUp = null;
        double mixedSeconds = 0;
        if (float32 != Float32Use.No)
        {
            (var mixed, gaveUp, mixedSeconds) = TryMixed(h, y, la, maxParallelism, seed, float32, note, progress, geometry, formSeconds, clock);
            if (mixed != null) return mixed;
            note?.Invoke($"float64 path: {gaveUp?.Reason}");
        }
        string because = gaveUp == null ? "" : $"; float64 because {gaveUp.Reason}";

        var factorClock = Stopwatch.StartNew();
        note?.Invoke($"Cholesky of H in tiles (n³/3 = {(double)n * n * n / 3e9:N0} GFLOP)");
        int info = Factor(h, la, progressOf[1]);
        double factorSeconds = factorClock.Elapsed.TotalSeconds;
        double gershgorin = absRowSums.Max();
        if (info != 0)
        {
            var failed = new SmallestEigenpairResult(0, null, gershgorin, double.NaN, double.NaN, "not positive definite", null, null, 0,
                $"tiled Cholesky of H failed at column {info}: H is not numerically positive definite (λ_min ≤ about n·ε·λ_max); "
                + $"λ_max reported is Gershgorin's bound max_i Σ_j |H_ij|{because}", clock.Elapsed.TotalSeconds);
            return new TiledEigenResult(failed, geometry, y == null ? null
                : new LabelComplexityResult(null, null, $"H is not numerically positive definite (the tiled Cholesky failed at column {info})"), TiledLower.Bytes(n, tile));
        }

        var complexity = y == null ? null : LabelComplexityOf(h, y, la, "the tiled Cholesky factor");

        var lanczosClock = Stopwatch.StartNew();
        var lanczos = progressOf[2];
        long products = 0;
        lanczos.Start();
        var top = BlockKrylov.Largest((x, v, count) =>
        {
            h.FactorProduct(x, v, count, la);
            lanczos.Reach(++products);
        }, n, SmallestEigenpair.BlockSize, 1,
            SmallestEigenpair.LargestTolerance, SmallestEigenpair.MaxBasis, seed, la, valueTolerance: SmallestEigenpair.LargestValueTolerance);
        double lambdaMax = top.Values[0];
        double maxSeconds = lanczosClock.Elapsed.TotalSeconds;
        note?.Invoke($"λ_max = {lambdaMax:G10} ({top.Applications} products with LLᵀ, {maxSeconds:F0} s)");
        var bottom = SmallestEigenpair.Inverse((x, v, count) =>
        {
            x.CopyTo(v);
            h.Solve(v, count, transpose: true, la);
            h.Solve(v, count, transpose: false, la);
            lanczos.Reach(++products);
        }, n, la, 0, SmallestEigenpair.MaxBasis, seed + 2, [], note);
        lanczos.End();
        double lanczosSeconds = lanczosClock.Elapsed.TotalSeconds;

        // ρ and ‖Hv − ρv‖ from H itself, formed again from the inputs.
        var vector = bottom.Vectors.AsSpan(0, n).ToArray();
        var hv = new double[n];
        ForEachTile(kernel, h, la, maxParallelism, progressOf[3], trackPairs: false, (i, j, block) =>
        {
            int ti = h.Size(i), tj = h.Size(j);
            // block, read row-major, is B = H_IJᵀ (|J|×|I|): (Hv)_I += v_J·B, and (Hv)_J += v_I·Bᵀ.
            la.Gemm(Op.None, Op.None, 1, ti, tj, 1.0, vector.AsSpan(j * tile, tj), tj, block, ti, 1.0, hv.AsSpan(i * tile, ti), ti);
            if (i != j) la.Gemm(Op.None, Op.Transpose, 1, tj, ti, 1.0, vector.AsSpan(i * tile, ti), ti, block, ti, 1.0, hv.AsSpan(j * tile, tj), tj);
        });
        double rho = TensorPrimitives.Dot(vector, hv);
        TensorPrimitives.MultiplyAdd(vector, -rho, hv, hv);
        double residual = TensorPrimitives.Norm(hv);
        var (bound, kind, second) = SmallestEigenpair.ErrorBound(bottom, 0, lambdaMax, rho, residual);
        double residualSeconds = clock.Elapsed.TotalSeconds - formSeconds - mixedSeconds - factorSeconds - lanczosSeconds;
        var result = new SmallestEigenpairResult(rho, vector, lambdaMax, residual, bound, kind, second, null, bottom.Applications,
            $"tiled Cholesky ({tile}×{tile} tiles) + block Lanczos on H⁻¹ (block {SmallestEigenpair.BlockSize}; {bottom.Applications} solves; "
            + $"forming {formSeconds:F0} s, factorization {factorSeconds:F0} s, Lanczos {lanczosSeconds:F0} s, residual from H "
            + $"{residualSeconds:F0} s){because}", clock.Elapsed.TotalSeconds,
            new EigenPhases(maxSeconds, factorSeconds, 1, lanczosSeconds - maxSeconds, residualSeconds, n, formSeconds)
            {
                Float32Factorization = gaveUp?.Factorization ?? 0,
                Float32Factorizations = gaveUp?.Factorizations ?? 0,
                Abandoned = gaveUp?.Abandoned ?? 0,
            });
        return new TiledEigenResult(result, geometry, complexity, TiledLower.Bytes(n, tile));
    }

    /// <summary>yᵀH⁻¹y = ‖L⁻¹y‖² with the tiled Cholesky factor L of H in <paramref name="factor"/>; Arora et al. ICML 2019, Thm 5.1.</summary>
    private static LabelComplexityResult LabelComplexityOf(TiledLower factor, double[] y, ILinearAlgebra la, string what)
    {
        var z = (double[])y.Clone();
        factor.Solve(z, 1, transpose: true, la);
        double value = TensorPrimitives.Dot(z, z);
        return new LabelComplexityResult(value, Math.Sqrt(2 * value / factor.N), $"yᵀH⁻¹y = ‖L⁻¹y‖² with {what}");
    }

    /// <summary>
    /// The four parts of a tiled factorization and what follows it, for <paramref name="progress"/>: forming
    /// <paramref name="matrix"/> (its tiles, each weighed by its entries), its Cholesky factorization (in percent of the
    /// n³/3 flops), the <paramref name="third"/> part (by default Lanczos, in block products, whose number is not known
    /// ahead), and forming it again for the residual.
    /// </summary>
    internal static PartProgress[] Parts(IProgress<ProgressUpdate>? progress, int n, int tile, string matrix,
        (string Name, string Unit, long Total)? third = null)
    {
        var (name, unit, total) = third ?? ("Lanczos", "block product", 0);
        var tiles = TileCosts(n, tile);
        return
        [
            new PartProgress(progress, $"forming {matrix}", "tile", tiles, 1, 4),
            new PartProgress(progress, $"Cholesky of {matrix}", "", 100, 2, 4),
            new PartProgress(progress, name, unit, total, 3, 4),
            new PartProgress(progress, $"residual from {matrix}", "tile", tiles, 4, 4),
        ];
    }

    /// <summary>The entries of each tile (I, J ≤ I) of an n×n lower triangle in t×t tiles, in the order <see cref="ForEachTile"/> forms them.</summary>
    internal static double[] TileCosts(int n, int tile)
    {
        int count = (n + tile - 1) / tile;
        double Size(int i) => Math.Min(tile, n - i * tile);
        return [.. Enumerable.Range(0, count).SelectMany(i => Enumerable.Range(0, i + 1).Select(j => Size(i) * Size(j)))];
    }

    /// <summary>The tiled Cholesky factorization of <paramref name="h"/> (<see cref="TiledLower{T}.Cholesky"/>), its flops reported as they are done.</summary>
    internal static int Factor(TiledLower h, ILinearAlgebra la, PartProgress progress)
    {
        progress.Start();
        int info = h.Cholesky(la, done => progress.Fraction(done));
        if (info == 0) progress.Fraction(1); // the column shares are approximate: a factor found is all of the work
        progress.End();
        return info;
    }

    /// <summary>
    /// Forms every tile (I, J ≤ I) of H from the inputs in turn and hands it to <paramref name="use"/> as the column-major
    /// |I|×|J| block <see cref="KernelBlock"/> writes; returns the pair geometry of the pairs met (with <paramref name="trackPairs"/>).
    /// <paramref name="progress"/> (of <see cref="TileCosts"/>) hears of each tile.
    /// </summary>
    internal static PairScan ForEachTile(KernelBlock kernel, TiledLower h, ILinearAlgebra la, int maxParallelism, PartProgress progress,
        bool trackPairs, Action<int, int, double[]> use)
    {
        var block = new double[h.Tile * h.Tile];
        var scans = new List<PairScan>();
        progress.Start();
        for (int i = 0; i < h.Count; i++)
        {
            var rows = Enumerable.Range(i * h.Tile, h.Size(i)).ToArray();
            for (int j = 0; j <= i; j++)
            {
                var cols = Enumerable.Range(j * h.Tile, h.Size(j)).ToArray();
                scans.Add(kernel.Fill(rows, cols, block, la, maxParallelism, trackPairs));
                use(i, j, block);
                progress.Complete((double)h.Size(i) * h.Size(j));
            }
        }
        progress.End();
        return PairScan.Fold(scans);
    }
}
