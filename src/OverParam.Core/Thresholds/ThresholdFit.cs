using OverParam.Numerics;

namespace OverParam.Thresholds;

/// <summary>A power law y = c·n^α fitted in log-log, with two bootstrap confidence intervals for α.</summary>
/// <param name="Exponent">α, the least-squares slope of ln y against ln n.</param>
/// <param name="Coefficient">c = exp(intercept).</param>
/// <param name="CiLow">The 2.5th percentile of α over the bootstrap replicates over seeds (NaN without replicates).</param>
/// <param name="CiHigh">The 97.5th percentile.</param>
/// <param name="Points">How many sizes n had a threshold and entered the fit.</param>
/// <param name="Replicates">Bootstrap replicates over seeds in which at least two sizes had a threshold.</param>
/// <param name="SizesCiLow">The 2.5th percentile of α over the bootstrap replicates over sizes and seeds (NaN without replicates).</param>
/// <param name="SizesCiHigh">Its 97.5th percentile.</param>
/// <param name="SizesReplicates">Replicates over sizes and seeds in which at least two distinct sizes had a threshold.</param>
public sealed record PowerFit(double Exponent, double Coefficient, double CiLow, double CiHigh, int Points, int Replicates,
    double SizesCiLow = double.NaN, double SizesCiHigh = double.NaN, int SizesReplicates = 0)
{
    /// <summary>No fit: fewer than two sizes with a threshold.</summary>
    public static readonly PowerFit None = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, 0);
}

/// <summary>
/// The exponents of m*(n) and P*(n): least squares in log-log, with two 95% confidence intervals by the bootstrap
/// (Efron &amp; Tibshirani 1993, percentile intervals).
/// <list type="bullet">
/// <item>Over seeds (<see cref="PowerFit.CiLow"/>): a replicate draws, at every n independently, S seeds with replacement
/// from the S run; recomputes every tried width's success fraction from those seeds' runs; takes m* by the same rule as
/// the search (<see cref="WidthSearch.Threshold"/>) on the widths tried; and fits again.</item>
/// <item>Over sizes and seeds (<see cref="PowerFit.SizesCiLow"/>): a replicate first draws as many sizes as there are,
/// with replacement, then the seeds within each drawn size as above (a size drawn twice gets two independent draws),
/// and fits over the drawn sizes; a replicate with fewer than two distinct sizes has no slope and is left out. It adds
/// the spread of the sizes about the power law, which the seeds-only interval leaves out.</item>
/// </list>
/// Each interval is its replicates' 2.5th to 97.5th percentile, from a stream of its own, so the seeds-only interval is
/// the one earlier versions reported, to the bit. Neither reflects the resolution of the search.
/// </summary>
public static class ThresholdFit
{
    /// <summary>Bootstrap replicates: the percentiles of 1000 replicates move by about 0.01 of the interval's width.</summary>
    public const int DefaultReplicates = 1000;

    /// <summary>The bootstrap's own seed: the same runs give the same interval.</summary>
    public const long BootstrapSeed = 20190417;

    /// <summary>The seed of the bootstrap over sizes and seeds.</summary>
    public const long SizesBootstrapSeed = 20190805;

    /// <summary>Least squares of ln y on ln x over the finite, positive pairs; None with fewer than two distinct x.</summary>
    public static (double Slope, double Intercept)? LogLog(IReadOnlyList<(double X, double Y)> points)
    {
        var p = points.Where(q => q.X > 0 && q.Y > 0 && double.IsFinite(q.X) && double.IsFinite(q.Y))
            .Select(q => (X: Math.Log(q.X), Y: Math.Log(q.Y))).ToList();
        if (p.Select(q => q.X).Distinct().Count() < 2) return null;
        double mx = p.Average(q => q.X), my = p.Average(q => q.Y);
        double sxy = p.Sum(q => (q.X - mx) * (q.Y - my)), sxx = p.Sum(q => (q.X - mx) * (q.X - mx));
        double slope = sxy / sxx;
        return (slope, my - slope * mx);
    }

