using System.Globalization;
using OverParam.Sweeps;
using OverParam.Thresholds;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// One run of <c>reproduce kawaguchi2019</c>'s last-layer grid: the output layer alone, trained by GD on random labels over the
/// fixed features Φ (n×m_H) of a deep net at initialization, read from the trial's summary.json and metrics.csv.
/// </summary>
/// <param name="Outputs">d_y: 1 for ±1 labels of two classes, K for one-hot labels of K classes.</param>
/// <param name="N">n.</param>
/// <param name="Width">m_H, the last hidden layer's width.</param>
/// <param name="Seed">The initialization seed.</param>
/// <param name="Rank">rank Φ (eigenvalues of ΦΦᵀ above n·ε·λ_max).</param>
/// <param name="FloorRatio">L*/L(0): the exact least-squares loss on Φ over the initial loss.</param>
/// <param name="Gap">(L(K) − L*)/(L(0) − L*) after the run's K steps.</param>
/// <param name="LowestAboveFloor">min_k (L(k) − L*)/L(0) over the recorded steps (negative: GD went below L*).</param>
/// <param name="TrajectoryError">max_k ‖r(k) − (I − ηΦΦᵀ)^k r(0)‖ / ‖r(0)‖ over the recorded steps: relative to the initial
/// residual, the scale of the iteration's arithmetic (relative to ‖r(k)‖ it would measure rounding once r has shrunk by
/// 10⁻⁷: 4.6e-9 was measured so at n = 25, m_H = 100, where the absolute gap was 3e-15·‖r(0)‖).</param>
/// <param name="StepsToFloor">The exact number of steps after which L(k) − L* ≤ 1% of L(0) − L*, from the closed form whatever the
/// budget (+∞: never); with L* = 0 it is the steps to L ≤ 0.01·L(0).</param>
/// <param name="Condition">λ_max(ΦΦᵀ)/λ⁺_min(ΦΦᵀ), the smallest eigenvalue above the rank threshold.</param>
/// <param name="LambdaRatio">λ_min(ΦΦᵀ)/λ_max(ΦΦᵀ), zero up to rounding when m_H &lt; n.</param>
public sealed record GridRun(int Outputs, int N, int Width, int Seed, double Rank, double FloorRatio, double Gap, double LowestAboveFloor,
    double TrajectoryError, double StepsToFloor, double Condition, double LambdaRatio)
{
    /// <summary>m_H/n.</summary>
    public double Ratio => Width / (double)N;

    /// <summary>The words for d_y outputs.</summary>
    public static string LabelsOf(int outputs) => outputs == 1 ? "±1 labels" : $"{outputs}-class one-hot labels";

    /// <summary>Reads one finished trial of the grid.</summary>
    public static GridRun Of(TrialData t)
    {
        double star = t.Number("least_squares", "loss"), l0 = t.Number("initial_loss");
        double steps = t.Number("least_squares", "steps_to_floor_gap");
        return new GridRun((int)t.Number("outputs"), (int)t.Number("settings", "n"), (int)t.Number("settings", "width"),
            int.Parse(t.Trial.Settings["seed"], CultureInfo.InvariantCulture), t.Number("least_squares", "feature_rank"), star / l0,
            (t.Number("final_loss") - star) / (l0 - star), (t.Column(MetricColumns.Loss).Min() - star) / l0,
            t.Column(MetricColumns.ResidualGap).Max() / t.Column(MetricColumns.KernelResidual)[0],
            double.IsNaN(steps) ? double.PositiveInfinity : steps, t.Number("least_squares", "condition"),
            t.Number("least_squares", "lambda_min_features") / t.Number("least_squares", "lambda_max_features"));
    }

    /// <summary>Every finished trial of the grid's sweep, ordered by labels, n, width and seed.</summary>
    public static IReadOnlyList<GridRun> All(SweepData grid) =>
        [.. grid.Done.Select(Of).OrderBy(r => r.Outputs).ThenBy(r => r.N).ThenBy(r => r.Width).ThenBy(r => r.Seed)];
}

