using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Reporting;
using OverParam.Reporting.Svg;

namespace OverParam.Thresholds;

/// <summary>
/// The search's figures and page: <c>figures/threshold.svg</c> (log-log: measured m* and P* against n, the theorem's
/// required width, and the line P = n), <c>figures/success.svg</c> (success fraction against width at each n) and
/// <c>report.html</c> (self-contained: the figures, the fitted exponents next to the theorem's, the table per n, the options).
/// </summary>
public static class ThresholdReport
{
    /// <summary>The figures, by file name.</summary>
    public static IReadOnlyList<(string File, Chart Chart)> Figures(ThresholdResult r)
    {
        var found = r.Sizes.Where(s => s.Threshold.MStar != null).ToList();
        double[] ns = found.Select(s => (double)s.N).ToArray();
        var all = r.Sizes.Select(s => (double)s.N).ToArray();
        var p = Chart.Palette;
        var threshold = new Chart("Measured threshold against the theorem's requirement", "n (training points)", "width m / parameters P", LogY: true,
        [
            new Series("m* measured", ns, found.Select(s => (double)s.Threshold.MStar!.Value).ToArray(), p[0], Markers: true),
            new Series("P* measured", ns, found.Select(s => (double)s.ParamsStar!.Value).ToArray(), p[1], Markers: true),
            new Series($"width {r.Sizes.FirstOrDefault()?.Theory.Theorem} asks", all, r.Sizes.Select(s => s.Theory.RequiredWidth).ToArray(), p[2], Chart.TheoryDash, Markers: true),
            new Series("P = n", all, all, p[6], "2 3"),
        ], Note: $"success: {Criterion(r.Spec)} for ≥ {r.Spec.Success:0.##} of {r.Spec.Seeds} seeds; theorem's constants set to 1", Legend: LegendCorner.BottomRight, LogX: true);
        var success = new Chart("Success fraction against width", "width m", "fraction of seeds that succeed", LogY: false,
            r.Sizes.Select((s, i) =>
            {
                var f = ThresholdSearch.Fractions(r.Runs.Where(x => x.N == s.N)).OrderBy(kv => kv.Key).ToList();
                return new Series($"n = {s.N}", f.Select(kv => (double)kv.Key).ToArray(), f.Select(kv => kv.Value).ToArray(), p[i % p.Length], Markers: true);
            }).ToList(), Legend: LegendCorner.BottomRight, LogX: true);
        return [("threshold.svg", threshold), ("success.svg", success)];
    }

    /// <summary>Writes figures/*.svg and report.html into <paramref name="dir"/>; returns the report's path.</summary>
    public static string Write(ThresholdResult r, string dir)
    {
        string figDir = Path.Combine(dir, "figures");
        Directory.CreateDirectory(figDir);
        Orphans.Remove(figDir);
        var figures = Figures(r);
        foreach (var (file, chart) in figures) AtomicFile.WriteAllText(Path.Combine(figDir, file), SvgWriter.Render(chart));
        var h = new StringBuilder();
        string title = $"Over-parameterization threshold: {r.Spec.Name}";
        h.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title>\n<style>{SweepReport.Css}</style></head><body>\n");
        h.Append($"<h1>{E(title)}</h1>\n<p class=\"meta\">OverParam {E(Json.Version)} · {r.Runs.Count} runs · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>\n");
        h.Append($"<p>A run succeeds when {E(Criterion(r.Spec))}" + (r.Spec.Criterion == SuccessCriterion.Optimum
                     ? " (computed exactly from the features at initialization: the loss GD on the output layer tends to, at any number of steps). "
                     : $" within {E(r.Spec.Base["steps"])} steps of full-batch GD (a diverged run fails). ") +
                 $"m*(n) is the smallest width at which at least {r.Spec.Success:0.##} of the {r.Spec.Seeds} seeds succeed, found by doubling and then " +
                 $"bisection to {r.Spec.Resolution:P0}, and confirmed at 2m*; where success is not monotone, m* is the smallest width from which every " +
                 "larger tried width succeeds. The theorem's width has its hidden constants set to 1, as in <code>overparam check</code>.</p>\n");
        h.Append("<h2>Exponents</h2>\n<table><tr><th>quantity</th><th>exponent of n</th><th>95% interval (bootstrap over seeds)</th><th>sizes</th></tr>\n");
        Row(h, "m*, measured width", r.WidthFit);
        Row(h, "P*, measured parameters", r.ParamsFit);
        Row(h, $"width {r.Sizes.FirstOrDefault()?.Theory.Theorem} asks ({r.Sizes.FirstOrDefault()?.Theory.WidthFormula})", r.TheoryFit);
        h.Append("</table>\n<h2>Figures</h2>\n<div class=\"figs\">\n");
        foreach (var (file, chart) in figures) h.Append($"<figure>{SvgWriter.Render(chart)}<figcaption>figures/{E(file)}</figcaption></figure>\n");
        h.Append("</div>\n<h2>Per size</h2>\n<table><tr><th>n</th><th>m*</th><th>P*</th><th>m_below</th><th>success at m*</th><th>at m_below</th>" +
                 "<th>widths tried</th><th>not monotone at</th><th>λ0</th><th>required width</th><th>required / m*</th></tr>\n");
        foreach (var s in r.Sizes)
        {
            var t = s.Threshold;
            double ratio = t.MStar is { } m ? s.Theory.RequiredWidth / m : double.NaN;
            h.Append($"<tr><td class=\"num\">{s.N}</td><td class=\"num\">{(t.MStar?.ToString(CultureInfo.InvariantCulture) ?? $"&gt; {r.Spec.MaxWidth}")}</td>" +
                     $"<td class=\"num\">{s.ParamsStar?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td class=\"num\">{t.MBelow?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td>" +
                     $"<td class=\"num\">{N(s.SuccessAtStar)}</td><td class=\"num\">{N(s.SuccessBelow)}</td><td class=\"num\">{s.WidthsTried}</td>" +
                     $"<td>{(t.NonMonotone.Count == 0 ? "–" : E(string.Join(", ", t.NonMonotone)))}</td><td class=\"num\">{N(s.Theory.Lambda0)}</td>" +
                     $"<td class=\"num\">{N(s.Theory.RequiredWidth)}</td><td class=\"num\">{N(ratio)}</td></tr>\n");
        }
        h.Append("</table>\n<h2>Options</h2>\n<pre>").Append(E(Json.Write(ThresholdFiles.SpecJson(r.Spec)))).Append("</pre>\n");
        h.Append("<p>Every run is in runs.csv and trials/ (rerun one with <code>overparam train</code> and the settings in its settings.json).</p>\n</body></html>\n");
        string path = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(path, h.ToString());
        return path;
    }

    /// <summary>The success criterion in words.</summary>
    public static string Criterion(ThresholdSpec s) => s.Criterion switch
    {
        SuccessCriterion.Loss => $"L(k) ≤ {s.Tolerance.ToString("G3", CultureInfo.InvariantCulture)}·L(0)",
        SuccessCriterion.Optimum => $"the exact least-squares optimum of the output layer L* ≤ {s.Tolerance.ToString("G3", CultureInfo.InvariantCulture)}·L(0)",
        _ => "100% training accuracy",
    };

    private static void Row(StringBuilder h, string what, PowerFit f) =>
        h.Append($"<tr><td>{E(what)}</td><td class=\"num\">{N(f.Exponent)}</td><td class=\"num\">{(double.IsFinite(f.CiLow) ? $"[{N(f.CiLow)}, {N(f.CiHigh)}]" : "–")}</td><td class=\"num\">{f.Points}</td></tr>\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";
}
