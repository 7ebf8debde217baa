using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Tests.Thresholds;

/// <summary>
/// The width search against oracles whose threshold is known: success as a function of m alone, so the search must land
/// on it exactly (resolution below one unit) or within the asked resolution, and must say where success is not monotone.
/// </summary>
public class WidthSearchTests
{
    private static ThresholdSpec Spec(double resolution = 1e-9, int start = 16, int max = 1 << 16) =>
        new("t", SettingKeys.All.ToDictionary(k => k.Name, k => k.Default), [10], 1, 0.01, SuccessCriterion.Loss, 0.8, resolution, start, max);

    /// <summary>Runs the search against <paramref name="ok"/> (m → success) to the end; returns what was tried.</summary>
    private static Dictionary<int, double> Search(Func<int, bool> ok, ThresholdSpec spec)
    {
        var tried = new Dictionary<int, double>();
        for (int round = 0; round < 200 && WidthSearch.Next(tried, spec) is { } m; round++) tried[m] = ok(m) ? 1 : 0;
        Assert.Null(WidthSearch.Next(tried, spec)); // it ends
        return tried;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(40961)]
    public void A_monotone_threshold_is_found_exactly(int threshold)
    {
        var tried = Search(m => m >= threshold, Spec());
        var t = WidthSearch.Threshold(tried, 0.8);
        Assert.Equal(threshold, t.MStar);
        Assert.Equal(threshold == 1 ? null : threshold - 1, t.MBelow);
        Assert.Empty(t.NonMonotone);
        Assert.True(tried.Count <= 2 * Math.Log2(Math.Max(threshold, 16)) + 4, $"{tried.Count} widths tried for m* = {threshold}");
    }

    [Theory]
    [InlineData(100, 0.05)]
    [InlineData(777, 0.05)]
    [InlineData(3000, 0.2)]
    public void The_bisection_stops_at_the_asked_resolution(int threshold, double resolution)
    {
        var t = WidthSearch.Threshold(Search(m => m >= threshold, Spec(resolution)), 0.8);
        Assert.InRange(t.MStar!.Value, threshold, threshold * (1 + resolution) + 1);
        Assert.True(t.MStar - t.MBelow <= Math.Max(1, resolution * t.MStar!.Value));
        Assert.InRange(t.MBelow!.Value, 1, threshold - 1);
    }

    [Fact]
    public void A_width_that_fails_above_the_threshold_is_found_and_reported()
    {
        // Succeeds from 10 on, except at 20 = 2·10, the confirmation width: success is not monotone.
        var tried = Search(m => m >= 10 && m != 20, Spec());
        var t = WidthSearch.Threshold(tried, 0.8);
        Assert.Equal(21, t.MStar); // the smallest width from which every larger tried width succeeds
        Assert.Equal(20, t.MBelow);
        Assert.Contains(10, t.NonMonotone);
        Assert.All(t.NonMonotone, m => Assert.True(m < 20 && m >= 10));
    }

    [Fact]
    public void No_success_up_to_the_maximum_width_gives_no_threshold()
    {
        var tried = Search(_ => false, Spec(max: 100));
        Assert.Equal(100, tried.Keys.Max());
        var t = WidthSearch.Threshold(tried, 0.8);
        Assert.Null(t.MStar);
        Assert.Equal(100, t.MBelow);
    }

    [Fact]
    public void The_success_fraction_is_compared_with_q()
    {
        var tried = new Dictionary<int, double> { [8] = 0.6, [16] = 0.8, [32] = 1 };
        Assert.Equal(16, WidthSearch.Threshold(tried, 0.8).MStar);
        Assert.Equal(32, WidthSearch.Threshold(tried, 0.81).MStar);
        Assert.Equal(8, WidthSearch.Threshold(tried, 0.5).MStar);
    }

    [Fact]
    public void The_next_width_depends_only_on_the_results_so_a_resumed_search_takes_the_same_path()
    {
        var spec = Spec(0.05);
        var first = Search(m => m >= 333, spec);
        // Replay: the same results in another order give the same next widths and the same end.
        var replay = new Dictionary<int, double>();
        foreach (var (m, f) in first.Reverse()) replay[m] = f;
        Assert.Null(WidthSearch.Next(replay, spec));
        Assert.Equal(WidthSearch.Threshold(first, 0.8), WidthSearch.Threshold(replay, 0.8), new ThresholdComparer());
    }

    private sealed class ThresholdComparer : IEqualityComparer<WidthThreshold>
    {
        public bool Equals(WidthThreshold? a, WidthThreshold? b) =>
            a!.MStar == b!.MStar && a.MBelow == b.MBelow && a.NonMonotone.SequenceEqual(b.NonMonotone);

        public int GetHashCode(WidthThreshold t) => HashCode.Combine(t.MStar, t.MBelow);
    }
}
