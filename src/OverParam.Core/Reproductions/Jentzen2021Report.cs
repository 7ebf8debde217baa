using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Reporting;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>The report of <c>reproduce jentzen2021</c>: the setting with what is not verified, each part's runs, and the claims.</summary>
public static class Jentzen2021Report
{
    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    /// <summary>report.html's text.</summary>
    public static string Html(string name, JentzenOptions o, IReadOnlyList<(string Folder, string Title, SweepData Data)> parts, IReadOnlyList<Claim> claims)
    {
        var h = new StringBuilder();
        string title = $"Jentzen & Kröger (arXiv 2102.11840): two-layer ReLU nets with biases, distinct inputs{(o.Quick ? " (quick)" : "")}";
        h.Append(SweepReport.Head(title, name));
        h.Append("<h2>The papers and this run</h2>\n<table><tr><th>item</th><th>arXiv 2102.11840 (THEORY.md §4)</th><th>this run</th></tr>\n");
        void Row(string item, string paper, string ours) => h.Append($"<tr><td>{E(item)}</td><td>{E(paper)}</td><td>{E(ours)}</td></tr>\n");
        Row("versions", "v1: pairwise linearly independent inputs (d ≥ 2); v2: pairwise distinct inputs, non-affine activation (works in d = 1)", "each claim names its version");
        Row("network", "[S] fully connected (v2: shallow) ReLU nets with biases, randomly initialized, batch GD", "f(x) = (1/√m) Σ a_r ReLU(w_rᵀx + b_r), first layer and biases trained, a fixed");
        Row("loss", "[S] the mean squared error; its normalization (mean or sum) is NOT verified", "L = ½ Σ_i (f(x_i) − y_i)², a sum (Du et al.'s): a mean over n would rescale η by n");
        Row("initialization", "NOT verified: the biases' and the output layer's distributions", "(w_r, b_r) ~ N(0, I_{d+1}), a_r ~ unif{±1} (our choice, Du et al.'s)");
        Row("width, step", "[S] large enough, small enough; no explicit constants found", $"m = {Jentzen2021Reproduction.Width}, η = 1/λ_max of the dynamics kernel, K = {Jentzen2021Reproduction.Steps} steps, {o.SeedCount} seeds");
        Row("data", "[not found] the papers' experiments, if any", $"n = {Jentzen2021Reproduction.N} scalars equally spaced in (−1, 1); the same with x_0 repeated under y_0 + {F(Jentzen2021Reproduction.DuplicateOffset)}; {Jentzen2021Reproduction.CircleN} equally spaced points on S¹; Gaussian labels");
        h.Append("</table>\n<h2>The runs (means over seeds)</h2>\n<table><tr><th>part</th><th>setting</th><th>L(0)</th><th>L(K)</th><th>L(K)/L(0)</th><th>λ0 (of the dynamics kernel)</th></tr>\n");
        foreach (var (folder, label, data) in parts)
            foreach (var g in data.Groups)
            {
                double Mean(Func<TrialData, double> f) => g.Trials.Average(f);
                string setting = string.Join(", ", g.Key.Where(p => p.Key != "seed").Select(p => $"{p.Key} = {p.Value}"));
                h.Append($"<tr><td><a href=\"{folder}/report.html\">{E(label)}</a></td><td>{E(setting.Length == 0 ? "with biases" : setting)}</td>")
                 .Append($"<td class=\"num\">{F(Mean(t => t.Column(MetricColumns.Loss)[0]))}</td><td class=\"num\">{F(Mean(t => t.Column(MetricColumns.Loss)[^1]))}</td>")
                 .Append($"<td class=\"num\">{F(Mean(t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]))}</td><td class=\"num\">{F(g.Lambda0.Mean)}</td></tr>\n");
            }
        h.Append("</table>\n<p>The net without biases in d = 1 computes f(x) = α·max(x, 0) + β·min(x, 0) whatever its width, so its loss can never go " +
                 "below the least-squares floor of the labels on those two functions, which is exactly the part of y outside the range of its rank-2 " +
                 "H∞; with biases the kinks −b_r/w_r fall between the inputs and H∞ of (x, 1) is positive definite.</p>\n");
        h.Append("<h2>Claims (claims.json)</h2>\n").Append(Claims.Table(claims));
        h.Append("<p>Kinds: <i>paper</i>, stated in an abstract; <i>reading</i>, our operational reading (a derived remark of THEORY.md §4, a threshold of ours). " +
                 "Each criterion was fixed before the run.</p>\n</body></html>\n");
        return h.ToString();
    }
}
