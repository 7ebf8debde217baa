using System.Diagnostics;
using System.Globalization;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;

namespace OverParam.Thresholds;

/// <summary>The threshold at one size n, with what the theorem asks for there.</summary>
/// <param name="N">n.</param>
/// <param name="Threshold">m*, m_below and any non-monotone widths, from each seed's verdict at the largest budget tried
/// (<see cref="StepBudgets.Final"/>; undecided counts as not succeeded).</param>
/// <param name="SuccessAtStar">The success fraction at m* (NaN when there is none).</param>
/// <param name="SuccessBelow">The success fraction at m_below (NaN when none was tried).</param>
/// <param name="ParamsStar">P* = the trainable parameters at m* (null when there is none).</param>
/// <param name="WidthsTried">How many widths were tried at this n.</param>
/// <param name="Theory">λ0 and the theorem's required width on these n points.</param>
/// <param name="BaseThreshold">The threshold from the base-budget runs alone (K = --steps; undecided counts as not
/// succeeded) at the same tried widths: what the search would report without reruns, so that its dependence on K shows.</param>
/// <param name="BaseParamsStar">P at the base budget's m* (null when there is none).</param>
/// <param name="Undecided">(width, seed) pairs whose verdict at the largest budget tried is undecided.</param>
/// <param name="UndecidedAtBase">Base-budget runs that are undecided.</param>
/// <param name="Reruns">Runs with more steps than the base budget (<see cref="StepBudgets"/>).</param>
public sealed record SizeThreshold(int N, WidthThreshold Threshold, double SuccessAtStar, double SuccessBelow, long? ParamsStar, int WidthsTried,
    TheoryAtSize Theory, WidthThreshold BaseThreshold, long? BaseParamsStar, int Undecided, int UndecidedAtBase, int Reruns);

/// <summary>What a threshold search found.</summary>
/// <param name="Spec">The search.</param>
/// <param name="Sizes">One entry per n, ascending.</param>
/// <param name="Runs">Every finished run, by n, width, seed and budget (a rerun is listed after the run it repeats).</param>
/// <param name="WidthFit">m* ∝ n^α, from the verdicts at the largest budgets.</param>
/// <param name="ParamsFit">P* ∝ n^β, from the verdicts at the largest budgets.</param>
/// <param name="TheoryFit">The theorem's required width ∝ n^γ on the same data (no interval: one value per n).</param>
/// <param name="BaseWidthFit">m* ∝ n^α from the base-budget runs alone (<see cref="SizeThreshold.BaseThreshold"/>).</param>
/// <param name="BaseParamsFit">P* ∝ n^β from the base-budget runs alone.</param>
/// <param name="Rounds">Rounds that ran trials (a resumed search skips the rounds already done).</param>
/// <param name="TrialsRun">Trials run by this call.</param>
/// <param name="Seconds">Wall time of this call.</param>
public sealed record ThresholdResult(ThresholdSpec Spec, IReadOnlyList<SizeThreshold> Sizes, IReadOnlyList<RunRecord> Runs, PowerFit WidthFit,
    PowerFit ParamsFit, PowerFit TheoryFit, PowerFit BaseWidthFit, PowerFit BaseParamsFit, int Rounds, int TrialsRun, double Seconds)
{
    /// <summary>Each (n, width, seed)'s run at the largest budget tried: the verdicts m* and the fits go by.</summary>
    public IReadOnlyList<RunRecord> FinalRuns => StepBudgets.Final(Runs);
}

