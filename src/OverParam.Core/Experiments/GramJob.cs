using System.Diagnostics;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>Which part of the spectrum <c>gram</c> computes.</summary>
public enum EigenMode
{
    /// <summary>All eigenvalues (LAPACK dsyevd): O(n³) at memory speed, minutes at n = 20,000.</summary>
    All,
    /// <summary>λ_min and its eigenvector, and λ_max (<see cref="SmallestEigenpair"/>): one Cholesky and block Lanczos.</summary>
    Min,
    /// <summary>None: the matrix (and the data's geometry) only.</summary>
    None,
}

/// <summary>The precision of <c>--eig min</c>'s factorization.</summary>
public enum EigenPrecision
{
    /// <summary><see cref="Mixed"/> from n = <see cref="EigenPrecisions.MixedFromN"/> on where memory allows, else <see cref="F64"/>.</summary>
    Auto,
    /// <summary>The Cholesky factorization in float64 (<see cref="SmallestEigenpair"/>).</summary>
    F64,
    /// <summary>The factorization in float32, λ_min refined in float64, float64 where that gives up (<see cref="SmallestEigenpair.Mixed"/>).</summary>
    Mixed,
}

/// <summary>When <see cref="EigenPrecision.Auto"/> takes the mixed path.</summary>
public static class EigenPrecisions
{
    /// <summary>
    /// From this n on the factorization (n³/3) outweighs the mixed path's fixed costs (a float32 copy of H, Lanczos on
    /// float32 solves, a few LOBPCG iterations with float64 products); below it λ_min takes seconds either way, and the
    /// float64 path's numbers are kept.
    /// </summary>
    public const int MixedFromN = 4096;

    /// <summary>Whether <paramref name="precision"/> tries the mixed path on <paramref name="n"/> points with
    /// <paramref name="spareBytes"/> left after the float64 job's estimate and a float32 factor of
    /// <paramref name="factorBytes"/> (default: one n×n float32 array, <see cref="DenseFloat32Factor.Bytes"/>).</summary>
    public static bool UsesFloat32(this EigenPrecision precision, int n, double spareBytes, double? factorBytes = null) => precision switch
    {
        EigenPrecision.F64 => false,
        EigenPrecision.Mixed => true,
        EigenPrecision.Auto => n >= MixedFromN && spareBytes >= (factorBytes ?? DenseFloat32Factor.Bytes(n)),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "not a precision"),
    };

    /// <summary>
    /// The tiled path's use of float32 (<see cref="TiledSmallestEigenpair"/>): mixed asks for it; auto takes it from
    /// n = <see cref="MixedFromN"/> where the float32 tiles fit beside the float64 ones and, once block Lanczos on H has
    /// run, only where its condition estimate is below <see cref="TiledSmallestEigenpair.AutoConditionLimit"/>: on an
    /// ill-conditioned H (all of Fashion-MNIST, κ = 1.5·10⁷, puts λ_min near ε₃₂·λ_max) a float32 factorization of
    /// several minutes would be spent and given up.
    /// </summary>
    public static Float32Use TiledFloat32(this EigenPrecision precision, int n, double spareBytes, double factorBytes) =>
        !precision.UsesFloat32(n, spareBytes, factorBytes) ? Float32Use.No
        : precision == EigenPrecision.Mixed ? Float32Use.Yes : Float32Use.IfWellConditioned;
}

/// <summary>The spectrum a theorem check needs, by <see cref="EigenMode"/>.</summary>
public static class EigenModes
{
    /// <summary>
    /// All eigenvalues of the symmetric n×n <paramref name="matrix"/> (dsyevd), or with <see cref="EigenMode.Min"/> only
    /// λ_min and λ_max (<see cref="SmallestEigenpair"/>) as a partial spectrum. <paramref name="matrix"/> is destroyed
    /// either way, so neither path holds a second n×n matrix.
    /// </summary>
    public static Spectrum Eigenvalues(this EigenMode mode, double[] matrix, int n, ILinearAlgebra la)
    {
        if (mode == EigenMode.All) return Spectrum.Compute(matrix, n, la, withVectors: false);
        if (mode != EigenMode.Min) throw new ArgumentOutOfRangeException(nameof(mode), $"{mode}: a check needs λ_min");
        var r = SmallestEigenpair.Compute(matrix, n, la, certify: false);
        return Spectrum.Extremes(n, r.Value, r.LambdaMax);
    }
}