/// <summary>
/// The grid's per-size threshold: at each (labels, n, seed) the smallest width of the grid at which Φ has rank n, so that GD
/// on the output layer fits any labels exactly (L* = 0); the rank lemma of THEORY.md §3.1 says m* = n.
/// </summary>
public static class GridThreshold
{
    /// <summary>
    /// (labels d_y, n, seed) → m*: the smallest width of the grid from which every larger width has rank Φ = n (the rule of
    /// <see cref="Thresholds.WidthSearch.Threshold"/>); +∞ when the largest width does not reach it.
    /// </summary>
    public static IReadOnlyList<(int Outputs, int N, int Seed, double MStar)> PerSeed(IReadOnlyList<GridRun> runs) =>
        [.. runs.GroupBy(r => (r.Outputs, r.N, r.Seed)).Select(g =>
        {
            var byWidth = g.OrderByDescending(r => r.Width).ToList();
            double mStar = double.PositiveInfinity;
            foreach (var r in byWidth)
            {
                if (r.Rank < r.N) break;
                mStar = r.Width;
            }
            return (g.Key.Outputs, g.Key.N, g.Key.Seed, mStar);
        })];

    /// <summary>The bootstrap's own seed: the same runs give the same interval.</summary>
    public const long BootstrapSeed = 20190802;

    /// <summary>
    /// The exponent α of m*(n) = c·n^α by least squares in log-log over every (n, seed), with a 95% percentile interval
    /// (<see cref="PowerFit.SizesCiLow"/>, also in <see cref="PowerFit.CiLow"/>) from a bootstrap that resamples sizes and
    /// seeds as <see cref="ThresholdFit"/>'s does: a replicate draws the sizes with replacement and, at each drawn size, its
    /// seeds with replacement, and fits again (replicates with fewer than two distinct sizes are left out). None without two
    /// sizes with a finite m*.
    /// </summary>
    public static PowerFit Exponent(IReadOnlyList<(double N, double MStar)> points)
    {
        var finite = points.Where(p => double.IsFinite(p.MStar) && p.MStar > 0).ToList();
        if (ThresholdFit.LogLog(finite.Select(p => (p.N, p.MStar)).ToList()) is not { } fit) return PowerFit.None;
        var sizes = finite.GroupBy(p => p.N).Select(g => g.ToArray()).ToArray();
        var rng = new Numerics.Rng(unchecked((ulong)BootstrapSeed));
        var slopes = new List<double>();
        for (int b = 0; b < ThresholdFit.DefaultReplicates; b++)
        {
            var sample = new List<(double, double)>();
            for (int i = 0; i < sizes.Length; i++)
            {
                var at = sizes[(int)(rng.NextDouble() * sizes.Length)];
                for (int j = 0; j < at.Length; j++) sample.Add(at[(int)(rng.NextDouble() * at.Length)]);
            }
            if (ThresholdFit.LogLog(sample) is { } f) slopes.Add(f.Slope);
        }
        double low = ThresholdFit.Percentile(slopes, 0.025), high = ThresholdFit.Percentile(slopes, 0.975);
        return new PowerFit(fit.Slope, Math.Exp(fit.Intercept), low, high, sizes.Length, slopes.Count, low, high, slopes.Count);
    }

    /// <summary>Steps to within 1% of the floor, the median over seeds, at each (labels, n, width).</summary>
    public static IReadOnlyList<(int Outputs, int N, int Width, double Steps)> MedianSteps(IReadOnlyList<GridRun> runs) =>
        [.. runs.GroupBy(r => (r.Outputs, r.N, r.Width)).Select(g => (g.Key.Outputs, g.Key.N, g.Key.Width, Median(g.Select(r => r.StepsToFloor))))];

    /// <summary>The median (+∞ counts as the largest value).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
