using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Tests.Thresholds;

/// <summary>The exponent fit: exact on power laws, and a bootstrap interval that collapses when every seed agrees.</summary>
public class ThresholdFitTests
{
    /// <summary>ln of values built from a few products: the slope is exact to rounding.</summary>
    private const double Exact = 1e-12;

    private static ThresholdSpec Spec(int seeds) =>
        new("t", SettingKeys.All.ToDictionary(k => k.Name, k => k.Default), [10, 20, 40, 80], seeds, 0.01, SuccessCriterion.Loss, 0.8, 0.05, 16, 1 << 16);

    [Fact]
    public void The_log_log_fit_recovers_a_power_law()
    {
        var points = new[] { 10.0, 20, 50, 200 }.Select(n => (n, 3 * Math.Pow(n, 1.5))).ToList();
        var (slope, intercept) = ThresholdFit.LogLog(points)!.Value;
        Assert.Equal(1.5, slope, Exact);
        Assert.Equal(Math.Log(3), intercept, Exact);
        Assert.Null(ThresholdFit.LogLog([(10, 1), (10, 2)])); // one distinct n: no slope
    }

    /// <summary>Runs where seed s succeeds at width m iff m ≥ threshold(n) + offset(s).</summary>
    private static List<RunRecord> Runs(Func<int, int> threshold, int seeds, Func<int, int> offset)
    {
        var runs = new List<RunRecord>();
        foreach (int n in new[] { 10, 20, 40, 80 })
            foreach (int m in new[] { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 })
                for (int s = 0; s < seeds; s++)
                    runs.Add(new RunRecord($"{n}-{m}-{s}", n, m, s, m >= threshold(n) + offset(s), 10, 1, 0, false, 7L * m));
        return runs;
    }

    [Fact]
    public void When_every_seed_agrees_the_interval_is_the_point_estimate()
    {
        var (width, parameters) = ThresholdFit.Fit(Runs(n => n, 3, _ => 0), Spec(3), replicates: 200);
        Assert.Equal(1.0, width.Exponent, Exact); // m* = 16, 32, 64, 128 at n = 10, 20, 40, 80 (the tried widths)
        Assert.Equal(width.Exponent, width.CiLow, Exact);
        Assert.Equal(width.Exponent, width.CiHigh, Exact);
        Assert.Equal(1.0, parameters.Exponent, Exact); // P = 7m
        Assert.Equal(200, width.Replicates);
    }

    [Fact]
    public void On_an_exact_power_law_resampling_sizes_changes_nothing_either()
    {
        var (width, parameters) = ThresholdFit.Fit(Runs(n => n, 3, _ => 0), Spec(3), replicates: 200);
        Assert.Equal((width.Exponent, width.Exponent), (width.SizesCiLow, width.SizesCiHigh), new Close());
        Assert.Equal((parameters.Exponent, parameters.Exponent), (parameters.SizesCiLow, parameters.SizesCiHigh), new Close());
        // Four sizes drawn with replacement: a draw of one size four times (4/256 of them) has no slope and is left out.
        Assert.InRange(width.SizesReplicates, 180, 199);
    }

    /// <summary>
    /// m* off the power law at one size (16, 32, 64, 512 at n = 10 … 80, every seed agreeing): the seeds-only interval is the
    /// point estimate, while replicates that leave n = 80 out, or take it twice, move the slope.
    /// </summary>
    [Fact]
    public void Sizes_off_the_power_law_widen_only_the_interval_that_resamples_sizes()
    {
        var (width, _) = ThresholdFit.Fit(Runs(n => n == 80 ? 512 : n, 3, _ => 0), Spec(3), replicates: 400);
        Assert.Equal((width.Exponent, width.Exponent), (width.CiLow, width.CiHigh), new Close());
        Assert.True(width.SizesCiLow < width.Exponent - 0.3 && width.SizesCiHigh > width.Exponent, $"{width.Exponent} [{width.SizesCiLow}, {width.SizesCiHigh}]");
    }

    private sealed class Close : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) < Exact && Math.Abs(a.Item2 - b.Item2) < Exact;

        public int GetHashCode((double, double) a) => 0;
    }

    [Fact]
    public void Seeds_that_disagree_widen_the_interval_around_the_estimate()
    {
        // Seed 2 needs 4× the width at n = 80 only: the resampled m*(80) moves, the others do not.
        var runs = Runs(n => n, 3, _ => 0).Select(r => r.N == 80 && r.Seed == 2 ? r with { Succeeded = r.Width >= 512 } : r).ToList();
        var (width, _) = ThresholdFit.Fit(runs, Spec(3) with { Success = 1.0 }, replicates: 400);
        Assert.True(width.CiLow < width.CiHigh, $"[{width.CiLow}, {width.CiHigh}]");
        Assert.InRange(width.Exponent, width.CiLow, width.CiHigh);
    }
}
