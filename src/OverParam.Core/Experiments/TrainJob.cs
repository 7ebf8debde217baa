using System.Numerics;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>What <c>overparam train</c> produced.</summary>
/// <param name="Spec">The settings, with the learning rate resolved.</param>
/// <param name="Data">The data trained on.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞).</param>
/// <param name="Outcome">How the run ended, with its metrics.</param>
/// <param name="Certificate">The Theorem 4.1 certificate (two-layer runs; null for deep ones).</param>
/// <param name="Folder">The output folder.</param>
/// <param name="Files">Files written there.</param>
/// <param name="LearningRateWasAuto">Whether η was chosen as 1/λ_max.</param>
/// <param name="Checks">The theorem's hypotheses and observations, whichever theorem applies.</param>
public sealed record TrainResult(TrainSpec Spec, Dataset Data, double Lambda0, RunOutcome Outcome, TrainingCertificate? Certificate,
    string Folder, IReadOnlyList<string> Files, bool LearningRateWasAuto, TheoremChecks Checks);

/// <summary>A theorem's name with its hypotheses and what a run observed against its conclusions.</summary>
public sealed record TheoremChecks(string Source, string Constants, IReadOnlyList<Hypothesis> Hypotheses, IReadOnlyList<Hypothesis> Observations);

/// <summary>
/// Trains a two-layer network as the papers define it and writes metrics.csv, summary.json (settings, λ0, outcome,
/// the Theorem 4.1 certificate) and optionally the weights, into a folder that appears whole or not at all.
/// A diverged run still writes its metrics so far, with "diverged": true.
/// </summary>
public static class TrainJob
{
    /// <summary>Runs the job. <paramref name="progress"/> receives (k, L(k)) at recorded steps.</summary>
    /// <param name="spec">Settings.</param>
    /// <param name="la">Backend.</param>
    /// <param name="maxParallelism">Threads for OverParam's own loops.</param>
    /// <param name="outDir">Output folder.</param>
    /// <param name="progress">Receives (k, L(k)) at recorded steps.</param>
    /// <param name="addFiles">Writes further files into the staging folder before it is committed (e.g. a sweep's settings.json).</param>
    /// <param name="note">Receives the memory estimate before the work starts.</param>
    public static TrainResult Run(TrainSpec spec, ILinearAlgebra la, int maxParallelism, string outDir, Action<int, double>? progress = null,
        Action<OutputFolder>? addFiles = null, Action<string>? note = null)
    {
        spec.Validate();
        OutputFolder.Check(outDir); // before any work: a bad --out is found now, not after training
        var (data, test, memory) = Preflight(spec);
        note?.Invoke(memory.ToString());
        if (spec.Deep != null) return RunDeep(spec, data, test, la, maxParallelism, outDir, progress, addFiles);
        string[] names = spec.Model.Bias ? ["W", "a", "b"] : ["W", "a"];
        string? From(string name) => spec.InitFrom is { } from ? NetworkWeights.FileOf(from, "init", name, names) : null;
        var random = TwoLayerWeights.Random(spec.Model, data.D, spec.Seed, data.Outputs);
        var init = spec.InitFrom != null
            ? random.WithFiles(From("W"), From("a"), spec.Model.Bias ? From("b") : null)
            : random.WithFiles(spec.InitW, spec.InitA, spec.InitB);
        using var folder = OutputFolder.Begin(outDir);
        var result = spec.Precision == Precision.F32
            ? Train<float>(spec, data, test, init, la, maxParallelism, folder, progress)
            : Train<double>(spec, data, test, init, la, maxParallelism, folder, progress);
        addFiles?.Invoke(folder);
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(TrainSummary.Build(result, la)));
        return result with { Folder = Commit(folder, result.Outcome) };
    }

    /// <summary>
    /// Everything a run checks before any work, short of its output folder: the settings, the data and labels (one-hot
    /// targets for more than two classes: every model's output layer has one unit per class, a is m × d_y), the memory
    /// its arrays will take, and the held-out set. Sweeps, threshold searches and reproductions call it for their runs
    /// before they write anything, so a command that will refuse leaves nothing behind.
    /// </summary>
    /// <exception cref="InputException">The first thing that is wrong, in one line.</exception>
    public static (Dataset Data, Dataset? Test, MemoryEstimate Memory) Preflight(TrainSpec spec)
    {
        spec.Validate();
        var data = spec.Data.Load(outputs: true);
        if (data.Y == null) throw new InputException($"{data.Source}: training needs labels; give --labels gaussian|sign|teacher|FILE");
        var test = spec.HasTestSet ? spec.LoadTestSet(data) : null;
        var memory = Memory(spec, data, test?.N ?? 0);
        MemoryBudget.Require(memory, data.N);
        return (data, test, memory);
    }

    /// <summary>
    /// The run's peak memory, counted from its arrays. Two-layer: H∞, the inner products, the spectrum's copy, the kernel
    /// prediction's eigenvectors and copy, the Gram tracker's H(0), H(k), work and counts (9 n×n), plus the network's
    /// n×m activations (4 of them) and its m×d weights (3). FC/ResNet: the kernels (H + 3), their spectrum and the
    /// geometry (2), the prediction (2), the per-layer Gram matrices G^(1..H+1) and Θ(0), Θ(k), G^(H)(0) and a
    /// difference (H + 5): 2H + 12 n×n; plus (4H + 4) n×m activations and 3H weight matrices. The two-layer dual form holds
    /// K (n×n of T) and C, ΔZ (two more n×m) and no ∇W. The convolutional ResNet's
    /// network arrays (per position) are not counted.
    /// </summary>
    /// <param name="spec">The run.</param>
    /// <param name="data">Its training data.</param>
    /// <param name="heldOut">t, the held-out points: test_kernel_gap's kernel of the n + t inputs, its n×n eigenvectors and
    /// K(X*, X)V (float64), while the kernel regression is set up.</param>
    public static MemoryEstimate Memory(TrainSpec spec, Dataset data, int heldOut = 0)
    {
        double t = spec.Precision == Precision.F32 ? 4 : 8, n = data.N, m = spec.Model.Width, d = data.D, h = heldOut;
        string what = $"train {spec.ModelName} on n = {data.N}, m = {spec.Model.Width}" + (heldOut > 0 ? $", {heldOut} held out" : "");
        double linearization = heldOut > 0 && spec.TrainLayers != TrainedLayers.Last ? 8 * ((n + h) * (n + h) + n * n + 2 * h * n) : 0;
        string extra = linearization > 0 ? " and the held-out kernel linearization" : "";
        if (spec.Deep is not { } deep)
            return spec.FormFor(data) == StepForm.Dual // K (n×n) and C, ΔZ (n×m) in place of ∇W (m×d)
                ? MemoryBudget.Squares(what, data.N, 9, t * (6 * n * m + 2 * m * (d + 1) + n * n) + linearization, "for the network (dual form)" + extra)
                : MemoryBudget.Squares(what, data.N, 9, t * (4 * n * m + 3 * m * (d + 1)) + linearization, "for the network" + extra);
        double network = DeepArchitectures.Of(deep.Arch).NetworkBytes(deep, n, d, m, t);
        return MemoryBudget.Squares(what, data.N, 2 * deep.Depth + 12, network + linearization, "for the network" + extra);
    }

    /// <summary>The deep models' path: the same folder conventions, their own metrics and certificate.</summary>
    private static TrainResult RunDeep(TrainSpec spec, Dataset data, Dataset? test, ILinearAlgebra la, int par, string outDir,
        Action<int, double>? progress, Action<OutputFolder>? addFiles)
    {
        using var folder = OutputFolder.Begin(outDir);
        var (summary, result) = spec.Precision == Precision.F32
            ? DeepTrainJob.Train<float>(spec, data, test, la, par, folder, progress)
            : DeepTrainJob.Train<double>(spec, data, test, la, par, folder, progress);
        addFiles?.Invoke(folder);
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        return result with { Folder = Commit(folder, result.Outcome) };
    }

    /// <summary>f(X*) of a held-out net after <paramref name="forward"/>: its residual plus the held-out targets (n × d_y).</summary>
    internal static double[] HeldOutOutputs(Action forward, Action<double[]> residual, Dataset test, int outputs)
    {
        forward();
        var f = new double[test.N * outputs];
        residual(f);
        for (int i = 0; i < f.Length; i++) f[i] += test.Y![i];
        return f;
    }

    /// <summary>
    /// Puts the run's folder in place: a finished run replaces an earlier result; a diverged one keeps it and goes beside
    /// it as OUT.diverged (into OUT itself when OUT holds nothing). Returns where the files are.
    /// </summary>
    private static string Commit(OutputFolder folder, RunOutcome outcome) =>
        outcome.Diverged ? folder.CommitKeepingEarlier(".diverged") : folder.Commit();

    private static TrainResult Train<T>(TrainSpec spec, Dataset data, Dataset? test, TwoLayerWeights init, ILinearAlgebra la, int par,
        OutputFolder folder, Action<int, double>? progress) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = spec.Model;
        // Kernels: the one the dynamics follow, and H∞ whose λ_min is the theorem's λ0 (the same unless a is trained).
        var dynamics = KernelKinds.Of(model.Kernel).Gram(data, null, la, par);
        var first = model.Kernel == model.Lambda0Kernel ? dynamics : KernelKinds.Of(model.Lambda0Kernel).Gram(data, null, la, par);
        var spectrum = Spectrum.Compute((double[])first.Values.Clone(), data.N, la, withVectors: false);
        var dataChecks = DataHypotheses.Evaluate(data, model.Lambda0Kernel, first.Geometry, spectrum, spec.LabelBound);
        bool auto = spec.LearningRate == null;
        // Auto: η = 1/λ_max of the dynamics kernel, so the linearized iteration r ← (I − ηH)r contracts every eigendirection.
        // With d_y outputs the worst output direction scales the kernel by ρ = d_y·λ_max(AᵀA)/tr(AᵀA) ≥ 1 (OutputSpread).
        double eta = spec.LearningRate ?? 1.0 / (Spectrum.Largest(la, dynamics.Values, data.N) * OutputSpread.Of(init.A, data.Outputs, la));
        spec = spec with { LearningRate = eta };

        var form = spec.FormFor(data);
        var net = new TwoLayerNet<T>(data, model, init, la, form, spec.RefreshEvery);
        net.Forward();
        var residual0 = new double[data.N * data.Outputs];
        net.Residual(residual0);
        var bounds = new Theorem41(data.N, model.Width, spectrum.LambdaMin, eta, spec.Delta,
            Math.Sqrt(residual0.Sum(v => v * v)));
        var prediction = new KernelPrediction(la, dynamics.Values, eta, residual0);
        var gram = spec.GramEvery > 0 ? new GramTracker<T>(la, data.N, InnerProducts.Of(data, model.Bias, la), first.Values) : null;

        var schedule = new Schedule(eta, spec.Steps, spec.Tolerance, spec.RecordEvery, spec.GramEvery, spec.RelativeTolerance);
        var recorders = new List<IRecorder>
        {
            new EnvelopeRecorder(bounds.Envelope),
            new TwoLayerProofRecorder<T>(net, bounds.Defined ? bounds.RPrime : double.NaN),
            new GramRecorder<T>(net, gram, schedule),
            new PredictionRecorder(prediction, r => net.Residual(r), residual0.Length),
        };
        // From a small initialization the theorem is Arora et al.'s: its prediction from u(0) ≈ 0 is recorded next to the run.
        var arora = AroraTheorem41.AppliesTo(model)
            ? new AroraTheorem41(data.N, model.Width, spectrum.LambdaMin, eta, spec.Delta, model.InitScale) : null;
        if (arora != null) recorders.Add(new LabelPredictionRecorder(new KernelPrediction(la, dynamics.Values, eta, data.Y)));
        if (spec.Classifies) recorders.Add(new AccuracyRecorder(r => net.Residual(r), data.Y!, data.Outputs));
        if (test != null)
        {
            var heldOut = new TwoLayerNet<T>(test, model, init, la); // takes the trained net's weights at each recorded step
            var f0 = HeldOutOutputs(() => { heldOut.CopyWeightsFrom(net); heldOut.Forward(); }, r => heldOut.Residual(r), test, data.Outputs);
            recorders.Add(new HeldOutRecorder(() =>
            {
                heldOut.CopyWeightsFrom(net);
                return heldOut.Forward();
            }, r => heldOut.Residual(r), spec.Classifies ? test.Y : null, test.N, data.Outputs,
                PredictJob.Linearization(spec, data, test, residual0, f0, eta, la, par)));
        }
        var outcome = GradientDescent.Run(net, schedule, recorders, progress);

        var m = outcome.Metrics;
        var trace = new RunTrace(m.Steps(), m[MetricColumns.Loss].ToArray(), m[MetricColumns.MaxDist].ToArray(), m[MetricColumns.LambdaMinH].ToArray(),
            arora == null ? null : m[MetricColumns.LabelPrediction].ToArray());
        var certificate = arora == null ? TrainingCertificate.Evaluate(bounds, dataChecks, trace) : TrainingCertificate.EvaluateArora(bounds, arora, dataChecks, trace);

        var files = new List<string> { "metrics.csv", OutputFolder.SummaryFile };
        m.WriteCsv(folder.PathOf("metrics.csv"));
        if (spec.SaveWeights)
        {
            files.AddRange(init.Save(folder.Staging, "init"));
            files.AddRange(net.Weights().Save(folder.Staging, "final"));
        }
        return new TrainResult(spec, data, spectrum.LambdaMin, outcome, certificate, Path.GetFullPath(folder.Target), files, auto,
            new TheoremChecks(certificate.Source, "hidden constants set to 1", certificate.Hypotheses, certificate.Observations));
    }
}
