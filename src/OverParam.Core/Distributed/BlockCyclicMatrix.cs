using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Distributed;

/// <summary>
/// This rank's part of an n×n kernel matrix distributed block-cyclically in nb × nb blocks over a <see cref="BlacsGrid"/>
/// (ScaLAPACK's layout: users' guide §4.3), formed from the inputs. <see cref="Local"/> is column-major with leading
/// dimension <see cref="LeadingDimension"/>: entry (r, c) is H[Rows[r], Cols[c]]. Every entry of the part is formed
/// (both triangles), so products with H need no transposes.
/// </summary>
/// <param name="Local">This rank's values, |Rows| × |Cols| column-major.</param>
/// <param name="Rows">The global rows this rank owns, ascending.</param>
/// <param name="Cols">The global columns this rank owns, ascending.</param>
/// <param name="N">n.</param>
/// <param name="Block">nb.</param>
/// <param name="Descriptor">ScaLAPACK's array descriptor of the matrix.</param>
/// <param name="Geometry">The inputs' pair geometry, merged over the ranks' parts.</param>
/// <param name="FormSeconds">Forming this rank's part.</param>
public sealed record BlockCyclicMatrix(double[] Local, int[] Rows, int[] Cols, int N, int Block, int[] Descriptor, PairGeometry Geometry,
    double FormSeconds)
{
    /// <summary>The local part's leading dimension, max(1, |Rows|).</summary>
    public int LeadingDimension => Math.Max(1, Rows.Length);

    /// <summary>
    /// Forms this rank's part of the n×n matrix of <paramref name="kernel"/> and merges the pair geometry over the grid.
    /// Collective: every rank of the grid must call it with the same arguments.
    /// </summary>
    /// <param name="grid">The process grid.</param>
    /// <param name="kernel">How to form any block of the matrix.</param>
    /// <param name="n">The matrix's order.</param>
    /// <param name="block">nb.</param>
    /// <param name="la">Backend for the block's inner products.</param>
    /// <param name="maxParallelism">Threads for the entrywise map.</param>
    /// <param name="note">Receives a line (rank 0 passes one; the others null).</param>
    /// <param name="progress">Hears of the forming (one call, so only its time so far is known).</param>
    public static BlockCyclicMatrix Form(BlacsGrid grid, KernelBlock kernel, int n, int block, ILinearAlgebra la, int maxParallelism,
        Action<string>? note, PartProgress progress)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "a matrix needs n ≥ 1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = grid.Owned(n, block, ofRows: true);
        var cols = grid.Owned(n, block, ofRows: false);
        var local = new double[(long)rows.Length * cols.Length];
        note?.Invoke($"forming the {n}×{n} matrix on a {grid.Rows}×{grid.Cols} grid in {block}×{block} blocks ({local.LongLength:N0} values on rank 0)");
        progress.Start();
        var scan = kernel.Fill(rows, cols, local, la, maxParallelism);
        var geometry = MergeGeometry(grid, scan, kernel.Norms);
        progress.End();
        var desc = grid.Descriptor(n, n, block, Math.Max(1, rows.Length));
        return new BlockCyclicMatrix(local, rows, cols, n, block, desc, geometry, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each rank's scan in its slot, summed over the grid, folded in rank order.</summary>
    private static PairGeometry MergeGeometry(BlacsGrid grid, PairScan scan, IReadOnlyList<double> norms)
    {
        var slots = new double[grid.Size * PairScan.PackedLength];
        scan.Pack(slots.AsSpan(grid.Rank * PairScan.PackedLength, PairScan.PackedLength));
        grid.SumAll(slots);
        var scans = Enumerable.Range(0, grid.Size).Select(r => PairScan.Unpack(slots.AsSpan(r * PairScan.PackedLength, PairScan.PackedLength))).ToList();
        return PairScan.Merge(scans, norms);
    }
}
