using System.Diagnostics;
using OverParam.Data;
using OverParam.Distributed;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary><c>gram --distributed --eig min</c>: λ_min, its eigenvector and λ_max of the distributed matrix.</summary>
public static partial class DistributedGramJob
{
    /// <summary>
    /// Forms the block-cyclic H, then runs the single-machine shift-invert method (<see cref="SmallestEigenpair"/>: block
    /// Lanczos on H for λ_max and the shift, Cholesky of H − σI, block Lanczos on (H − σI)⁻¹, ρ and ‖Hv − ρv‖ from H in
    /// float64) with its matrix operations on ScaLAPACK (<see cref="DistributedShiftInvertMatrix"/>): rank 0 drives and
    /// holds the Krylov vectors, and writes eigenvector_min.npy and summary.json with the single-machine keys. A matrix
    /// that is not numerically positive definite is reported as the single-machine path reports it: λ_min from the full
    /// eigensolver (pdsyevr), no vector.
    /// </summary>
    private static GramResult? RunSmallest(GramSpec spec, Dataset data, KernelBlock kernel, BlacsGrid grid, int block, ILinearAlgebra la,
        int maxParallelism, string outDir, Action<string>? note, IProgress<ProgressUpdate>? progress, Stopwatch clock)
    {
        bool root = grid.Rank == 0;
        var memory = SmallestMemory(data, grid, block);
        MemoryBudget.Require(memory, data.N, spec.MemoryLimit, spec.MemoryLimit == null ? null : "that --memory-limit allows");
        if (root) note?.Invoke(memory.ToString());
        var forming = new PartProgress(root ? progress : null, "forming the matrix", "", 0, 1, 2);
        var solving = new PartProgress(root ? progress : null, "pdpotrf + shift-invert Lanczos", "", 0, 2, 2);
        var timings = new GramTimings();
        var h = timings.Time("forming", () => BlockCyclicMatrix.Form(grid, kernel, data.N, block, la, maxParallelism, root ? note : null, forming));
        var matrix = new DistributedShiftInvertMatrix(grid, h, la);
        if (!root)
        {
            matrix.Serve();
            return null;
        }

        timings.MeasureRate(la, data.N);
        solving.Start();
        SmallestEigenpairResult smallest;
        try
        {
            smallest = timings.Time("eigen", () => SmallestEigenpair.Compute(matrix, la, spec.Certify, progress: note));
        }
        finally
        {
            matrix.Stop(); // the serving ranks return, whatever happened here
        }
        solving.End();
        timings.Phases = smallest.Phases;

        using var folder = OutputFolder.Begin(outDir);
        var spectrum = Spectrum.Extremes(data.N, smallest.Value, smallest.LambdaMax);
        if (smallest.Vector != null) timings.Time("writing_vector", () => Npy.Write(folder.PathOf("eigenvector_min.npy"), smallest.Vector, data.N));
        var written = spec with { SaveGram = false };
        var result = new GramResult(data, spec.KernelName, spectrum, h.Geometry, GramJob.Checks(written, data, h.Geometry, spectrum),
            NoLabelComplexity(data), clock.Elapsed.TotalSeconds, Path.GetFullPath(outDir), smallest);
        var summary = GramJob.Summary(written, result, la) with
        {
            Distributed = Describe(grid, "ScaLAPACK pdpotrf + pdpotrs", block, h.Local.LongLength, h.FormSeconds, smallest.Seconds),
            Timings = timings.Values(clock.Elapsed.TotalSeconds),
        };
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        folder.Commit();
        return result;
    }

    /// <summary>
    /// Per rank (rank 0's share, the largest): its part of H and of the factor of H − σI (two arrays of n²/P values),
    /// rank 0's Krylov basis and its products (2·<see cref="SmallestEigenpair.MaxBasis"/> vectors of n), and the inputs
    /// twice (the data and the kernel's copy).
    /// </summary>
    public static MemoryEstimate SmallestMemory(Dataset data, BlacsGrid grid, int block)
    {
        long part = (long)grid.Owned(data.N, block, ofRows: true).Length * grid.Owned(data.N, block, ofRows: false).Length;
        double basis = 16.0 * SmallestEigenpair.MaxBasis * data.N;
        return new MemoryEstimate($"gram --distributed --eig min on n = {data.N}, per rank of {grid.Size}", 8.0 * (2.0 * part + 2.0 * data.N * data.D) + basis,
            $"{MemoryBudget.Format(16.0 * part)} for its part of H and of the factor, {MemoryBudget.Format(basis)} for rank 0's Lanczos basis, the rest for the data");
    }
}
