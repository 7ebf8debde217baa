namespace OverParam.Thresholds;

/// <summary>One rerun a threshold search owes: seed <paramref name="Seed"/> at width <paramref name="Width"/> with
/// <paramref name="Steps"/> steps.</summary>
public sealed record Rerun(int Width, int Seed, int Steps);

/// <summary>
/// The step budgets of a threshold search, as pure functions of the finished runs (so a search that stops resumes
/// exactly, as <see cref="WidthSearch"/> does). Every width is first run at the base budget K (--steps). A seed whose run
/// at its largest budget so far is undecided (<see cref="LossTrend"/>) while that budget is below the step cap
/// (--max-steps) is rerun at that width with min(<see cref="LossTrend.ExtensionFactor"/>·budget, cap) steps: a trial that
/// differs only in steps, hence a new id. A seed's verdict at a width is its run's at the largest budget tried; a run still
/// undecided at the cap counts as not succeeded, and is reported as undecided.
/// </summary>
public static class StepBudgets
{
    /// <summary>The budget after <paramref name="steps"/>: ×<see cref="LossTrend.ExtensionFactor"/>, at most <paramref name="cap"/>.</summary>
    public static int Next(int steps, int cap) => (int)Math.Min((long)LossTrend.ExtensionFactor * steps, cap);

    /// <summary>Each (n, width, seed)'s run at the largest budget tried: the verdicts the search goes by, by n, width, seed.</summary>
    public static List<RunRecord> Final(IEnumerable<RunRecord> runs) =>
        [.. runs.GroupBy(r => (r.N, r.Width, r.Seed)).Select(g => g.MaxBy(r => r.Steps)!).OrderBy(r => r.N).ThenBy(r => r.Width).ThenBy(r => r.Seed)];

    /// <summary>The runs at the base budget alone (every width has them): the verdicts K steps would have given.</summary>
    public static List<RunRecord> AtBase(IEnumerable<RunRecord> runs, ThresholdSpec spec) =>
        [.. runs.Where(r => r.Steps == spec.BaseSteps).OrderBy(r => r.N).ThenBy(r => r.Width).ThenBy(r => r.Seed)];

    /// <summary>
    /// The reruns due among <paramref name="runs"/> (one size's): every (width, seed) whose run at its largest budget is
    /// undecided below the cap, ordered by width and seed. Empty when the cap is the base budget.
    /// </summary>
    public static List<Rerun> Due(IEnumerable<RunRecord> runs, ThresholdSpec spec)
    {
        int cap = spec.StepCap;
        return [.. Final(runs).Where(r => r.Verdict == RunVerdict.Undecided && r.Steps < cap).Select(r => new Rerun(r.Width, r.Seed, Next(r.Steps, cap)))];
    }
}