/// <summary>What <c>overparam gram</c> computes, as settings.</summary>
/// <param name="Data">The data.</param>
/// <param name="Kernel">Which kernel (<see cref="KernelKinds"/>).</param>
/// <param name="Eigenvectors">Also compute and write all eigenvectors (needs about 3 n×n float64 matrices of memory).</param>
/// <param name="SaveGram">Write gram.npy (n² float64 values on disk).</param>
/// <param name="LabelBound">C in |y_i| ≤ C, or null to report max|y_i|.</param>
/// <param name="Deep">The network's shape (Du et al. ICML 2019), given exactly when the kernel is a deep one.</param>
/// <param name="Eig">Which eigenvalues: all (default), min (λ_min, its vector and λ_max) or none.</param>
/// <param name="Certify">With <see cref="EigenMode.Min"/>: prove λ_min &gt; σ by a second Cholesky, of H − σI.</param>
/// <param name="MemoryLimit">Bytes the job may use (refused before any work if its estimate exceeds them); null: what the
/// process may use.</param>
/// <param name="Tiled">With <see cref="EigenMode.Min"/>: form H in tiles from the inputs and factor it there
/// (<see cref="TiledSmallestEigenpair"/>), which is also chosen whenever n exceeds one array's limit.</param>
/// <param name="Tile">The tile side of the tiled path (null: <see cref="TiledSmallestEigenpair.DefaultTile"/>); given for a
/// job that does not take the tiled path, it is refused rather than ignored.</param>
/// <param name="Precision">With <see cref="EigenMode.Min"/> in memory: the factorization's precision.</param>
public sealed record GramSpec(DataSpec Data, KernelKind Kernel, bool Eigenvectors, bool SaveGram, double? LabelBound,
    DeepSpec? Deep = null, EigenMode Eig = EigenMode.All, bool Certify = false, long? MemoryLimit = null,
    bool Tiled = false, int? Tile = null, EigenPrecision Precision = EigenPrecision.Auto)
{
    /// <summary>The tile side on <paramref name="n"/> inputs: the one asked for (or the default), at most n.</summary>
    public int TileFor(int n) => Math.Min(Tile ?? TiledSmallestEigenpair.DefaultTile, n);

    /// <summary>
    /// The kernel as blocks formed from <paramref name="data"/> (the tiled and distributed paths); a kernel not formed
    /// entry by entry (the convolutional ResNet's) is refused in one line naming <paramref name="path"/>.
    /// </summary>
    public KernelBlock BlockOf(Dataset data, string path) => Kernel.Entrywise
        ? Kernel.Block(data, Deep)
        : throw new InputException($"{path} forms H entry by entry, which {KernelName}'s position-pair recursion does not allow; run it without {path}");

    /// <summary>
    /// The kernel matrix of <paramref name="data"/> in memory (n×n row-major), computed once: no H∞ built and discarded for
    /// a deep kernel.
    /// </summary>
    public double[] MatrixOf(Dataset data, ILinearAlgebra la, int maxParallelism) => Kernel.Matrix(data, Deep, la, maxParallelism);

    /// <summary>Whether the job takes the tiled path on <paramref name="n"/> inputs.</summary>
    public bool TiledFor(int n) => Eig == EigenMode.Min && (Tiled || n > MemoryBudget.MaxSquareSide);

    /// <summary>The kernel's command-line name.</summary>
    public string KernelName => Kernel.Name;
}

