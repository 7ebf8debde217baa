using System.Diagnostics;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Sweeps;

/// <summary>How a sweep run went.</summary>
public sealed record SweepRunResult(int Total, int AlreadyDone, int RanOk, int Failed, double Seconds);

/// <summary>
/// The local executor: runs a sweep's unfinished trials with a chosen parallelism. Finished trials are skipped, never
/// renumbered or overwritten; interrupted and failed ones run again. A failing trial is recorded in failed/ID.json
/// and the sweep goes on.
/// </summary>
public static class SweepRunner
{
    /// <summary>
    /// The default parallelism: the cores left once each trial's BLAS has its threads (1 on a 2-core machine where
    /// OpenBLAS already uses both).
    /// </summary>
    public static int DefaultJobs(int blasThreads) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, blasThreads));

    /// <summary>
    /// Runs the sweep into <paramref name="folder"/>; <paramref name="log"/> receives its opening line and each failure,
    /// <paramref name="progress"/> the trials done and the time left (<see cref="TrialCost"/>).
    /// <paramref name="checkedTrials"/> are the spec's trials as <see cref="Check"/> returned them where the caller checked
    /// them already (a reproduction checks every part before it runs the first); null: they are checked here.
    /// </summary>
    public static SweepRunResult Run(SweepSpec spec, SweepFolder folder, int jobs, ILinearAlgebra la, int maxParallelism, Action<string>? log = null,
        IReadOnlyList<Trial>? checkedTrials = null, IProgress<ProgressUpdate>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        folder.CheckWritable(); // the cheap check first: a bad --out is found before any data is read
        checkedTrials ??= Check(spec); // before the folder is made: a bad spec or data set leaves nothing behind
        using var _ = folder.Lock();
        var trials = SetUp(spec, checkedTrials, folder);
        var pending = trials.Where(t => folder.State(t.Id) != TrialState.Done).ToList();
        int done = trials.Count - pending.Count;
        log?.Invoke($"sweep {spec.Name}: {trials.Count} trials, {done} already done, {pending.Count} to run, {jobs} at a time");
        var (ok, failed) = RunPending(pending, folder, jobs, la, maxParallelism, log, Progress(progress, $"sweep {spec.Name}", "trial", pending));
        return new SweepRunResult(trials.Count, done, ok, failed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The progress of running <paramref name="trials"/>, each weighed by its <see cref="TrialCost"/>.</summary>
    /// <param name="sink">Where updates go (null: nowhere).</param>
    /// <param name="name">The part's name.</param>
    /// <param name="unit">What a trial is called ("trial", "run").</param>
    /// <param name="trials">The trials to run.</param>
    /// <param name="stage">A stage within the part ("round 2"), or null.</param>
    public static PartProgress Progress(IProgress<ProgressUpdate>? sink, string name, string unit, IReadOnlyList<Trial> trials, string? stage = null) =>
        new(sink, name, unit, sink == null ? [] : trials.Select(t => TrialCost.Of(t.Settings)).ToList(), stage: stage);

    /// <summary>
    /// Runs the given trials, <paramref name="jobs"/> at a time, under the caller's lock; returns how many succeeded and
    /// failed. <paramref name="log"/> receives one line per failed trial; <paramref name="progress"/> (made by
    /// <see cref="Progress"/> for these trials) each trial as it ends, with its time.
    /// </summary>
    public static (int Ok, int Failed) RunPending(IReadOnlyList<Trial> pending, SweepFolder folder, int jobs, ILinearAlgebra la, int maxParallelism,
        Action<string>? log = null, PartProgress? progress = null)
    {
        int ok = 0, failed = 0, started = 0;
        if (pending.Count == 0) return (0, 0); // a resumed sweep with nothing left reports nothing
        progress?.Start();
        Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = jobs }, trial =>
        {
            int index = Interlocked.Increment(ref started);
            var t0 = Stopwatch.StartNew();
            string? error = RunTrial(trial, folder, la, maxParallelism);
            if (error == null) Interlocked.Increment(ref ok);
            else
            {
                Interlocked.Increment(ref failed);
                log?.Invoke($"[{index}/{pending.Count}] {trial.Id}: FAILED: {error}");
            }
            progress?.Complete(TrialCost.Of(trial.Settings), $"{trial.Id} {(error == null ? "done" : "FAILED")} in {t0.Elapsed.TotalSeconds:F1} s");
        });
        progress?.End();
        return (ok, failed);
    }

    /// <summary>
    /// Prepares a sweep for an external executor: checks every trial's settings, writes sweep.json, and returns the
    /// indices of the trials not yet done.
    /// </summary>
    public static IReadOnlyList<int> Prepare(SweepSpec spec, SweepFolder folder)
    {
        folder.CheckWritable();
        var checkedTrials = Check(spec);
        using var _ = folder.Lock();
        var trials = SetUp(spec, checkedTrials, folder);
        return Enumerable.Range(0, trials.Count).Where(i => folder.State(trials[i].Id) != TrialState.Done).ToList();
    }

    /// <summary>
    /// Expands the trials and checks each before any work (<see cref="Preflight"/>): settings, data, held-out set and
    /// memory, naming the trial that would fail.
    /// </summary>
    public static IReadOnlyList<Trial> Check(SweepSpec spec)
    {
        var trials = spec.Trials();
        Preflight.Check(trials, $"sweep '{spec.Name}'");
        return trials;
    }

    /// <summary>Under the caller's lock: removes staging folders a killed run left, and writes sweep.json.</summary>
    private static IReadOnlyList<Trial> SetUp(SweepSpec spec, IReadOnlyList<Trial> trials, SweepFolder folder)
    {
        folder.RemoveStaleStaging();
        folder.WriteTrials(spec, trials);
        return trials;
    }

    /// <summary>
    /// Runs one trial; returns null on success, else the error (also written to failed/ID.json). <paramref name="steps"/>
    /// receives (k, L(k)) at its recorded steps (a Slurm array task's log shows them).
    /// </summary>
    public static string? RunTrial(Trial trial, SweepFolder folder, ILinearAlgebra la, int maxParallelism, Action<int, double>? steps = null)
    {
        string failedFile = folder.FailedFile(trial.Id);
        try
        {
            if (File.Exists(failedFile)) File.Delete(failedFile);
            string dir = folder.TrialDir(trial.Id);
            if (Directory.Exists(dir) && folder.State(trial.Id) != TrialState.Done) Directory.Delete(dir, recursive: true); // damaged: rerun whole
            var spec = TrainSettings.ToTrainSpec(trial.Settings);
            TrainJob.Run(spec, la, maxParallelism, folder.TrialDir(trial.Id), steps, addFiles: f =>
                AtomicFile.WriteAllText(f.PathOf("settings.json"), Json.Write(TrialEntry.Of(trial))));
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Recorded, not swallowed: the error goes to failed/ID.json and the sweep's exit code.
            string message = e is IO.InputException or LapackException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Directory.CreateDirectory(Path.GetDirectoryName(failedFile)!);
            AtomicFile.WriteAllText(failedFile, Json.Write(FailedTrial.Of(trial, message)));
            return message;
        }
    }
}
