namespace OverParam.Thresholds;

/// <summary>
/// Whether a run that missed the loss criterion within its step budget was still on its way there: the rule that keeps a
/// step budget from deciding a threshold search's verdict (issue 23 §3; Kawaguchi &amp; Huang 2019, arXiv:1908.02419, whose
/// parameter count linear in n must not hinge on K).
/// <para>
/// The rule. Let K be the run's last recorded step and k₀ the recorded step nearest (1 − <see cref="WindowFraction"/>)·K
/// (the earlier of two equally near; the one before K when that is K itself). Fit ln L(k) = a + b·k by least squares over
/// every recorded step from k₀ to K. If b &lt; 0, the line reaches the target ε·L(0) at k* = (ln(ε·L(0)) − a)/b; the run
/// is <em>undecided</em> when k* ≤ the horizon, and <em>failed</em> otherwise: a flat or rising loss (b ≥ 0), or one
/// falling too slowly to reach ε·L(0) within the horizon. A run with fewer than two recorded steps in the window, or a
/// non-finite or non-positive loss there, is failed (nothing to extrapolate).
/// </para>
/// <para>
/// The horizon (<see cref="Horizon"/>) is the search's step cap for a run below it: a run that the cap's budget could
/// decide is rerun with <see cref="ExtensionFactor"/>× the steps (<see cref="StepBudgets"/>). For a run that already has the
/// whole cap, it is one more extension, <see cref="ExtensionFactor"/>·K: such a run is undecided when a budget the cap
/// forbids would have decided it, so the cap, not the run, is what is reported.
/// </para>
/// </summary>
public static class LossTrend
{
    /// <summary>The window of the fit: the last 10% of the run's steps, long enough to average GD's step-to-step
    /// wiggle, short enough to see the rate at the end of the run rather than the fast early phase.</summary>
    public const double WindowFraction = 0.1;

    /// <summary>The factor by which an undecided run's budget grows when it is rerun (capped at the search's step cap).</summary>
    public const int ExtensionFactor = 4;

    /// <summary>The horizon a run with <paramref name="budget"/> steps is judged against, under step cap <paramref name="cap"/>.</summary>
    public static long Horizon(int budget, int cap) => budget < cap ? cap : (long)ExtensionFactor * budget;

    /// <summary>
    /// The step at which the fitted line of ln L reaches ln <paramref name="target"/>, or null when the line does not fall
    /// (or cannot be fitted). <paramref name="steps"/> and <paramref name="losses"/> are the recorded steps, ascending, and
    /// L at each.
    /// </summary>
    public static double? Crossing(ReadOnlySpan<double> steps, ReadOnlySpan<double> losses, double target)
    {
        if (steps.Length != losses.Length) throw new ArgumentException($"{steps.Length} steps but {losses.Length} losses", nameof(losses));
        if (steps.Length < 2 || !(target > 0)) return null;
        int last = steps.Length - 1;
        double k = steps[last], start = (1 - WindowFraction) * k;
        int first = 0;
        for (int i = 1; i <= last; i++)
            if (Math.Abs(steps[i] - start) < Math.Abs(steps[first] - start)) first = i;
        if (first == last) first = last - 1;
        int count = last - first + 1;
        double mx = 0, my = 0;
        for (int i = first; i <= last; i++)
        {
            if (!(losses[i] > 0) || !double.IsFinite(losses[i])) return null;
            mx += steps[i];
            my += Math.Log(losses[i]);
        }
        mx /= count;
        my /= count;
        double sxy = 0, sxx = 0;
        for (int i = first; i <= last; i++)
        {
            sxy += (steps[i] - mx) * (Math.Log(losses[i]) - my);
            sxx += (steps[i] - mx) * (steps[i] - mx);
        }
        double slope = sxy / sxx;
        if (!(slope < 0)) return null;
        return mx + (Math.Log(target) - my) / slope;
    }

    /// <summary>Whether the run is undecided: its fitted line reaches <paramref name="target"/> by <paramref name="horizon"/>.</summary>
    public static bool StillFalling(ReadOnlySpan<double> steps, ReadOnlySpan<double> losses, double target, long horizon) =>
        Crossing(steps, losses, target) is { } k && k <= horizon;
}