/// <summary>What <c>overparam gram</c> found.</summary>
/// <param name="Data">The data as loaded.</param>
/// <param name="Kernel">The kernel's name.</param>
/// <param name="Geometry">The inputs' pair geometry.</param>
/// <param name="Checks">The theorem's hypotheses on the data.</param>
/// <param name="LabelComplexity">yᵀH⁻¹y and √(2yᵀH⁻¹y/n) (Arora et al. ICML 2019), whenever labels are given.</param>
/// <param name="Seconds">Wall time of the whole job.</param>
/// <param name="Folder">The output folder.</param>
/// <param name="Spectrum">All eigenvalues, or λ_min and λ_max alone (--eig min), or null (--eig none).</param>
/// <param name="Smallest">How λ_min was computed and how accurate it is (--eig min).</param>
public sealed record GramResult(Dataset Data, string Kernel, Spectrum? Spectrum, PairGeometry Geometry,
    IReadOnlyList<Hypothesis> Checks, LabelComplexityResult? LabelComplexity, double Seconds, string Folder, SmallestEigenpairResult? Smallest = null);

/// <summary>
/// Computes a data set's Gram matrix and its spectrum and writes gram.npy, eigenvalues.npy (ascending),
/// [eigenvectors.npy, label_projections.npy] and summary.json into a folder that appears whole or not at all.
/// The Gram matrix is written before the eigensolver overwrites it, so one n×n matrix is all the memory it needs.
/// </summary>
public static class GramJob
{
    /// <summary>Runs the job; the data is loaded (and checked) before anything is written.</summary>
    /// <param name="spec">Settings.</param>
    /// <param name="la">Backend.</param>
    /// <param name="maxParallelism">Threads for OverParam's own loops.</param>
    /// <param name="outDir">Output folder.</param>
    /// <param name="note">Receives the memory estimate before the work starts.</param>
    /// <param name="progress">Hears of the tiled path's parts as they go, with the time left in each (<see cref="TiledSmallestEigenpair"/>).</param>
    public static GramResult Run(GramSpec spec, ILinearAlgebra la, int maxParallelism, string outDir, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        OutputFolder.Check(outDir); // before any work
        var data = spec.Data.Load();
        if (spec.TiledFor(data.N)) return RunTiled(spec, data, la, maxParallelism, outDir, note, progress, clock);
        if (spec.Tile != null)
            throw new InputException($"--tile sets the tiled path's tile, which this job (n = {data.N}) does not take: give --eig min --tiled, or leave --tile out");
        var memory = Memory(spec, data);
        MemoryBudget.Require(memory, data.N, spec.MemoryLimit, spec.MemoryLimit == null ? null : "that --memory-limit allows");
        bool float32 = spec.Eig == EigenMode.Min && !spec.Certify
            && spec.Precision.UsesFloat32(data.N, (spec.MemoryLimit ?? MemoryBudget.AvailableBytes) - memory.Bytes);
        if (float32) memory = memory with { Bytes = memory.Bytes + DenseFloat32Factor.Bytes(data.N), Detail = memory.Detail + ", and the float32 factor" };
        note?.Invoke(memory.ToString());
        using var folder = OutputFolder.Begin(outDir);
        var timings = new GramTimings();
        var gram = timings.Time("forming", () => spec.Kernel.Gram(data, spec.Deep, la, maxParallelism));
        if (spec.SaveGram) timings.Time("writing_gram", () => Npy.Write(folder.PathOf("gram.npy"), gram.Values, data.N, data.N));
        // Before any eigensolver overwrites the matrix.
        var complexity = data.Y == null ? null : timings.Time("label_complexity", () => LabelComplexity.Compute(gram.Values, data.N, data.Y, la));
        Spectrum? spectrum = null;
        SmallestEigenpairResult? smallest = null;
        if (spec.Eig == EigenMode.Min)
        {
            timings.MeasureRate(la, data.N, float32);
            smallest = timings.Time("eigen", () => SmallestEigenpair.Compute(gram.Values, data.N, la, spec.Certify, progress: note,
                float32: float32, maxParallelism: maxParallelism));
            timings.Phases = smallest.Phases;
            spectrum = Spectrum.Extremes(data.N, smallest.Value, smallest.LambdaMax);
            if (smallest.Vector != null) timings.Time("writing_vector", () => Npy.Write(folder.PathOf("eigenvector_min.npy"), smallest.Vector, data.N));
        }
        else if (spec.Eig == EigenMode.All)
        {
            spectrum = timings.Time("eigen", () => Spectrum.Compute(gram.Values, data.N, la, spec.Eigenvectors));
            Npy.Write(folder.PathOf("eigenvalues.npy"), spectrum.Eigenvalues, data.N);
        }
        complexity = LabelComplexity.Qualify(complexity, spectrum);
        if (spectrum?.Eigenvectors != null)
        {
            // NumPy's orientation (numpy.linalg.eigh): column j is v_j. Rows of our row-major array are the v_j, so the
            // same bytes under a Fortran-order header read as their transpose.
            Npy.Write(folder.PathOf("eigenvectors.npy"), spectrum.Eigenvectors, fortranOrder: true, data.N, data.N);
            if (data.Y != null)
            {
                var proj = spectrum.LabelProjections(data.Y);
                Npy.Write(folder.PathOf("label_projections.npy"), proj, data.N);
            }
        }
        var result = new GramResult(data, gram.Kernel, spectrum, gram.Geometry, Checks(spec, data, gram.Geometry, spectrum), complexity,
            clock.Elapsed.TotalSeconds, Path.GetFullPath(outDir), smallest);
        var summary = Summary(spec, result, la) with { Timings = timings.Values(clock.Elapsed.TotalSeconds) };
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        folder.Commit();
        return result;
    }

