using System.Diagnostics;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Distributed;

/// <summary>What one distributed eigenvalue computation found and cost.</summary>
/// <param name="Eigenvalues">All n eigenvalues, ascending (the same on every rank).</param>
/// <param name="Geometry">The inputs' pair geometry, merged over the ranks' blocks.</param>
/// <param name="Ranks">P.</param>
/// <param name="GridRows">p.</param>
/// <param name="GridCols">q.</param>
/// <param name="Block">nb.</param>
/// <param name="LocalValues">Values of this rank's part of the matrix.</param>
/// <param name="WorkspaceValues">pdsyevr's workspace on this rank, in doubles (and as many ints again at most).</param>
/// <param name="FormSeconds">Forming this rank's part from the inputs.</param>
/// <param name="EigenSeconds">The eigensolver.</param>
/// <param name="Solver">Which solver ran: "ELPA 2-stage" or "ScaLAPACK pdsyevr", and why ELPA did not where it was wanted.</param>
public sealed record DistributedSpectrum(double[] Eigenvalues, PairGeometry Geometry, int Ranks, int GridRows, int GridCols, int Block,
    long LocalValues, long WorkspaceValues, double FormSeconds, double EigenSeconds, string Solver);

/// <summary>The solver of <c>gram --distributed --eig all</c>.</summary>
public enum DistributedSolver
{
    /// <summary>ELPA where it loads, else pdsyevr.</summary>
    Auto,
    /// <summary>ELPA's two-stage solver (<see cref="ElpaLibrary"/>); refused in one line where ELPA is missing.</summary>
    Elpa,
    /// <summary>ScaLAPACK's pdsyevr (MRRR after a one-stage reduction).</summary>
    Pdsyevr,
}

/// <summary>
/// All eigenvalues of a kernel matrix that no single process holds: each rank forms its block-cyclic part from the inputs
/// (<see cref="KernelBlock"/>), then ScaLAPACK's pdsyevr (the MRRR algorithm of LAPACK's dsyevr, distributed: Householder
/// tridiagonalization by pdsytrd, then the tridiagonal eigenvalues; Vömel 2010) computes them with JOBZ = 'N'. Memory per
/// rank: n²/P values of the matrix, pdsyevr's workspace (about as much again, as its query returns: <see cref="Workspace"/>)
/// and the inputs (n·d).
/// Collective: every rank of the grid must call it with the same arguments.
/// </summary>
public static unsafe class DistributedEigen
{
    /// <summary>The block size nb (ScaLAPACK's users' guide: 32–64 for the reductions to tridiagonal form).</summary>
    public const int DefaultBlock = 64;

    /// <summary>Computes the eigenvalues of the n×n kernel matrix of <paramref name="kernel"/>.</summary>
    /// <param name="grid">The process grid.</param>
    /// <param name="kernel">How to form any block of the matrix.</param>
    /// <param name="n">The matrix's order.</param>
    /// <param name="block">nb.</param>
    /// <param name="la">Backend for the block's inner products.</param>
    /// <param name="maxParallelism">Threads for the entrywise map.</param>
    /// <param name="note">Receives a line per phase (rank 0 passes one; the others null).</param>
    /// <param name="progress">Hears of the two parts, forming this rank's part of the matrix and pdsyevr (rank 0 passes one).
    /// Each is one call, so only its time so far is known, not its time left.</param>
    /// <param name="solver">ELPA, pdsyevr, or ELPA where it loads (<see cref="DistributedSolver"/>).</param>
    public static DistributedSpectrum Compute(BlacsGrid grid, KernelBlock kernel, int n, int block, ILinearAlgebra la, int maxParallelism,
        Action<string>? note = null, IProgress<ProgressUpdate>? progress = null, DistributedSolver solver = DistributedSolver.Auto)
    {
        string? why = null;
        var elpa = solver == DistributedSolver.Pdsyevr ? null : ElpaLibrary.TryLoad(out why);
        if (elpa == null && solver == DistributedSolver.Elpa) throw new InputException($"--solver elpa: {why}");
        string name = elpa != null ? $"ELPA 2-stage ({elpa.Name})" : "ScaLAPACK pdsyevr" + (why == null ? "" : $" ({why})");
        var forming = new PartProgress(progress, "forming the matrix", "", 0, 1, 2);
        var solving = new PartProgress(progress, $"{(elpa != null ? "ELPA" : "pdsyevr")}: every eigenvalue", "", 0, 2, 2);
        var h = BlockCyclicMatrix.Form(grid, kernel, n, block, la, maxParallelism, note, forming);
        var (lwork, liwork) = elpa != null ? (0, 0) : Workspace(grid, n, block);
        note?.Invoke(elpa != null ? $"ELPA 2-stage: all {n} eigenvalues" : $"pdsyevr: all {n} eigenvalues ({lwork:N0} + {liwork:N0} workspace values per rank)");
        var clock = Stopwatch.StartNew();
        solving.Start();
        var w = elpa != null ? ElpaEigen.Eigenvalues(elpa, grid, h) : Eigenvalues(grid, h, 1, n);
        solving.End();
        return new DistributedSpectrum(w, h.Geometry, grid.Size, grid.Rows, grid.Cols, block, h.Local.LongLength, (long)lwork + liwork,
            h.FormSeconds, clock.Elapsed.TotalSeconds, name);
    }

