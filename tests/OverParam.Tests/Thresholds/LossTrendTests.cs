using OverParam.Thresholds;

namespace OverParam.Tests.Thresholds;

/// <summary>
/// The undecided rule on loss curves built here, whose extrapolation is known in closed form, and the step budgets that
/// follow from it: a run still falling fast is undecided and rerun with 4× the steps up to the cap; a flat, rising or too
/// slow one is failed and is not.
/// </summary>
public class LossTrendTests
{
    /// <summary>ln of exact exponentials fitted by least squares over ~100 points: the crossing is exact to rounding.</summary>
    private const double Exact = 1e-6;

    private const double Epsilon = 0.01;

    /// <summary>Recorded steps 0, every, 2·every … K and L(k) = f(k).</summary>
    private static (double[] Steps, double[] Losses) Curve(int k, Func<double, double> f, int every = 1)
    {
        var steps = Enumerable.Range(0, k / every + 1).Select(i => (double)Math.Min(i * every, k)).Distinct().ToList();
        if (steps[^1] != k) steps.Add(k);
        return ([.. steps], [.. steps.Select(f)]);
    }

    [Fact]
    public void An_exponential_decay_crosses_epsilon_where_its_rate_says()
    {
        // L(k) = e^(−0.001k), L(0) = 1: ln L reaches ln 0.01 at k = ln 100 / 0.001 = 4605.17.
        var (steps, losses) = Curve(1000, k => Math.Exp(-0.001 * k));
        Assert.Equal(Math.Log(100) / 0.001, LossTrend.Crossing(steps, losses, Epsilon)!.Value, Exact * 4605);
        // Recorded every 7 steps (the last step recorded too): the same line.
        var (coarse, coarseLosses) = Curve(1000, k => Math.Exp(-0.001 * k), every: 7);
        Assert.Equal(Math.Log(100) / 0.001, LossTrend.Crossing(coarse, coarseLosses, Epsilon)!.Value, Exact * 4605);
    }

    [Fact]
    public void A_loss_still_falling_fast_is_undecided_below_the_cap_and_one_too_slow_for_the_cap_is_failed()
    {
        var (steps, losses) = Curve(1000, k => Math.Exp(-0.001 * k)); // reaches ε at 4605
        Assert.True(LossTrend.StillFalling(steps, losses, Epsilon, LossTrend.Horizon(1000, 8000)));
        Assert.False(LossTrend.StillFalling(steps, losses, Epsilon, LossTrend.Horizon(1000, 4000))); // slow beyond the cap
        // At the cap, the horizon is one more extension: 4 × 1000 < 4605 fails, 4 × 1200 does not.
        Assert.Equal(4000, LossTrend.Horizon(1000, 1000));
        Assert.False(LossTrend.StillFalling(steps, losses, Epsilon, LossTrend.Horizon(1000, 1000)));
        var (longer, longerLosses) = Curve(1200, k => Math.Exp(-0.001 * k));
        Assert.True(LossTrend.StillFalling(longer, longerLosses, Epsilon, LossTrend.Horizon(1200, 1200)));
    }

    [Fact]
    public void A_flat_a_rising_or_a_stalled_loss_is_failed_whatever_the_cap()
    {
        Assert.Null(LossTrend.Crossing(Curve(1000, _ => 0.5).Steps, Curve(1000, _ => 0.5).Losses, Epsilon));
        var (steps, rising) = Curve(1000, k => 0.5 + 1e-4 * k);
        Assert.Null(LossTrend.Crossing(steps, rising, Epsilon));
        // Fast at first, then on a floor: the last 10% see the floor, not the early rate.
        var stalled = steps.Select(k => 0.3 + Math.Exp(-0.05 * k)).ToArray();
        Assert.False(LossTrend.StillFalling(steps, stalled, Epsilon, long.MaxValue / 2));
        Assert.False(LossTrend.StillFalling(steps, stalled, Epsilon, 1_000_000_000));
    }

    [Fact]
    public void The_fit_sees_through_step_to_step_wiggle()
    {
        // ±20% alternating about e^(−0.001k): the two-point slope over the window would swing, the least-squares one does not.
        var (steps, losses) = Curve(1000, k => Math.Exp(-0.001 * k) * (((int)k & 1) == 0 ? 1.2 : 0.8));
        Assert.InRange(LossTrend.Crossing(steps, losses, Epsilon)!.Value, 4400, 4800);
    }