/// <summary>
/// Runs a threshold search as a sweep that grows round by round. Each round, at every unfinished n: the reruns due
/// (<see cref="StepBudgets.Due"/>: undecided runs below the step cap, with 4× the steps) when there are any, else the
/// next width from <see cref="WidthSearch.Next"/> on the verdicts at the largest budgets, every seed. It adds those
/// trials to sweep.json, runs the ones not done yet with the executor (in this process, or one Slurm job array per
/// round), and reads their outcomes. Both choices are functions of the finished runs and trial ids are stable, so an
/// interrupted search rerun with the same options replays the finished rounds from disk and continues.
/// </summary>
public static class ThresholdSearch
{
    /// <summary>
    /// Runs (or resumes) the search into <paramref name="folder"/>. <paramref name="dataChecked"/>: the caller ran
    /// <see cref="Check"/> on this spec already (a reproduction checks every part first). <paramref name="progress"/> hears
    /// of each round's runs as they end, with the time left in the round: how many rounds a search takes is known only as
    /// it goes (<see cref="WidthSearch"/>).
    /// </summary>
    /// <exception cref="InputException">Bad options, a folder that is not a search's, or runs that failed (named).</exception>
    public static ThresholdResult Run(ThresholdSpec spec, SweepFolder folder, ITrialExecutor executor, ILinearAlgebra la, int maxParallelism,
        Action<string>? log = null, bool dataChecked = false, IProgress<ProgressUpdate>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        spec.Validate();
        folder.CheckWritable();
        if (!dataChecked) Check(spec);
        using var _ = folder.Lock();
        folder.RemoveStaleStaging();
        var inv = CultureInfo.InvariantCulture;
        var listed = new List<Trial>();
        var records = spec.Ns.ToDictionary(n => n, _ => new List<RunRecord>());
        var finished = new HashSet<int>();
        int rounds = 0, ran = 0;
        while (true)
        {
            var batch = new List<Trial>();
            var proposals = new List<string>();
            foreach (int n in spec.Ns.Where(n => !finished.Contains(n)))
            {
                if (StepBudgets.Due(records[n], spec) is { Count: > 0 } due)
                {
                    batch.AddRange(due.Select(x => spec.Trial(n, x.Width, x.Seed, x.Steps)));
                    proposals.Add($"n = {n}: {due.Count} undecided run(s) again with K = {string.Join("/", due.Select(x => x.Steps).Distinct())} " +
                                  $"(m = {string.Join("/", due.Select(x => x.Width).Distinct())})");
                    continue;
                }
                if (WidthSearch.Next(Fractions(StepBudgets.Final(records[n])), spec) is not { } m) { finished.Add(n); continue; }
                batch.AddRange(Enumerable.Range(0, spec.Seeds).Select(s => spec.Trial(n, m, s)));
                proposals.Add($"n = {n}: m = {m}");
            }
            if (batch.Count == 0) break;
            listed.AddRange(batch);
            var pending = batch.Where(t => folder.State(t.Id) != TrialState.Done).ToList();
            if (pending.Count > 0)
            {
                folder.WriteTrials(spec.Name, ThresholdSpec.Axes, listed);
                rounds++;
                ran += pending.Count;
                log?.Invoke($"round {rounds}: {string.Join(", ", proposals)} ({pending.Count} run(s))");
                var index = listed.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
                executor.Run(folder, listed, pending.Select(t => index[t.Id]).ToList(),
                    SweepRunner.Progress(progress, spec.Name, "run", pending, $"round {rounds}"));
            }
            var notDone = batch.Where(t => folder.State(t.Id) != TrialState.Done).ToList();
            if (notDone.Count > 0)
                throw new InputException($"{notDone.Count} run(s) did not finish, e.g. {notDone[0].Id}" + (File.Exists(folder.FailedFile(notDone[0].Id))
                    ? $": {System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.FailedFile(notDone[0].Id)))!["error"]}" : "")
                    + $"; see overparam sweep status {folder.Dir}; running the search again retries them");
            foreach (var t in batch) records[int.Parse(t.Axes["n"], inv)].Add(RunRecord.Judge(Aggregation.Read(folder, t), spec));
        }
        folder.WriteTrials(spec.Name, ThresholdSpec.Axes, listed);

        var sizes = spec.Ns.Select(n => Size(spec, n, records[n], la, maxParallelism)).ToList();
        var runs = spec.Ns.SelectMany(n => records[n]).OrderBy(r => r.N).ThenBy(r => r.Width).ThenBy(r => r.Seed).ThenBy(r => r.Steps).ToList();
        var (widthFit, paramsFit) = ThresholdFit.Fit(StepBudgets.Final(runs), spec);
        var (baseWidthFit, baseParamsFit) = ThresholdFit.Fit(StepBudgets.AtBase(runs, spec), spec);
        var theory = ThresholdFit.LogLog(sizes.Select(s => ((double)s.N, s.Theory.RequiredWidth)).ToList()) is { } f
            ? new PowerFit(f.Slope, Math.Exp(f.Intercept), double.NaN, double.NaN, sizes.Count(s => double.IsFinite(s.Theory.RequiredWidth)), 0)
            : PowerFit.None;
        return new ThresholdResult(spec, sizes, runs, widthFit, paramsFit, theory, baseWidthFit, baseParamsFit, rounds, ran, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The runs of the first round (every n at the start width), checked before the search writes anything
    /// (<see cref="Preflight"/>): data, sizes and memory.
    /// </summary>
    public static void Check(ThresholdSpec spec) =>
        Preflight.Check(spec.Ns.Select(n => spec.Trial(n, spec.StartWidth, 0)), $"threshold '{spec.Name}'");

    /// <summary>Width → fraction of seeds that succeeded, at one n: give it one run per (width, seed), e.g. <see cref="StepBudgets.Final"/>.</summary>
    public static Dictionary<int, double> Fractions(IEnumerable<RunRecord> atN) =>
        atN.GroupBy(r => r.Width).ToDictionary(g => g.Key, g => g.Count(r => r.Succeeded) / (double)g.Count());

    private static SizeThreshold Size(ThresholdSpec spec, int n, List<RunRecord> runs, ILinearAlgebra la, int par)
    {
        var final = StepBudgets.Final(runs);
        var atBase = StepBudgets.AtBase(runs, spec);
        var fractions = Fractions(final);
        var t = WidthSearch.Threshold(fractions, spec.Success);
        var b = WidthSearch.Threshold(Fractions(atBase), spec.Success);
        long? P(int? width) => width is { } w ? runs.First(r => r.Width == w).Parameters : null;
        return new SizeThreshold(n, t, t.MStar is { } ms ? fractions[ms] : double.NaN, t.MBelow is { } mb ? fractions[mb] : double.NaN,
            P(t.MStar), fractions.Count, TheoryAtSize.Compute(spec, n, la, par), b, P(b.MStar),
            final.Count(r => r.Verdict == RunVerdict.Undecided), atBase.Count(r => r.Verdict == RunVerdict.Undecided), runs.Count(r => r.Steps > spec.BaseSteps));
    }
}