    /// <summary>
    /// The tiled path: H formed tile by tile from the inputs, factored in tiles, λ_min by Lanczos on H⁻¹, its residual
    /// from H formed again (<see cref="TiledSmallestEigenpair"/>). No gram.npy: the square is never held.
    /// </summary>
    private static GramResult RunTiled(GramSpec spec, Dataset data, ILinearAlgebra la, int maxParallelism, string outDir, Action<string>? note,
        IProgress<ProgressUpdate>? progress, Stopwatch clock)
    {
        if (spec.Certify) throw new InputException("--certify needs a second factorization, which the tiled path (n > 46,340 or --tiled) does not make");
        if (spec.Tile is < 16) throw new InputException($"--tile must be at least 16, got {spec.Tile}");
        int tile = spec.TileFor(data.N);
        var kernel = spec.BlockOf(data, "--tiled (taken past n = 46,340)");
        var memory = TiledEstimate($"gram {spec.KernelName} --eig min in tiles on n = {data.N}", data, tile);
        double low = TiledFloat32Factor.Bytes(data.N, tile);
        var float32 = spec.Precision.TiledFloat32(data.N, (spec.MemoryLimit ?? MemoryBudget.AvailableBytes) - memory.Bytes, low);
        if (float32 != Float32Use.No) memory = memory with { Bytes = memory.Bytes + low, Detail = memory.Detail + $", and {MemoryBudget.Format(low)} for the float32 tiles" };
        MemoryBudget.Require(memory, null, spec.MemoryLimit, spec.MemoryLimit == null ? null : "that --memory-limit allows");
        note?.Invoke(memory.ToString());
        using var folder = OutputFolder.Begin(outDir);
        var timings = new GramTimings();
        timings.MeasureRate(la, data.N, float32 != Float32Use.No);
        var found = TiledSmallestEigenpair.Compute(kernel, data.N, data.Y, tile, la, maxParallelism, note: note, progress: progress, float32: float32);
        var smallest = found.Smallest;
        var spectrum = Spectrum.Extremes(data.N, smallest.Value, smallest.LambdaMax);
        if (smallest.Vector != null) Npy.Write(folder.PathOf("eigenvector_min.npy"), smallest.Vector, data.N);
        var written = spec with { SaveGram = false };
        var result = new GramResult(data, spec.KernelName, spectrum, found.Geometry, Checks(written, data, found.Geometry, spectrum),
            LabelComplexity.Qualify(found.LabelComplexity, spectrum), clock.Elapsed.TotalSeconds, Path.GetFullPath(outDir), smallest);
        timings.Phases = smallest.Phases;
        var summary = Summary(written, result, la) with
        {
            Tiles = new TileLayout(tile, found.TileBytes, memory.Bytes),
            Timings = timings.Values(clock.Elapsed.TotalSeconds),
        };
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        folder.Commit();
        return result;
    }

