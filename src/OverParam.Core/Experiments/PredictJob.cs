using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary>What <c>overparam predict</c> computes.</summary>
/// <param name="Kernel">The data and the kernel, as gram takes them.</param>
/// <param name="HeldOut">The held-out set.</param>
/// <param name="LearningRate">η, or null for 1/λ_max(K) (train's default).</param>
/// <param name="Steps">K, the steps of the finite-time prediction; null: the k → ∞ limit alone (--steps inf).</param>
/// <param name="Tiled">Form and factor K in tiles (taken without asking when n + t exceeds one array's side, 46,340): k → ∞ only.</param>
/// <param name="Tile">The tiles' side (null: <see cref="TiledSmallestEigenpair.DefaultTile"/>), at most n.</param>
public sealed record PredictSpec(GramSpec Kernel, HeldOutSpec HeldOut, double? LearningRate, long? Steps, bool Tiled = false, int? Tile = null)
{
    /// <summary>Checks the values a user gives; throws <see cref="InputException"/> naming the option.</summary>
    public PredictSpec Validate()
    {
        if (LearningRate is { } lr && (!(lr > 0) || !double.IsFinite(lr))) throw new InputException($"--lr must be a finite number > 0, got {lr}");
        if (Steps < 0) throw new InputException($"--steps must be ≥ 0 or inf, got {Steps}");
        if (Tile is < 16) throw new InputException($"--tile must be at least 16, got {Tile}");
        if (Tile != null && !Tiled) throw new InputException("--tile sets the tiled path's tile: give --tiled too (or leave --tile out)");
        if (!HeldOut.Validate().Any) throw new InputException("predict needs a held-out set: --test-split test (natural data), --test-data X --test-labels y, or --test-n N (sphere data)");
        return this;
    }
}

/// <summary>What predict produced.</summary>
public sealed record PredictResult(Dataset Train, Dataset Test, string Kernel, double Eta, long? Steps, double? TestMse, double? TestAccuracy,
    double TestMseInf, double? TestAccuracyInf, KernelRegression.Limit Limit, LabelComplexityResult? Complexity, string Folder, double Seconds);

