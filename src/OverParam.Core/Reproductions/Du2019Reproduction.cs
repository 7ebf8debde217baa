using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>
/// Du, Zhai, Póczos, Singh (ICLR 2019) §5 as a sweep: n = 1000 points uniform on S^{999}, labels N(0, 1), 100 iterations of
/// full-batch GD at a fixed step, several widths; Figure 1 plots (a) the loss, (b) the fraction of patterns changed,
/// (c) max_r ‖w_r(k) − w_r(0)‖ against the iteration. The paper's text gives neither the widths nor the step: those are
/// our choices, and the report says so.
/// </summary>
public static class Du2019Reproduction
{
    /// <summary>Widths of the full reproduction (our choice).</summary>
    public static readonly int[] FullWidths = [100, 1000, 4000, 16000];

    /// <summary>Widths of the quick version (our choice).</summary>
    public static readonly int[] QuickWidths = [50, 200, 1000, 5000];

    /// <summary>The sweep: full (n = d = 1000) or quick (n = d = 200, about 10 s on a 2-core machine).</summary>
    public static SweepSpec Spec(bool quick, int seeds)
    {
        int n = quick ? 200 : 1000;
        string yaml = $"""
            name: du2019{(quick ? "-quick" : "")}
            base:
              data: sphere
              n: {n}
              d: {n}
              labels: gaussian
              data_seed: 0
              test_n: 200
              lr: auto
              steps: 100
              record_every: 1
              gram_every: 10
              precision: f64
            axes:
              width: [{string.Join(", ", quick ? QuickWidths : FullWidths)}]
              seed: [{string.Join(", ", Enumerable.Range(0, seeds))}]
            """;
        return SweepSpec.Parse(yaml, "du2019");
    }

    /// <summary>One width's means over seeds: the fitted rate ρ of L(k) ≈ Cρ^k, the final fraction of pattern changes, and
    /// max_r ‖w_r(K) − w_r(0)‖.</summary>
    public sealed record WidthPoint(int Width, double Rate, double PatternChange, double MaxDist);

    /// <summary>The sweep's widths in increasing order, with their means over seeds.</summary>
    public static IReadOnlyList<WidthPoint> Points(SweepData data) =>
        [.. data.Groups.Where(g => g.Key.ContainsKey("width"))
            .Select(g => new WidthPoint(int.Parse(g.Key["width"], CultureInfo.InvariantCulture), g.Rate.Mean, g.PatternChange.Mean, g.MaxDist.Mean))
            .OrderBy(p => p.Width)];

    /// <summary>Figure 1's three trends as claims.</summary>
    public static IReadOnlyList<Claim> Claims(SweepData data) => Claims(Points(data));

    /// <summary>
    /// Figure 1's three trends [S: §5, "larger m" gives a faster rate, fewer pattern changes and a smaller max distance],
    /// each judged at every consecutive pair of widths: the wider one's value minus the narrower one's must be &lt; 0.
    /// One pair out of order, or a single width, and the claim does not hold (or is not measured).
    /// </summary>
    public static IReadOnlyList<Claim> Claims(IReadOnlyList<WidthPoint> points)
    {
        const string Source = "Du et al. ICLR 2019 §5, Figure 1 [S]: larger m converges faster, changes fewer patterns, moves the weights less";
        Claim Trend(string id, string statement, string name, Func<WidthPoint, double> f)
        {
            var steps = points.Zip(points.Skip(1), (a, b) => f(b) - f(a)).ToList();
            return Claim.Of(id, statement, ClaimKind.Paper, Source,
                new Criterion($"{name}(wider) − {name}(narrower)", "every consecutive pair of widths", double.NegativeInfinity, 0, HighOpen: true), steps,
                points.ToDictionary(p => $"{name}_m{p.Width.ToString(CultureInfo.InvariantCulture)}", f));
        }
        return
        [
            Trend("wider_converges_faster", "larger m converges faster: the fitted rate ρ of L(k) ≈ Cρ^k decreases with m", "rate", p => p.Rate),
            Trend("wider_changes_fewer_patterns", "larger m changes fewer activation patterns (final fraction decreases)", "pattern_change", p => p.PatternChange),
            Trend("wider_moves_less", "larger m moves the weights less (max_r ‖w_r(K) − w_r(0)‖ decreases)", "max_dist", p => p.MaxDist),
        ];
    }

    /// <summary>The report's notes: what the paper states, what we chose, and whether its trends were reproduced.</summary>
    public static string NotesHtml(SweepData data, bool quick)
    {
        var sb = new StringBuilder();
        string E(string s) => WebUtility.HtmlEncode(s);
        var lrs = data.Done.Select(t => (double)t.Summary["settings"]!["lr"]!).Distinct().Select(v => v.ToString("G4", CultureInfo.InvariantCulture));
        sb.Append("<h2>The experiment</h2>\n<table><tr><th>item</th><th>Du et al. (ICLR 2019, §5) state</th><th>this run</th></tr>\n");
        void Row(string item, string paper, string ours) => sb.Append($"<tr><td>{E(item)}</td><td>{E(paper)}</td><td>{E(ours)}</td></tr>\n");
        Row("data", "n = 1000 points uniform on the unit sphere in d = 1000", quick ? "n = 200, d = 200 (--quick: scaled down, our choice)" : "the same");
        Row("labels", "one-dimensional standard Gaussian", "N(0, 1), seed 0");
        Row("training", "100 epochs of full-batch GD, fixed step, first layer trained, a fixed", "the same; loss ½ Σ (f(x_i) − y_i)²");
        Row("initialization", "w_r ~ N(0, I), a_r ~ unif{−1, +1} (recalled from §1/§3)", "the same");
        Row("step size", "fixed; value not given in the text", $"η = 1/λ_max(H∞) = {string.Join(", ", lrs)} (our choice: the same for every width, stable for all)");
        Row("widths m", "several; values only in the figure's legend", $"{string.Join(", ", quick ? QuickWidths : FullWidths)} (our choice)");
        Row("seeds", "not stated", $"{data.Trials.Select(t => t.Settings["seed"]).Distinct().Count()} initialization seed(s); curves are means");
        sb.Append("</table>\n<h2>The paper's trends, checked (claims.json)</h2>\n").Append(OverParam.Reproductions.Claims.Table(Claims(data)));
        return sb.ToString();
    }
}
