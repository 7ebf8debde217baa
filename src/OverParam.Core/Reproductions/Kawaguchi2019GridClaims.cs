using System.Globalization;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// The claims of <c>reproduce kawaguchi2019</c>'s last-layer grid (the theorem's own setting, THEORY.md §3.1): the output
/// layer alone on the fixed features of a deep net, random labels (±1 and one-hot), m_H/n from 0.5 to 4 at every n.
/// </summary>
public static class Kawaguchi2019GridClaims
{
    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>m*/n on the grid: the grid's neighbours of m = n are 0.9n and 1.1n, so this interval holds m = n alone.</summary>
    public static readonly (double Low, double High) AtN = (0.95, 1.05);

    /// <summary>The exponent of m*(n): both ends of its 95% interval in this.</summary>
    public static readonly (double Low, double High) UnitExponent = (0.95, 1.05);

    /// <summary>L* counts as zero below this fraction of L(0): the least-squares residual is a sum of n·ε·λ_max-sized terms.</summary>
    public const double ZeroLoss = 1e-9;

    /// <summary>GD on the output layer must follow its closed form to this distance relative to ‖r(0)‖: float64 rounding
    /// accumulates about 1e-16·‖r(0)‖ a step, so 1e-10 allows 10⁶ steps and still catches a wrong step or a wrong η,
    /// whose error is of the order of ‖r(0)‖.</summary>
    public const double TrajectoryTolerance = 1e-10;

    private const string LastLayer = "THEORY.md §3.1 [C, two secondary sources]: with the output layer alone, \"trainable parameters linear in n\" is a theorem: m_H ≥ n, m_H·d_y ≥ n·d_y",
        RankLemma = "THEORY.md §3.1 [C]: our last-layer rank lemma (m_H < n ⇒ rank Φ < n ⇒ a floor ½‖(I − P_Φ)Y‖² > 0), not the paper's lower bound",
        Cost = "not in the paper: how GD's cost depends on m_H/n near the threshold (the rate is set by λ⁺_min(ΦΦᵀ))";

    /// <summary>Every claim of the grid, from its finished runs.</summary>
    public static IReadOnlyList<Claim> All(SweepData grid) => All(GridRun.All(grid));

    /// <summary>Every claim of the grid, from its runs (a negative control builds them by hand).</summary>
    public static IReadOnlyList<Claim> All(IReadOnlyList<GridRun> runs) => runs.Count == 0 ? [] : [NeedsN(runs), Floor(runs), CostPeaks(runs)];

    /// <summary>(a) m* = n at every n, labels and seed, and the exponent of m*(n) with both ends of its interval in [0.95, 1.05].</summary>
    public static Claim NeedsN(IReadOnlyList<GridRun> runs)
    {
        var perSeed = GridThreshold.PerSeed(runs);
        var tests = new List<ClaimTest>
        {
            new(new Criterion("m*/n, m* the smallest width of the grid with rank Φ = n", "every n, labels and seed", AtN.Low, AtN.High), [.. perSeed.Select(p => p.MStar / p.N)]),
        };
        var measured = new Dictionary<string, double>
        {
            ["m_star_over_n_min"] = perSeed.Select(p => p.MStar / p.N).DefaultIfEmpty(double.NaN).Min(),
            ["m_star_over_n_max"] = perSeed.Select(p => p.MStar / p.N).DefaultIfEmpty(double.NaN).Max(),
        };
        foreach (var labels in perSeed.GroupBy(p => p.Outputs))
        {
            var fit = GridThreshold.Exponent([.. labels.Select(p => ((double)p.N, p.MStar))]);
            tests.Add(new ClaimTest(new Criterion("exponent of m*(n), 95% bootstrap interval (sizes and seeds resampled)", $"both ends, {GridRun.LabelsOf(labels.Key)}",
                UnitExponent.Low, UnitExponent.High), [fit.CiLow, fit.CiHigh]));
            string k = labels.Key == 1 ? "pm1" : $"onehot{labels.Key}";
            measured[$"width_exponent_{k}"] = fit.Exponent;
            measured[$"width_exponent_{k}_ci_low"] = fit.CiLow;
            measured[$"width_exponent_{k}_ci_high"] = fit.CiHigh;
        }
        return new("last_layer_needs_n", $"with the output layer alone, random labels (any labels) are fitted exactly from m_H = n on and not below: the smallest width of the grid with rank Φ = n is m* = n (m*/n in [{F(AtN.Low)}, {F(AtN.High)}], the grid's neighbours being 0.9n and 1.1n) at every n, labels and seed; the exponent of m*(n) in [{F(UnitExponent.Low)}, {F(UnitExponent.High)}]",
            ClaimKind.Reading, LastLayer, tests, measured);
    }

