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

    /// <summary>The sweep: full (n = d = 1000) or quick (n = d = 200, about a minute on two cores).</summary>
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

    /// <summary>Figure 1's three trends as claims: each measured value is the mean over seeds at one width.</summary>
    public static IReadOnlyList<Claim> Claims(SweepData data)
    {
        var byWidth = data.Groups.Where(g => g.Key.ContainsKey("width"))
            .OrderBy(g => int.Parse(g.Key["width"], CultureInfo.InvariantCulture)).ToList();
        Claim Trend(string id, string statement, string name, Func<GroupSummary, double> f)
        {
            var v = byWidth.Select(f).ToList();
            bool holds = v.Count > 1 && v.Zip(v.Skip(1)).All(p => p.Second < p.First);
            return new Claim(id, statement, byWidth.Zip(v).ToDictionary(p => $"{name}_m{p.First.Key["width"]}", p => p.Second), holds);
        }
        return
        [
            Trend("wider_converges_faster", "larger m converges faster (fitted loss rate per step decreases)", "rate", g => g.Rate.Mean),
            Trend("wider_changes_fewer_patterns", "larger m changes fewer activation patterns (final fraction decreases)", "pattern_change", g => g.PatternChange.Mean),
            Trend("wider_moves_less", "larger m moves the weights less (max_r ‖w_r(100) − w_r(0)‖ decreases)", "max_dist", g => g.MaxDist.Mean),
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
