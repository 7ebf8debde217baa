using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>What <c>overparam train</c> produced.</summary>
/// <param name="Spec">The settings, with the learning rate resolved.</param>
/// <param name="Data">The data trained on.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞).</param>
/// <param name="Outcome">How the run ended, with its metrics.</param>
/// <param name="Folder">The output folder.</param>
/// <param name="Files">Files written there.</param>
/// <param name="LearningRateWasAuto">Whether η was chosen as 1/λ_max.</param>
/// <param name="Checks">The certificate: the theorem's hypotheses and observations, whichever model and theorem (its bounds
/// are in summary.json, as the model's theorem states them).</param>
public sealed record TrainResult(TrainSpec Spec, Dataset Data, double Lambda0, RunOutcome Outcome,
    string Folder, IReadOnlyList<string> Files, bool LearningRateWasAuto, TheoremChecks Checks);

/// <summary>A theorem's name with its hypotheses and what a run observed against its conclusions.</summary>
public sealed record TheoremChecks(string Source, string Constants, IReadOnlyList<Hypothesis> Hypotheses, IReadOnlyList<Hypothesis> Observations);

/// <summary>
/// Trains a model as the papers define it (the two-layer net, or a deep net of Du et al. ICML 2019: its kind's
/// <see cref="ModelKind.Train"/>) and writes metrics.csv, summary.json (settings, λ0, outcome, the theorem's
/// certificate) and optionally the weights, into a folder that appears whole or not at all.
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
        using var folder = OutputFolder.Begin(outDir);
        var (summary, result) = spec.Precision == Precision.F32
            ? spec.Model.Kind.Train<float>(spec, data, test, la, maxParallelism, folder, progress)
            : spec.Model.Kind.Train<double>(spec, data, test, la, maxParallelism, folder, progress);
        addFiles?.Invoke(folder);
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.WriteAsRuntimeType(summary));
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
    /// The run's peak memory, counted from its arrays: the model kind's n×n matrices and network
    /// (<see cref="ModelKind.Memory"/>), with the held-out comparison's. The convolutional ResNet's network arrays
    /// (per position) are not counted.
    /// </summary>
    /// <param name="spec">The run.</param>
    /// <param name="data">Its training data.</param>
    /// <param name="heldOut">t, the held-out points: test_kernel_gap's kernel of the n + t inputs, its n×n eigenvectors and
    /// K(X*, X)V (float64), while the kernel regression is set up.</param>
    public static MemoryEstimate Memory(TrainSpec spec, Dataset data, int heldOut = 0)
    {
        double n = data.N, h = heldOut;
        string what = $"train {spec.ModelName} on n = {data.N}, m = {spec.Model.Width}" + (heldOut > 0 ? $", {heldOut} held out" : "");
        double linearization = heldOut > 0 && spec.TrainLayers != TrainedLayers.Last ? 8 * ((n + h) * (n + h) + n * n + 2 * h * n) : 0;
        string extra = linearization > 0 ? " and the held-out kernel linearization" : "";
        return spec.Model.Kind.Memory(spec, data, what, linearization, extra);
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
}