/// <summary>
/// <c>overparam predict</c>: the infinite-width network's mean prediction on held-out points (<see cref="KernelRegression"/>),
/// after K steps and at k → ∞, with the held-out error along the way. Writes predictions.npy (t × d_y, after K steps),
/// predictions_inf.npy, curve.csv (step, train_residual, test_mse, test_accuracy at every step to 100, then about 20 a
/// decade, and K) and summary.json, into a folder that appears whole or not at all. The kernel of the training and
/// held-out inputs together is formed in memory, (n + t)² values.
/// </summary>
public static class PredictJob
{
    /// <summary>
    /// Runs the job; every input is checked before anything is written. <paramref name="progress"/> hears of its parts: in
    /// memory, the kernel with its eigendecomposition (one LAPACK call: its time so far only), the curve's recorded steps,
    /// and the k → ∞ solve; in tiles, those of <see cref="TiledKernelRegression"/>, with the time left in each.
    /// </summary>
    public static PredictResult Run(PredictSpec spec, ILinearAlgebra la, int maxParallelism, string outDir, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        spec.Validate();
        OutputFolder.Check(outDir);
        var train = spec.Kernel.Data.Load(outputs: true);
        if (train.Y == null) throw new InputException($"{train.Source}: predict needs training labels; give --labels gaussian|sign|teacher|FILE");
        var test = spec.HeldOut.Load(train, train.Outputs > 1);
        if (test.N == 0) throw new InputException("the held-out set is empty");
        if (test.Y == null) throw new InputException($"{test.Source}: the held-out set needs labels for its error");
        int n = train.N, t = test.N, dy = train.Outputs;
        if (spec.Tiled || n + t > MemoryBudget.MaxSquareSide) return RunTiled(spec, train, test, la, maxParallelism, outDir, note, progress, clock);
        var memory = MemoryBudget.Squares($"predict {spec.Kernel.KernelName} on n = {n}, t = {t}", n + t, 3, 16.0 * t * n, "for K(X*, X) and K(X*, X)V");
        MemoryBudget.Require(memory, n + t, spec.Kernel.MemoryLimit, spec.Kernel.MemoryLimit == null ? null : "that --memory-limit allows");
        note?.Invoke(memory.ToString());

        int parts = spec.Steps == null ? 2 : 3;
        var fitting = new PartProgress(progress, "kernel and its eigendecomposition", "", 0, 1, parts);
        fitting.Start();
        var model = Fit(spec.Kernel, train, test, spec.LearningRate, la, maxParallelism);
        fitting.End();
        double eta = model.Eta, lambdaMax = model.Spectrum.LambdaMax;
        if (eta * lambdaMax >= 2)
            throw new InputException($"--lr {eta.ToString("G4", CultureInfo.InvariantCulture)}: η·λ_max(K) = {(eta * lambdaMax).ToString("G4", CultureInfo.InvariantCulture)} ≥ 2, so GD on the kernel diverges; take η < {(2 / lambdaMax).ToString("G4", CultureInfo.InvariantCulture)}");
        bool classes = spec.Kernel.Data.Classifies;

        using var folder = OutputFolder.Begin(outDir);
        var curve = new StringBuilder("step,train_residual,test_mse,test_accuracy\n");
        var inv = CultureInfo.InvariantCulture;
        double[]? last = null;
        if (spec.Steps is { } steps)
        {
            var recorded = RecordedSteps(steps);
            var curving = new PartProgress(progress, "predictions along the curve", "step", recorded.Count, 2, parts);
            curving.Start();
            foreach (long step in recorded)
            {
                last = model.At(step);
                double? acc = classes ? Accuracy(last, test.Y, dy) : null;
                curve.Append(inv, $"{step},{model.TrainResidual(step):R},{Mse(last, test.Y, t):R},{(acc is { } a ? a.ToString("R", inv) : "")}\n");
                curving.Complete();
            }
            curving.End();
            AtomicFile.WriteAllText(folder.PathOf("curve.csv"), curve.ToString());
            Npy.Write(folder.PathOf("predictions.npy"), last!, t, dy);
        }
        var solving = new PartProgress(progress, "k → ∞ solve", "", 0, parts, parts);
        solving.Start();
        var limit = model.Infinite(la);
        solving.End();
        Npy.Write(folder.PathOf("predictions_inf.npy"), limit.Prediction, t, dy);
        // yᵀK⁻¹y = yᵀc from the limit's own solve; withdrawn where K is numerically singular (as gram and check do).
        var complexity = dy != 1 ? null : LabelComplexity.Qualify(limit.Solver == "cholesky"
            ? new LabelComplexityResult(TensorPrimitives.Dot(train.Y, limit.Coefficients), Math.Sqrt(2 * TensorPrimitives.Dot(train.Y, limit.Coefficients) / n),
                "yᵀK⁻¹y = yᵀc of the k → ∞ Cholesky solve")
            : new LabelComplexityResult(null, null, "K is not numerically positive definite: yᵀK⁻¹y is not determined in float64"), model.Spectrum);
        var result = new PredictResult(train, test, spec.Kernel.KernelName, eta, spec.Steps, last == null ? null : Mse(last, test.Y, t),
            classes && last != null ? Accuracy(last, test.Y, dy) : null, Mse(limit.Prediction, test.Y, t), classes ? Accuracy(limit.Prediction, test.Y, dy) : null,
            limit, complexity, Path.GetFullPath(outDir), clock.Elapsed.TotalSeconds);
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(Summary(result, spec, model.Spectrum.LambdaMin, lambdaMax,
            "eigendecomposition of K (LAPACK dsyevd), all steps at once", la)));
        folder.Commit();
        return result;
    }

    /// <summary>
    /// Past one array (or with --tiled): k → ∞ only, by <see cref="TiledKernelRegression"/>; K(X*, X) is never formed whole.
    /// </summary>
    private static PredictResult RunTiled(PredictSpec spec, Dataset train, Dataset test, ILinearAlgebra la, int maxParallelism, string outDir,
        Action<string>? note, IProgress<ProgressUpdate>? progress, Stopwatch clock)
    {
        int n = train.N, t = test.N, dy = train.Outputs;
        if (spec.Steps != null)
            throw new InputException($"--steps {spec.Steps}: past one array (n + t = {n + t} > {MemoryBudget.MaxSquareSide}, or --tiled) only the k → ∞ limit is computed; give --steps inf");
        if (spec.LearningRate != null) throw new InputException("--lr sets the finite-time prediction's step; with --steps inf it has no effect: leave it out");
        int tile = Math.Min(spec.Tile ?? TiledSmallestEigenpair.DefaultTile, n);
        var kernel = spec.Kernel.BlockOf(Joined(train, test), "--tiled (taken past n + t = 46,340)");
        double tileBytes = TiledLower.Bytes(n, tile), other = 8.0 * ((double)(n + t) * train.D * 2 + 2.0 * tile * tile + 3.0 * n * dy + (double)t * dy);
        var memory = new MemoryEstimate($"predict {spec.Kernel.KernelName} --steps inf in tiles on n = {n}, t = {t}", tileBytes + other,
            $"K's lower triangle in {tile}×{tile} tiles {MemoryBudget.Format(tileBytes)} + inputs, a block and the solutions {MemoryBudget.Format(other)}");
        MemoryBudget.Require(memory, null, spec.Kernel.MemoryLimit, spec.Kernel.MemoryLimit == null ? null : "that --memory-limit allows");
        note?.Invoke(memory.ToString());
        using var folder = OutputFolder.Begin(outDir);
        var found = TiledKernelRegression.Infinite(kernel, n, t, train.Y!, dy, tile, la, maxParallelism, progress);
        Npy.Write(folder.PathOf("predictions_inf.npy"), found.Prediction, t, dy);
        bool classes = spec.Kernel.Data.Classifies;
        var complexity = found.LabelComplexity is { } v ? new LabelComplexityResult(v, Math.Sqrt(2 * v / n), "yᵀK⁻¹y = ‖L⁻¹y‖² with the tiled Cholesky factor") : null;
        var limit = new KernelRegression.Limit(found.Prediction, [], $"tiled cholesky ({tile}×{tile} tiles)", found.Residual);
        var result = new PredictResult(train, test, spec.Kernel.KernelName, double.NaN, null, null, null, Mse(found.Prediction, test.Y!, t),
            classes ? Accuracy(found.Prediction, test.Y!, dy) : null, limit, complexity, Path.GetFullPath(outDir), clock.Elapsed.TotalSeconds);
        var summary = Summary(result, spec, double.NaN, double.NaN, "none: past one array only k → ∞ is computed", la) with
        {
            Timings = new PredictTimings(found.Seconds.Factor, found.Seconds.Solve, found.Seconds.Predict, found.Seconds.Residual),
            Tiles = new TileLayout(tile, tileBytes, memory.Bytes),
        };
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        folder.Commit();
        return result;
    }

    /// <summary>The training inputs followed by the held-out ones, [X; X*] ((n + t) × d, no labels): rows 0 … n−1, then n … n+t−1.</summary>
    private static Dataset Joined(Dataset train, Dataset test) =>
        new($"{train.Source} + {test.Source}", train.N + test.N, train.D, [.. train.X, .. test.X], null);

    /// <summary>
    /// The kernel of [X; X*] formed at once (K its top-left n×n block, K* the bottom-left t×n block) and the regression
    /// of the training targets on it, with step <paramref name="learningRate"/> (null: 1/λ_max(K)).
    /// </summary>
    public static KernelRegression Fit(GramSpec kernel, Dataset train, Dataset test, double? learningRate, ILinearAlgebra la, int maxParallelism)
    {
        int n = train.N, t = test.N;
        var full = kernel.MatrixOf(Joined(train, test), la, maxParallelism);
        var k = new double[(long)n * n];
        var kStar = new double[(long)t * n];
        for (int i = 0; i < n; i++) full.AsSpan(i * (n + t), n).CopyTo(k.AsSpan(i * n, n));
        for (int i = 0; i < t; i++) full.AsSpan((n + i) * (n + t), n).CopyTo(kStar.AsSpan(i * n, n));
        return new KernelRegression(k, kStar, train.Y!, n, t, train.Outputs, learningRate, la);
    }

    /// <summary>
    /// The infinite-width kernel whose dynamics a training run follows: the two-layer net's Gram matrix (H∞, with biases
    /// or a trained a as the run has them); a deep net's NTK with every layer trained, or its NNGP with the output layer alone.
    /// </summary>
    public static GramSpec KernelOf(TrainSpec run) => run.Model.Kind.DynamicsKernel(run);

    /// <summary>The kernel's prediction on a run's held-out set after <paramref name="steps"/> steps of step <paramref name="eta"/>, with that set.</summary>
    public static (double[] Prediction, Dataset Test) ForRun(TrainSpec run, Dataset train, double eta, double steps, ILinearAlgebra la, int maxParallelism)
    {
        var test = run.LoadTestSet(train);
        return (Fit(KernelOf(run), train, test, eta, la, maxParallelism).At(steps), test);
    }

    /// <summary>
    /// A training run's linearization on its held-out set (train's test_kernel_gap): the kernel regression of
    /// y − u(0) = −<paramref name="r0"/> with the run's infinite-width kernel and η, and f_0(X*) = <paramref name="f0"/>.
    /// Null for the output layer alone, whose dynamics are those of the finite features exactly.
    /// </summary>
    public static Training.HeldOutRecorder.KernelComparison? Linearization(TrainSpec run, Dataset train, Dataset test, double[] r0, double[] f0,
        double eta, ILinearAlgebra la, int maxParallelism)
    {
        if (run.TrainLayers == Training.TrainedLayers.Last || test.Y == null) return null;
        var target = train with { Y = [.. r0.Select(r => -r)] };
        return new Training.HeldOutRecorder.KernelComparison(Fit(KernelOf(run), target, test, eta, la, maxParallelism), f0, test.Y);
    }

    /// <summary>Every step to 100, then about 20 a decade, and the last: 0 … K.</summary>
    public static IReadOnlyList<long> RecordedSteps(long steps)
    {
        var s = new SortedSet<long>();
        for (long k = 0; k <= Math.Min(steps, 100); k++) s.Add(k);
        for (double x = 100; x < steps; x *= Math.Pow(10, 1.0 / 20)) s.Add((long)Math.Round(x));
        s.Add(steps);
        return [.. s];
    }

    /// <summary>(1/t) Σ_i ‖f(x_i*) − y_i*‖², the held-out mean squared error (as train's test_mse).</summary>
    public static double Mse(double[] f, double[] y, int t)
    {
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += (f[i] - y[i]) * (f[i] - y[i]);
        return s / t;
    }

    /// <summary>The fraction of predictions <paramref name="f"/> classified right (train's accuracy, <see cref="Training.AccuracyRecorder.Accuracy(ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/>:
    /// the sign for ±1 labels, argmax for one-hot targets).</summary>
    public static double Accuracy(double[] f, double[] y, int dy)
    {
        var residual = new double[f.Length];
        TensorPrimitives.Subtract(f, y, residual);
        return Training.AccuracyRecorder.Accuracy(residual, y, dy);
    }

    private static PredictSummary Summary(PredictResult r, PredictSpec spec, double lambdaMin, double lambdaMax, string finiteSolver, ILinearAlgebra la) => new(
        Kernel: r.Kernel,
        Formula: "f_k(X*) = K(X*, X) K⁻¹ (I − (I − ηK)^k) y; f_∞(X*) = K(X*, X) K⁻¹ y (the infinite-width network's mean prediction)",
        Data: r.Train.Source,
        TestData: r.Test.Source,
        N: r.Train.N,
        TestN: r.Test.N,
        D: r.Train.D,
        Outputs: r.Train.Outputs,
        Lr: Json.Finite(r.Eta),
        LrAuto: spec.LearningRate == null,
        Steps: r.Steps,
        LambdaMin: Json.Finite(lambdaMin),
        LambdaMax: Json.Finite(lambdaMax),
        TestMse: Json.Finite(r.TestMse),
        TestAccuracy: Json.Finite(r.TestAccuracy),
        TestMseInf: Json.Finite(r.TestMseInf),
        TestAccuracyInf: Json.Finite(r.TestAccuracyInf),
        Solver: new PredictSolver(finiteSolver, r.Limit.Solver, Json.Finite(r.Limit.Residual), "‖K c − y‖_F / ‖y‖_F of the k → ∞ solve"),
        LabelComplexity: r.Complexity is { } c ? Json.Finite(c.Value) : null,
        GeneralizationBound: r.Complexity is { } g ? Json.Finite(g.GeneralizationBound) : null,
        Files: r.Steps == null ? ["predictions_inf.npy", OutputFolder.SummaryFile] : ["predictions.npy", "predictions_inf.npy", "curve.csv", OutputFolder.SummaryFile],
        WallSeconds: r.Seconds,
        Provenance: Provenance.Now(la.Description),
        Timings: null,
        Tiles: null);
}
