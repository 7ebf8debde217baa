using System.Diagnostics;
using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Distributed;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary>
/// <c>gram --distributed</c>: the spectrum of a kernel matrix larger than one machine, on ScaLAPACK over MPI. Run under
/// <c>mpirun -np P</c> or <c>srun</c>; every rank loads the inputs (n·d values) and forms its block-cyclic part of the
/// matrix from them (<see cref="KernelBlock"/>). With <c>--eig all</c> pdsyevr computes every eigenvalue
/// (<see cref="DistributedEigen"/>) and rank 0 writes eigenvalues.npy; with <c>--eig min</c> the single-machine method
/// runs on the distributed matrix (pdpotrf, pdpotrs: <see cref="DistributedShiftInvertMatrix"/>) and rank 0 writes
/// eigenvector_min.npy; rank 0 writes summary.json, as <see cref="GramJob"/> does. Memory per rank: n²/P float64 values
/// and pdsyevr's workspace, or 2·n²/P for --eig min. Every check of the user's input happens before MPI starts,
/// identically on every rank, so bad input ends every rank with the same one-line error.
/// </summary>
public static partial class DistributedGramJob
{
    /// <summary>
    /// Runs the job on this rank; rank 0 returns the result, the others null. Rank 0's <paramref name="note"/> and
    /// <paramref name="progress"/> hear of its phases.
    /// </summary>
    public static GramResult? Run(GramSpec spec, int block, ILinearAlgebra la, int maxParallelism, string outDir, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null, DistributedSolver solver = DistributedSolver.Auto)
    {
        var clock = Stopwatch.StartNew();
        Validate(spec, block);
        OutputFolder.Check(outDir);
        var data = spec.Data.Load();
        var kernel = spec.BlockOf(data, "--distributed");
        using var grid = BlacsGrid.TryStart(out var reason) ?? throw new InputException($"--distributed: {reason}");
        if (spec.Eig == EigenMode.Min) return RunSmallest(spec, data, kernel, grid, block, la, maxParallelism, outDir, note, progress, clock);
        bool root = grid.Rank == 0;
        var memory = Memory(data, grid, block);
        MemoryBudget.Require(memory, data.N, spec.MemoryLimit, spec.MemoryLimit == null ? null : "that --memory-limit allows");
        if (root) note?.Invoke(memory.ToString());
        var found = DistributedEigen.Compute(grid, kernel, data.N, block, la, maxParallelism, root ? note : null, root ? progress : null, solver);
        if (!root) return null;

        using var folder = OutputFolder.Begin(outDir);
        var spectrum = new Spectrum(found.Eigenvalues, null);
        Npy.Write(folder.PathOf("eigenvalues.npy"), spectrum.Eigenvalues, data.N);
        var complexity = NoLabelComplexity(data);
        var written = spec with { SaveGram = false };
        var result = new GramResult(data, spec.KernelName, spectrum, found.Geometry, GramJob.Checks(written, data, found.Geometry, spectrum),
            complexity, clock.Elapsed.TotalSeconds, Path.GetFullPath(outDir));
        var summary = GramJob.Summary(written, result, la) with
        {
            LambdaMinMethod = $"{found.Solver} (all eigenvalues), {found.Ranks} ranks",
            EigenSeconds = found.EigenSeconds,
            Distributed = Describe(grid, found.Solver, found.Block, found.LocalValues, found.FormSeconds, found.EigenSeconds,
                found.WorkspaceValues > 0 ? found.WorkspaceValues : null),
        };
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        folder.Commit();
        return result;
    }

    /// <summary>What the distributed path refuses, in one line each, before MPI starts (the kernel: <see cref="GramSpec.BlockOf"/>).</summary>
    private static void Validate(GramSpec spec, int block)
    {
        if (spec.Eig == EigenMode.None)
            throw new InputException("--distributed computes eigenvalues (--eig all: pdsyevr; --eig min: pdpotrf + shift-invert Lanczos); --eig none is a single-machine path");
        if (spec.Eigenvectors) throw new InputException("--distributed computes eigenvalues only; --eigenvectors needs the single-machine path");
        if (spec.Tiled) throw new InputException("--tiled is the single-machine tiled path; --distributed already forms H in parts on each rank");
        if (spec.Eig == EigenMode.Min && spec.SaveGram) throw new InputException("--save-gram: --distributed never holds the whole matrix on one rank");
        if (block < 1) throw new InputException($"--block must be at least 1, got {block}");
        if (spec.Tile != null) throw new InputException("--tile is for the single-machine tiled path (--eig min --tiled); --distributed uses --block");
    }

    /// <summary>
    /// Per rank (rank 0's share, the largest): its part of the matrix, pdsyevr's workspace as its query says (about as
    /// much again), and the inputs twice (the data and the kernel's copy).
    /// </summary>
    public static MemoryEstimate Memory(Dataset data, BlacsGrid grid, int block)
    {
        long part = (long)grid.Owned(data.N, block, ofRows: true).Length * grid.Owned(data.N, block, ofRows: false).Length;
        var (doubles, ints) = DistributedEigen.Workspace(grid, data.N, block);
        return new MemoryEstimate($"gram --distributed on n = {data.N}, per rank of {grid.Size}", 8.0 * (part + doubles + 2.0 * data.N * data.D) + 4.0 * ints,
            $"{MemoryBudget.Format(8.0 * part)} for its part of the matrix, {MemoryBudget.Format(8.0 * doubles + 4.0 * ints)} for pdsyevr's workspace, the rest for the data");
    }

    /// <summary>The job's label-complexity entry: with labels, why it is not computed.</summary>
    private static LabelComplexityResult? NoLabelComplexity(Dataset data) => data.Y == null ? null
        : new LabelComplexityResult(null, null, "not computed by --distributed (it needs a Cholesky factorization of H on one machine)");

    /// <summary>summary.json's <c>distributed</c> object: the engine, the grid, and rank 0's share, workspace (pdsyevr's, when
    /// given) and times.</summary>
    private static JsonObject Describe(BlacsGrid grid, string engine, int block, long localValues, double formSeconds, double eigenSeconds,
        long? workspaceValues = null)
    {
        var o = new JsonObject
        {
            ["engine"] = $"{engine} over MPI ({grid.Library.Name})",
            ["ranks"] = grid.Size,
            ["grid"] = new JsonArray(grid.Rows, grid.Cols),
            ["block"] = block,
            ["local_values_rank0"] = localValues,
        };
        if (workspaceValues is { } w) o["workspace_values_rank0"] = w;
        o["form_seconds_rank0"] = formSeconds;
        o["eigen_seconds"] = eigenSeconds;
        return o;
    }
}