    /// <summary>
    /// Eigenvalues <paramref name="first"/>..<paramref name="last"/> (1-based, ascending) of <paramref name="h"/> by
    /// pdsyevr with JOBZ = 'N' (RANGE = 'A' when that is all of them, 'I' otherwise). <paramref name="h"/>'s part is
    /// destroyed. Collective.
    /// </summary>
    internal static double[] Eigenvalues(BlacsGrid grid, BlockCyclicMatrix h, int first, int last)
    {
        int n = h.N;
        var (lwork, liwork) = RangeWorkspace(grid, n, h.Block, first, last);
        var w = new double[n];
        var work = new double[lwork];
        var iwork = new int[liwork];
        int one = 1, m = 0, nz = 0, info = 0;
        double vl = 0, vu = 0, dummyZ = 0;
        byte jobz = (byte)'N', range = Range(n, first, last), uplo = (byte)'L';
        fixed (double* a = h.Local, pw = w, pwork = work)
        fixed (int* pd = h.Descriptor, piwork = iwork)
            grid.Library.Pdsyevr(&jobz, &range, &uplo, &n, a, &one, &one, pd, &vl, &vu, &first, &last, &m, &nz, pw, &dummyZ, &one, &one, pd,
                pwork, &lwork, piwork, &liwork, &info, 1, 1, 1);
        Check(info, "eigenvalues");
        if (m != last - first + 1) throw new InvalidOperationException($"pdsyevr found {m} of {last - first + 1} eigenvalues");
        return w[..m];
    }

    /// <summary>
    /// pdsyevr's workspace on this rank for all eigenvalues of an n×n matrix in nb blocks (its LWORK = −1 query): doubles
    /// and ints. The doubles include room for a second copy of the local part (pdsytrd's), so a rank needs about twice
    /// its part of the matrix in all.
    /// </summary>
    public static (int Doubles, int Ints) Workspace(BlacsGrid grid, int n, int block) => RangeWorkspace(grid, n, block, 1, n);

    /// <summary>pdsyevr's workspace for eigenvalues <paramref name="first"/>..<paramref name="last"/> (its LWORK = −1 query).</summary>
    private static (int Doubles, int Ints) RangeWorkspace(BlacsGrid grid, int n, int block, int first, int last)
    {
        var lib = grid.Library;
        var desc = grid.Descriptor(n, n, block, Math.Max(1, grid.Owned(n, block, ofRows: true).Length));
        int one = 1, m = 0, nz = 0, info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double vl = 0, vu = 0, workQuery = 0, dummy = 0, w = 0;
        byte jobz = (byte)'N', range = Range(n, first, last), uplo = (byte)'L';
        fixed (int* pd = desc)
            lib.Pdsyevr(&jobz, &range, &uplo, &n, &dummy, &one, &one, pd, &vl, &vu, &first, &last, &m, &nz, &w, &dummy, &one, &one, pd,
                &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1, 1);
        Check(info, "workspace query");
        return ((int)Math.Ceiling(workQuery), Math.Max(1, iworkQuery));
    }

    /// <summary>pdsyevr's RANGE: 'A' for every eigenvalue, 'I' for an index range.</summary>
    private static byte Range(int n, int first, int last) => first == 1 && last == n ? (byte)'A' : (byte)'I';

    private static void Check(int info, string what)
    {
        if (info != 0) throw new LapackException($"pdsyevr ({what})", info);
    }
}