    [Fact]
    public void Nothing_to_extrapolate_is_failed()
    {
        Assert.Null(LossTrend.Crossing([0.0], [1.0], Epsilon));
        Assert.Null(LossTrend.Crossing([0.0, 5, 10], [1.0, double.NaN, 0.5], Epsilon));
        Assert.NotNull(LossTrend.Crossing([0.0, 10], [1.0, 0.5], Epsilon)); // two points: the window is the last two
        Assert.Throws<ArgumentException>(() => LossTrend.Crossing([0.0, 1], [1.0], Epsilon));
    }

    private static RunRecord Run(int width, int seed, int steps, bool ok = false, bool undecided = false, bool diverged = false) =>
        new($"{width}-{seed}-{steps}", 10, width, seed, ok, steps, 1, ok ? 0.001 : 0.5, diverged, 3L * width, steps, undecided);

    private static ThresholdSpec Spec(int steps, int? maxSteps)
    {
        var settings = OverParam.Sweeps.SettingKeys.All.ToDictionary(k => k.Name, k => k.Default);
        settings["steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ThresholdSpec("t", settings, [10], 2, Epsilon, SuccessCriterion.Loss, 0.8, 0.05, 8, 64, maxSteps);
    }

    [Fact]
    public void An_undecided_seed_is_rerun_with_four_times_the_steps_up_to_the_cap_and_its_largest_budget_decides()
    {
        var spec = Spec(100, 1000);
        Assert.Equal((100, 1000, true), (spec.BaseSteps, spec.StepCap, spec.Extends));
        var runs = new List<RunRecord> { Run(8, 0, 100, ok: true), Run(8, 1, 100, undecided: true), Run(16, 0, 100, undecided: true), Run(16, 1, 100) };
        Assert.Equal([new Rerun(8, 1, 400), new Rerun(16, 0, 400)], StepBudgets.Due(runs, spec));
        runs.Add(Run(8, 1, 400, undecided: true));
        runs.Add(Run(16, 0, 400, ok: true));
        Assert.Equal([new Rerun(8, 1, 1000)], StepBudgets.Due(runs, spec)); // 1600 capped at 1000
        runs.Add(Run(8, 1, 1000, undecided: true));
        Assert.Empty(StepBudgets.Due(runs, spec)); // undecided at the cap: no more
        var final = StepBudgets.Final(runs);
        Assert.Equal([RunVerdict.Succeeded, RunVerdict.Undecided, RunVerdict.Succeeded, RunVerdict.Failed], final.Select(r => r.Verdict));
        Assert.Equal([100, 1000, 400, 100], final.Select(r => r.Steps));
        Assert.Equal(4, StepBudgets.AtBase(runs, spec).Count);
        Assert.Equal(new Dictionary<int, double> { [8] = 0.5, [16] = 0.5 }, ThresholdSearch.Fractions(final));
        Assert.Equal(new Dictionary<int, double> { [8] = 0.5, [16] = 0 }, ThresholdSearch.Fractions(StepBudgets.AtBase(runs, spec)));
    }

    [Fact]
    public void Without_a_cap_above_the_base_steps_nothing_is_rerun()
    {
        var runs = new List<RunRecord> { Run(8, 0, 100, undecided: true), Run(8, 1, 100, undecided: true) };
        Assert.Empty(StepBudgets.Due(runs, Spec(100, null)));
        Assert.Empty(StepBudgets.Due(runs, Spec(100, 100)));
        Assert.False(Spec(100, null).Extends);
    }

    [Fact]
    public void The_verdict_is_succeeded_then_diverged_then_undecided_then_failed()
    {
        Assert.Equal(RunVerdict.Succeeded, Run(1, 0, 10, ok: true, undecided: true).Verdict);
        Assert.Equal(RunVerdict.Diverged, Run(1, 0, 10, diverged: true, undecided: true).Verdict);
        Assert.Equal(RunVerdict.Undecided, Run(1, 0, 10, undecided: true).Verdict);
        Assert.Equal(RunVerdict.Failed, Run(1, 0, 10).Verdict);
        Assert.Equal([0, 1, 2, 3], new[] { RunVerdict.Failed, RunVerdict.Succeeded, RunVerdict.Undecided, RunVerdict.Diverged }.Select(v => (int)v));
    }

    [Fact]
    public void A_rerun_differs_from_its_run_only_in_steps_and_so_in_its_id()
    {
        var spec = Spec(100, 1000);
        var first = spec.Trial(10, 8, 1);
        var again = spec.Trial(10, 8, 1, 400);
        Assert.Equal(first.Id, spec.Trial(10, 8, 1, 100).Id);
        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(first.Axes, again.Axes);
        Assert.Equal(["steps"], first.Settings.Where(p => again.Settings[p.Key] != p.Value).Select(p => p.Key));
    }
}