    /// <summary>(b) Below n the floor is L* &gt; 0 and GD reaches it (exact count); from n on L* = 0; GD follows its closed form.</summary>
    public static Claim Floor(IReadOnlyList<GridRun> runs)
    {
        var below = runs.Where(r => r.Width < r.N).ToList();
        var above = runs.Where(r => r.Width >= r.N).ToList();
        return new("floor_is_least_squares", $"output layer alone, random labels, at every n and labels: below m_H = n, rank Φ = m_H and the loss floor is the exact least-squares L* > 0, which GD reaches (within {F(FeatureLeastSquares.FloorGap)} of L(0) − L* after finitely many steps, counted exactly from the closed form) and never goes below; from m_H = n on, rank Φ = n and L* = 0; GD follows its closed form (I − ηΦΦᵀ)^k r(0) throughout",
            ClaimKind.Reading, RankLemma,
            [
                new ClaimTest(new Criterion("rank Φ − min(m_H, n)", "every run", 0, 0), [.. runs.Select(r => r.Rank - Math.Min(r.Width, r.N))]),
                new ClaimTest(new Criterion("L*/L(0)", "every run with m_H < n", ZeroLoss, double.PositiveInfinity, LowOpen: true), [.. below.Select(r => r.FloorRatio)]),
                new ClaimTest(new Criterion("L*/L(0)", "every run with m_H ≥ n", 0, ZeroLoss), [.. above.Select(r => r.FloorRatio)]),
                new ClaimTest(new Criterion("steps to within 1% of L(0) − L* (exact count)", "every run with m_H < n", 0, double.PositiveInfinity, HighOpen: true), [.. below.Select(r => r.StepsToFloor)]),
                new ClaimTest(new Criterion("min_k (L(k) − L*)/L(0)", "every run", -ZeroLoss, double.PositiveInfinity), [.. runs.Select(r => r.LowestAboveFloor)]),
                new ClaimTest(new Criterion("‖r(k) − (I − ηΦΦᵀ)^k r(0)‖ / ‖r(0)‖", "every recorded step of every run", 0, TrajectoryTolerance), [.. runs.Select(r => r.TrajectoryError)]),
            ],
            new Dictionary<string, double>
            {
                ["runs"] = runs.Count,
                ["floor_ratio_below_min"] = below.Select(r => r.FloorRatio).DefaultIfEmpty(double.NaN).Min(),
                ["floor_ratio_above_max"] = above.Select(r => r.FloorRatio).DefaultIfEmpty(double.NaN).Max(),
                ["steps_to_floor_below_max"] = below.Select(r => r.StepsToFloor).DefaultIfEmpty(double.NaN).Max(),
                ["trajectory_error_max"] = runs.Max(r => r.TrajectoryError),
            });
    }

    /// <summary>
    /// (c) The cost near the threshold: the steps GD needs to come within 1% of its floor (median over seeds, exact count) are
    /// largest at m_H = n of all the grid's widths, at every n and labels: the value judged is that count at m_H = n over the
    /// largest count at any other width, which must exceed 1.
    /// </summary>
    public static Claim CostPeaks(IReadOnlyList<GridRun> runs)
    {
        var steps = GridThreshold.MedianSteps(runs);
        var ratios = new List<double>();
        var measured = new Dictionary<string, double>();
        foreach (var g in steps.GroupBy(s => (s.Outputs, s.N)))
        {
            var atN = g.Where(s => s.Width == g.Key.N).ToList();
            var others = g.Where(s => s.Width != g.Key.N).ToList();
            double ratio = atN.Count == 0 || others.Count == 0 ? double.NaN : atN[0].Steps / others.Max(s => s.Steps);
            ratios.Add(ratio);
            measured[$"peak_ratio_{(g.Key.Outputs == 1 ? "pm1" : $"onehot{g.Key.Outputs}")}_n{g.Key.N.ToString(CultureInfo.InvariantCulture)}"] = ratio;
        }
        return Claim.Of("cost_peaks_at_n", "with the output layer alone, GD is slowest at m_H = n: the exact number of steps to within 1% of the floor (median over seeds) is larger at m_H = n than at every other m_H/n of the grid, at every n and labels",
            ClaimKind.Extension, Cost, new Criterion("steps at m_H = n / the most steps at any other m_H", "every n and labels", 1, double.PositiveInfinity, LowOpen: true),
            ratios, measured);
    }
}
