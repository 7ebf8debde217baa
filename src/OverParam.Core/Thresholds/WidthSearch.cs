namespace OverParam.Thresholds;

/// <summary>The threshold at one n, from the widths tried so far.</summary>
/// <param name="MStar">m*: the smallest tried width from which every larger tried width succeeds; null when the largest
/// tried width fails (none found yet, or none up to the maximum width).</param>
/// <param name="MBelow">The largest tried width below m* whose success fraction is below q; null when none was tried
/// (m* = 1, or the search has not bracketed it yet).</param>
/// <param name="NonMonotone">Tried widths below m_below that succeeded: where success is not monotone in m.</param>
public sealed record WidthThreshold(int? MStar, int? MBelow, IReadOnlyList<int> NonMonotone);

/// <summary>
/// The search for m*(n) as a pure function of what has been tried: given each tried width's success fraction, the next
/// width to try, or none when the search at this n is finished. Being a function of the results alone, a search that
/// stops (a crash, kill -9, a Slurm round that failed) resumes exactly: the finished runs are read back and give the
/// same next width.
/// <list type="number">
/// <item>Bracket: start at the start width; double while the largest tried width fails (up to the maximum width);
/// halve while nothing below m* has failed (down to 1).</item>
/// <item>Bisect on integers between m_below and m* until (m* − m_below) ≤ max(1, resolution · m*).</item>
/// <item>Confirm: try 2m* once (when within the maximum width and not above every tried width already). Should it fail,
/// success is not monotone, m* is redefined by the rule above, and the search goes on from there.</item>
/// </list>
/// </summary>
public static class WidthSearch
{
    /// <summary>The threshold the tried widths give; <paramref name="tried"/> maps width → success fraction.</summary>
    public static WidthThreshold Threshold(IReadOnlyDictionary<int, double> tried, double q)
    {
        if (tried.Count == 0) return new WidthThreshold(null, null, []);
        var widths = tried.Keys.Order().ToList();
        bool Ok(int m) => tried[m] >= q;
        if (!Ok(widths[^1])) return new WidthThreshold(null, widths.LastOrDefault(m => !Ok(m)), []);
        int i = widths.Count - 1;
        while (i > 0 && Ok(widths[i - 1])) i--;
        int mStar = widths[i];
        int? below = i > 0 ? widths[i - 1] : null;
        var nonMonotone = below is { } b ? widths.Where(m => m < b && Ok(m)).ToList() : [];
        return new WidthThreshold(mStar, below, nonMonotone);
    }

    /// <summary>The next width to try at this n, or null when the search there is done.</summary>
    /// <param name="tried">Width → success fraction of the widths tried so far.</param>
    /// <param name="spec">q, resolution, start and maximum width.</param>
    public static int? Next(IReadOnlyDictionary<int, double> tried, ThresholdSpec spec)
    {
        if (tried.Count == 0) return spec.StartWidth;
        var t = Threshold(tried, spec.Success);
        int largest = tried.Keys.Max();
        if (t.MStar is not { } mStar) // the largest tried width fails: double, unless the maximum is reached
            return largest >= spec.MaxWidth ? null : New(tried, (int)Math.Min(2L * largest, spec.MaxWidth));
        if (t.MBelow is not { } below) // nothing below m* has failed: halve
            return mStar == 1 ? Confirm(tried, spec, mStar) : New(tried, mStar / 2);
        if (mStar - below > Math.Max(1, spec.Resolution * mStar))
            return New(tried, below + (mStar - below) / 2);
        return Confirm(tried, spec, mStar);
    }

    private static int? Confirm(IReadOnlyDictionary<int, double> tried, ThresholdSpec spec, int mStar)
    {
        long twice = 2L * mStar;
        return twice > spec.MaxWidth || tried.Keys.Max() >= twice ? null : New(tried, (int)twice);
    }

    /// <summary>A width not tried yet (the rules above never propose a tried one; this guards the invariant).</summary>
    private static int New(IReadOnlyDictionary<int, double> tried, int m) =>
        tried.ContainsKey(m) ? throw new InvalidOperationException($"width search proposed width {m} twice") : m;
}
