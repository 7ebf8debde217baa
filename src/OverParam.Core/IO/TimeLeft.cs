namespace OverParam.IO;

/// <summary>
/// The time a part of the work has left, from what it has done: the wall time so far, scaled by the cost still to do
/// over the cost done,
/// <code>left = elapsed · (C_total − C_done) / C_done.</code>
/// Each item's cost is its share of the work where that is known (a trial's width × n × steps, a tile's entries, the
/// flops of a factorization), else 1, which makes the estimate the mean time of the completed items times the items
/// left. Using the wall time, not the sum of the items' own times, keeps the estimate right when items run in parallel.
/// </summary>
public static class TimeLeft
{
    /// <summary>
    /// The estimate above; null ("estimating…") until some cost is done, or when the total is unknown (≤ 0). Zero once
    /// everything is done.
    /// </summary>
    /// <param name="doneCost">C_done: the summed cost of the completed items.</param>
    /// <param name="totalCost">C_total: the summed cost of every item of the part.</param>
    /// <param name="elapsed">Wall time since the part began.</param>
    public static TimeSpan? Estimate(double doneCost, double totalCost, TimeSpan elapsed)
    {
        if (!(totalCost > 0) || !(doneCost > 0)) return null;
        if (doneCost >= totalCost) return TimeSpan.Zero;
        double seconds = elapsed.TotalSeconds * (totalCost - doneCost) / doneCost;
        return double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
    }
}