    /// <summary>A tiled path's estimate (<see cref="TiledSmallestEigenpair.Memory"/>), in words.</summary>
    public static MemoryEstimate TiledEstimate(string what, Dataset data, int tile)
    {
        var (tiles, basis, other) = TiledSmallestEigenpair.Memory(data.N, data.D, tile);
        return new MemoryEstimate(what, tiles + basis + other,
            $"{MemoryBudget.Format(tiles)} for H's lower triangle in {tile}×{tile} tiles, {MemoryBudget.Format(basis)} for the Lanczos basis, {MemoryBudget.Format(other)} for the data and scratch");
    }

    /// <summary>The theorem's hypotheses on the data (width and step excepted: gram trains nothing).</summary>
    public static IReadOnlyList<Hypothesis> Checks(GramSpec spec, Dataset data, PairGeometry geometry, Spectrum? spectrum) => spec.Kernel switch
    {
        TwoLayerKernelKind two => DataHypotheses.Evaluate(data, two.Kernel, geometry, spectrum, spec.LabelBound),
        DeepKernelKind => DeepChecks(spec, data, geometry, spectrum),
        _ => throw new UnreachableException($"kernel {spec.Kernel.Name} of no family"),
    };

    /// <summary>A deep kernel's theorem (5.1, 6.1, 7.1) on the data, width and step excepted.</summary>
    private static List<Hypothesis> DeepChecks(GramSpec spec, Dataset data, PairGeometry geometry, Spectrum? spectrum)
    {
        var deep = ShapeOf(spec);
        var arch = DeepArchitectures.Of(deep.Arch);
        return new DeepTheorem(arch.Theorem, data.N, 0, deep.Depth, spectrum?.LambdaMin ?? double.NaN, double.NaN, Theorem41.DefaultDelta,
                arch.Positions(deep, data.D))
            .Hypotheses(data, geometry, spectrum, deep.Sigma, spec.LabelBound).Where(h => h.Name is not ("width" or "step_size")).ToList();
    }

    /// <summary>The shape a deep kernel's spec carries (the command line and sweeps always give one).</summary>
    private static DeepSpec ShapeOf(GramSpec spec) => spec.Deep ?? throw new UnreachableException($"deep kernel {spec.Kernel.Name} without a shape");

    /// <summary>
    /// The job's peak memory, counted from its arrays: a two-layer kernel holds the Gram matrix and the pair geometry
    /// (2 n×n; eigenvectors add dsyevd's 2n² workspace less the geometry released: 3); a deep kernel holds Σ^(0),
    /// G^(1..H+1) and Θ (H + 3, formed entry by entry) besides the two-layer pair (1 more), and
    /// eigenvectors add 2; the convolutional ResNet's kernel holds G^(1..H+1) and Θ (H + 2, <see cref="ConvResNetKernel"/>).
    /// The bench (docs/perf.md) measured 1.96 n×n for a two-layer kernel's eigenvalues. --eig min works in place.
    /// </summary>
    public static MemoryEstimate Memory(GramSpec spec, Dataset data)
    {
        int matrices = spec.Kernel switch
        {
            TwoLayerKernelKind => spec.Eigenvectors ? 3 : 2,
            DeepKernelKind => DeepArchitectures.Of(ShapeOf(spec).Arch).KernelMatrices(ShapeOf(spec)) + (spec.Eigenvectors ? 2 : 0),
            _ => throw new UnreachableException($"kernel {spec.Kernel.Name} of no family"),
        };
        if (data.Y != null) matrices++; // the label complexity's Cholesky works on a copy
        // --eig min adds its Krylov basis and products (2 × MaxBasis vectors of n), not an n×n matrix.
        double basis = spec.Eig == EigenMode.Min ? 16.0 * SmallestEigenpair.MaxBasis * data.N : 0;
        return MemoryBudget.Squares($"gram {spec.KernelName} on n = {data.N}", data.N, matrices, 16.0 * data.N * data.D + basis,
            spec.Eig == EigenMode.Min ? "for the data and the Lanczos basis" : "for the data");
    }