    /// <summary>
    /// Fits m*(n) and P*(n) from a search's runs, one per (n, width, seed) (<see cref="StepBudgets.Final"/> or
    /// <see cref="StepBudgets.AtBase"/>; P at (n, m) is the runs' parameter count).
    /// </summary>
    public static (PowerFit Width, PowerFit Params) Fit(IReadOnlyList<RunRecord> runs, ThresholdSpec spec, int replicates = DefaultReplicates)
    {
        var byN = runs.GroupBy(r => r.N).OrderBy(g => g.Key).ToList();
        var paramsAt = runs.GroupBy(r => (r.N, r.Width)).ToDictionary(g => g.Key, g => (double)g.First().Parameters);
        var point = Thresholds(byN.Select(g => (g.Key, Fractions(g, seeds => seeds))).ToList(), spec.Success);
        var rng = new Rng(unchecked((ulong)BootstrapSeed));
        var widthExps = new List<double>();
        var paramExps = new List<double>();
        for (int b = 0; b < replicates; b++)
        {
            var sample = byN.Select(g =>
            {
                var seeds = g.Select(r => r.Seed).Distinct().Order().ToList();
                var drawn = Enumerable.Range(0, seeds.Count).Select(_ => seeds[(int)(rng.NextDouble() * seeds.Count)]).ToList();
                return (g.Key, Fractions(g, _ => drawn));
            }).ToList();
            var t = Thresholds(sample, spec.Success);
            if (LogLog(t.Select(x => ((double)x.N, (double)x.MStar)).ToList()) is { } w) widthExps.Add(w.Slope);
            if (LogLog(t.Select(x => ((double)x.N, paramsAt[(x.N, x.MStar)])).ToList()) is { } q) paramExps.Add(q.Slope);
        }
        // Over sizes and seeds: the sizes drawn with replacement, then the seeds within each, from a stream of its own.
        var sizesRng = new Rng(unchecked((ulong)SizesBootstrapSeed));
        var widthBoth = new List<double>();
        var paramBoth = new List<double>();
        for (int b = 0; b < replicates; b++)
        {
            var sample = Enumerable.Range(0, byN.Count).Select(_ =>
            {
                var g = byN[(int)(sizesRng.NextDouble() * byN.Count)];
                var seeds = g.Select(r => r.Seed).Distinct().Order().ToList();
                var drawn = Enumerable.Range(0, seeds.Count).Select(_ => seeds[(int)(sizesRng.NextDouble() * seeds.Count)]).ToList();
                return (g.Key, Fractions(g, _ => drawn));
            }).ToList();
            var t = Thresholds(sample, spec.Success);
            if (LogLog(t.Select(x => ((double)x.N, (double)x.MStar)).ToList()) is { } w) widthBoth.Add(w.Slope);
            if (LogLog(t.Select(x => ((double)x.N, paramsAt[(x.N, x.MStar)])).ToList()) is { } q) paramBoth.Add(q.Slope);
        }
        return (Power(point.Select(x => ((double)x.N, (double)x.MStar)).ToList(), widthExps, widthBoth),
            Power(point.Select(x => ((double)x.N, paramsAt[(x.N, x.MStar)])).ToList(), paramExps, paramBoth));
    }

    /// <summary>Width → success fraction at one n, counting the seeds <paramref name="pick"/> chooses (with repeats).</summary>
    private static Dictionary<int, double> Fractions(IEnumerable<RunRecord> atN, Func<IReadOnlyList<int>, IReadOnlyList<int>> pick)
    {
        var fractions = new Dictionary<int, double>();
        foreach (var g in atN.GroupBy(r => r.Width))
        {
            var ok = g.ToDictionary(r => r.Seed, r => r.Succeeded);
            var seeds = pick(ok.Keys.Order().ToList());
            fractions[g.Key] = seeds.Count(s => ok.TryGetValue(s, out bool v) && v) / (double)seeds.Count;
        }
        return fractions;
    }

    private static List<(int N, int MStar)> Thresholds(IEnumerable<(int N, Dictionary<int, double> Tried)> sizes, double q) =>
        sizes.Select(s => (s.N, WidthSearch.Threshold(s.Tried, q).MStar)).Where(s => s.MStar != null).Select(s => (s.N, s.MStar!.Value)).ToList();

    private static PowerFit Power(IReadOnlyList<(double, double)> points, List<double> seeds, List<double> sizes)
    {
        if (LogLog(points) is not { } f) return PowerFit.None;
        return new PowerFit(f.Slope, Math.Exp(f.Intercept), Percentile(seeds, 0.025), Percentile(seeds, 0.975), points.Count, seeds.Count,
            Percentile(sizes, 0.025), Percentile(sizes, 0.975), sizes.Count);
    }

    /// <summary>The p-th quantile of <paramref name="values"/> (sorted in place): the nearest rank, NaN when empty.</summary>
    public static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[(int)Math.Clamp(Math.Round(p * (values.Count - 1)), 0, values.Count - 1)];
    }
}