    /// <summary>The summary.json record, without the path's tiles, distribution and timings.</summary>
    public static GramSummary Summary(GramSpec spec, GramResult r, ILinearAlgebra la)
    {
        var s = r.Spectrum;
        var g = r.Geometry;
        var e = r.Smallest;
        return new GramSummary(
            N: r.Data.N,
            D: r.Data.D,
            Kernel: r.Kernel,
            Formula: spec.Kernel.Formula,
            Depth: spec.Deep?.Depth,
            Activation: spec.Deep?.Sigma.Name,
            CRes: Own(spec).CRes,
            Channels: Own(spec).Channels,
            Patch: Own(spec).Patch,
            Data: r.Data.Source,
            Normalized: spec.Data.Normalize,
            Project: spec.Data.Project,
            Seed: spec.Data.Seed,
            Eig: spec.Eig.ToString().ToLowerInvariant(),
            LambdaMin: Json.Finite(s?.LambdaMin),
            LambdaMax: Json.Finite(s?.LambdaMax),
            ConditionNumber: Json.Finite(s?.ConditionNumber),
            NumericallySingular: s?.IsNumericallySingular,
            SingularThreshold: Json.Finite(s?.SingularThreshold),
            LambdaMinMethod: e?.Method ?? (s == null ? null : "dsyevd (all eigenvalues)"),
            LambdaMinResidual: Json.Finite(e?.Residual),
            LambdaMinErrorBound: Json.Finite(e?.ErrorBound),
            LambdaMinBoundKind: e?.BoundKind,
            LambdaMinCertifiedLowerBound: Json.Finite(e?.CertifiedLowerBound),
            Lambda2Estimate: Json.Finite(e?.SecondValue),
            EigenSeconds: Json.Finite(e?.Seconds),
            MinAngleDegrees: Json.Finite(g.MinAngleDegrees),
            MinLineAngleDegrees: Json.Finite(g.MinLineAngleDegrees),
            ClosestPair: g.ClosestLinePair == null ? null : [g.ClosestLinePair.I, g.ClosestLinePair.J],
            ParallelPairs: g.ParallelPairCount,
            LabelComplexity: Json.Finite(r.LabelComplexity?.Value),
            GeneralizationBound: Json.Finite(r.LabelComplexity?.GeneralizationBound),
            LabelComplexityNote: r.LabelComplexity?.Note,
            Checks: CheckEntry.Of(r.Checks),
            Files: [.. Files(spec, r)],
            WallSeconds: r.Seconds,
            Provenance: Provenance.Now(la.Description),
            Tiles: null,
            Distributed: null,
            Timings: null);
    }

    /// <summary>The deep architecture's own settings (c_res, channels, patch; null where it has none, and for a two-layer kernel).</summary>
    private static DeepKindSettings Own(GramSpec spec) => spec.Kernel switch
    {
        TwoLayerKernelKind => new(),
        DeepKernelKind => DeepArchitectures.Of(ShapeOf(spec).Arch).Settings(ShapeOf(spec)),
        _ => throw new UnreachableException($"kernel {spec.Kernel.Name} of no family"),
    };

    private static IEnumerable<string> Files(GramSpec spec, GramResult r)
    {
        if (spec.SaveGram) yield return "gram.npy";
        if (r.Smallest?.Vector != null) yield return "eigenvector_min.npy";
        if (spec.Eig != EigenMode.All) yield break;
        yield return "eigenvalues.npy";
        if (!spec.Eigenvectors) yield break;
        yield return "eigenvectors.npy";
        if (r.Data.Y != null) yield return "label_projections.npy";
    }
}
