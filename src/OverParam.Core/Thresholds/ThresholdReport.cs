using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Reporting;
using OverParam.Reporting.Figures;

namespace OverParam.Thresholds;

/// <summary>
/// The search's figures and page: <c>figures/threshold.*</c> (log-log: measured m* and P* against n, the line P = n, and
/// the theorem's required width), <c>figures/theory_ratio.*</c>, <c>figures/success.*</c> (success fraction against width
/// at each n), each as SVG, PDF, PNG and CSV, and
/// <c>report.html</c> (self-contained: the figures, the fitted exponents next to the theorem's, the table per n, the options).
/// </summary>
public static class ThresholdReport
{
    /// <summary>
    /// The theorem's width is drawn beside the measured m* only when it stays within this many decades of the data; beyond,
    /// it would flatten every measured line, and its ratio to m* has a figure of its own.
    /// </summary>
    private const double TheoryDecadesShown = 4;

    /// <summary>m* against n from <paramref name="pick"/> (the final or the base-budget threshold) at the sizes where it
    /// was found, with its bracket [m_below, m*] as the band unless <paramref name="bracket"/> is false.</summary>
    public static Line MStarLine(string label, IEnumerable<SizeThreshold> sizes, Func<SizeThreshold, WidthThreshold> pick, int color, bool bracket = true)
    {
        var found = sizes.Where(s => pick(s).MStar != null).ToList();
        double[] mStar = [.. found.Select(s => (double)pick(s).MStar!.Value)];
        double[]? below = bracket ? [.. found.Select(s => pick(s).MBelow is { } b ? b : double.NaN)] : null;
        return new Line(label, [.. found.Select(s => (double)s.N)], mStar, LineKind.Measured, below, bracket ? mStar : null, Markers: true, Color: color);
    }

    /// <summary>
    /// The figures: <c>threshold</c> (log-log: m* with its bracket [m_below, m*], P*, the line P = n, and the theorem's width
    /// when it is near the data), <c>theory_ratio</c> (required width / m*) and <c>success</c> (success fraction against width).
    /// </summary>
    public static IReadOnlyList<Figure> Figures(ThresholdResult r)
    {
        var found = r.Sizes.Where(s => s.Threshold.MStar != null).ToList();
        double[] ns = [.. found.Select(s => (double)s.N)];
        double[] all = [.. r.Sizes.Select(s => (double)s.N)];
        string theorem = r.Sizes.FirstOrDefault()?.Theory.Theorem ?? "the theorem";
        double[] required = [.. r.Sizes.Select(s => s.Theory.RequiredWidth)];
        var lines = new List<Line>
        {
            MStarLine("m* measured", r.Sizes, s => s.Threshold, 0),
            new("P* measured", ns, [.. found.Select(s => (double)s.ParamsStar!.Value)], Markers: true, Color: 1),
            new("P = n", all, all, LineKind.Reference),
        };
        if (r.Spec.Extends && r.Sizes.Any(s => s.BaseThreshold.MStar != null)) // m* had every run stopped at K: how much the budget decided
            lines.Add(MStarLine($"m* at K = {r.Spec.BaseSteps} steps", r.Sizes, s => s.BaseThreshold, 2, bracket: false));
        var data = lines.SelectMany(l => l.Y).Where(v => v > 0 && double.IsFinite(v)).ToList();
        bool near = data.Count > 0 && required.Where(double.IsFinite).All(v => v > 0 && Math.Abs(Math.Log10(v / data.Max())) <= TheoryDecadesShown);
        if (near) lines.Add(new Line("m* measured", all, required, LineKind.Theory, Markers: true, Color: 0));
        string criterion = $"A run succeeds when {Criterion(r.Spec)}; m* is the least width at which ≥ {r.Spec.Success:0.##} of {r.Spec.Seeds} seeds succeed.";
        var figures = new List<Figure>
        {
            new("threshold", "Measured threshold against n",
                [new Panel("", new FigureAxis("n, training points", Log: true), new FigureAxis("width m* / parameters P*", Log: true), lines,
                    near ? $"width {theorem} asks (constants 1)" : null)],
                criterion + " Band: from the largest failing width m_below to m*." +
                (near ? "" : $" The width {theorem} asks is more than {TheoryDecadesShown} decades away: see theory_ratio.")),
        };
        var ratio = r.Sizes.Where(s => s.Threshold.MStar != null).ToList();
        if (ratio.Count > 0)
            figures.Add(new Figure("theory_ratio", $"Width {theorem} asks over the measured m*",
                [new Panel("", new FigureAxis("n, training points", Log: true), new FigureAxis("required width / m*", Log: true),
                    [new Line($"{theorem} / m*".Replace(",", "", StringComparison.Ordinal), [.. ratio.Select(s => (double)s.N)],
                        [.. ratio.Select(s => s.Theory.RequiredWidth / s.Threshold.MStar!.Value)], Markers: true)])],
                $"How far the theorem's sufficient width (hidden constants set to 1) is above the width GD needs. {criterion}"));
        var curves = r.Sizes.Select((s, i) =>
        {
            var f = ThresholdSearch.Fractions(r.FinalRuns.Where(x => x.N == s.N)).OrderBy(kv => kv.Key).ToList();
            return new Line($"n = {s.N}", [.. f.Select(kv => (double)kv.Key)], [.. f.Select(kv => kv.Value)], Markers: true, Color: i % Figure.MaxSeries);
        }).ToList();
        var panels = curves.Chunk(Figure.MaxSeries).Select((c, i) => new Panel(curves.Count > Figure.MaxSeries ? $"sizes {i + 1}" : "",
            new FigureAxis("width m", Log: true), new FigureAxis("fraction of seeds that succeed"), c)).ToList();
        figures.Add(new Figure("success", "Success fraction against width", panels, criterion));
        return figures;
    }

    /// <summary>Writes figures/ (SVG, PDF, PNG, CSV of each) and report.html into <paramref name="dir"/>; returns the report's path.</summary>
    public static string Write(ThresholdResult r, string dir)
    {
        string figures = ReportFigures.Write(Figures(r), dir);
        var h = new StringBuilder();
        string title = $"Over-parameterization threshold: {r.Spec.Name}";
        h.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title>\n<style>{SweepReport.Css}</style></head><body>\n");
        h.Append($"<h1>{E(title)}</h1>\n<p class=\"meta\">OverParam {E(Json.Version)} · {r.Runs.Count} runs · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>\n");
        h.Append($"<p>A run succeeds when {E(Criterion(r.Spec))}" + (r.Spec.Criterion == SuccessCriterion.Optimum
                     ? " (computed exactly from the features at initialization: the loss GD on the output layer tends to, at any number of steps). "
                     : $" within {r.Spec.BaseSteps} steps of full-batch GD (a diverged run fails). " + E(Budget(r.Spec)) + " ") +
                 $"m*(n) is the smallest width at which at least {r.Spec.Success:0.##} of the {r.Spec.Seeds} seeds succeed, found by doubling and then " +
                 $"bisection to {r.Spec.Resolution:P0}, and confirmed at 2m*; where success is not monotone, m* is the smallest width from which every " +
                 "larger tried width succeeds. The theorem's width has its hidden constants set to 1, as in <code>overparam check</code>.</p>\n");
        h.Append("<h2>Exponents</h2>\n<table><tr><th>quantity</th><th>exponent of n</th><th>95% interval (bootstrap over seeds)</th>" +
                 "<th>95% interval (bootstrap over sizes and seeds)</th><th>sizes</th></tr>\n");
        Row(h, "m*, measured width", r.WidthFit);
        Row(h, "P*, measured parameters", r.ParamsFit);
        if (r.Spec.Extends)
        {
            Row(h, $"m* with every run stopped at K = {r.Spec.BaseSteps}", r.BaseWidthFit);
            Row(h, $"P* with every run stopped at K = {r.Spec.BaseSteps}", r.BaseParamsFit);
        }
        Row(h, $"width {r.Sizes.FirstOrDefault()?.Theory.Theorem} asks ({r.Sizes.FirstOrDefault()?.Theory.WidthFormula})", r.TheoryFit);
        h.Append("</table>\n<h2>Figures</h2>\n<div class=\"figs\">\n");
        h.Append(figures);
        h.Append("</div>\n<h2>Per size</h2>\n<table><tr><th>n</th><th>m*</th><th>P*</th><th>m_below</th><th>success at m*</th><th>at m_below</th>" +
                 "<th>widths tried</th><th>not monotone at</th><th>λ0</th><th>required width</th><th>required / m*</th>" +
                 (r.Spec.Extends ? $"<th>m* at K = {r.Spec.BaseSteps}</th><th>reruns</th>" : "") + "<th>undecided (at K)</th></tr>\n");
        foreach (var s in r.Sizes)
        {
            var t = s.Threshold;
            double ratio = t.MStar is { } m ? s.Theory.RequiredWidth / m : double.NaN;
            h.Append($"<tr><td class=\"num\">{s.N}</td><td class=\"num\">{(t.MStar?.ToString(CultureInfo.InvariantCulture) ?? $"&gt; {r.Spec.MaxWidth}")}</td>" +
                     $"<td class=\"num\">{s.ParamsStar?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td class=\"num\">{t.MBelow?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td>" +
                     $"<td class=\"num\">{N(s.SuccessAtStar)}</td><td class=\"num\">{N(s.SuccessBelow)}</td><td class=\"num\">{s.WidthsTried}</td>" +
                     $"<td>{(t.NonMonotone.Count == 0 ? "–" : E(string.Join(", ", t.NonMonotone)))}</td><td class=\"num\">{N(s.Theory.Lambda0)}</td>" +
                     $"<td class=\"num\">{N(s.Theory.RequiredWidth)}</td><td class=\"num\">{N(ratio)}</td>" +
                     (r.Spec.Extends ? $"<td class=\"num\">{(s.BaseThreshold.MStar?.ToString(CultureInfo.InvariantCulture) ?? $"&gt; {s.BaseThreshold.MBelow?.ToString(CultureInfo.InvariantCulture)} (every width tried fails)")}</td><td class=\"num\">{s.Reruns}</td>" : "") +
                     $"<td class=\"num\">{s.Undecided} ({s.UndecidedAtBase})</td></tr>\n");
        }
        h.Append("</table>\n<h2>Options</h2>\n<pre>").Append(E(Json.Write(ThresholdSpecFile.Of(r.Spec)))).Append("</pre>\n");
        h.Append("<p>Every run is in runs.csv and trials/ (rerun one with <code>overparam train</code> and the settings in its settings.json).</p>\n</body></html>\n");
        string path = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(path, h.ToString());
        return path;
    }

    /// <summary>The step budgets in words: what an undecided run is and what became of it.</summary>
    public static string Budget(ThresholdSpec s) => s.Criterion != SuccessCriterion.Loss ? "" : s.Extends
        ? $"A run that missed it while its loss was still falling (its log-loss over the last {LossTrend.WindowFraction:P0} of its steps, extrapolated " +
          $"linearly, reaches ε·L(0) by {s.StepCap} steps) is undecided and is run again with {LossTrend.ExtensionFactor}× the steps, up to {s.StepCap}; " +
          "a seed's verdict is that of its run with the most steps, and a run still undecided there counts as not succeeded. " +
          $"m* at K = {s.BaseSteps} is what the runs at {s.BaseSteps} steps alone give on the same widths."
        : $"A run that missed it while its loss was still falling fast enough to reach it within {LossTrend.ExtensionFactor}× the steps (its log-loss over " +
          $"the last {LossTrend.WindowFraction:P0} of its steps, extrapolated linearly) is counted as undecided, not failed (it is not rerun: no --max-steps).";

    /// <summary>The success criterion in words.</summary>
    public static string Criterion(ThresholdSpec s) => s.Criterion switch
    {
        SuccessCriterion.Loss => $"L(k) ≤ {s.Tolerance.ToString("G3", CultureInfo.InvariantCulture)}·L(0)",
        SuccessCriterion.Optimum => $"the exact least-squares optimum of the output layer L* ≤ {s.Tolerance.ToString("G3", CultureInfo.InvariantCulture)}·L(0)",
        _ => "100% training accuracy",
    };

    private static void Row(StringBuilder h, string what, PowerFit f) =>
        h.Append($"<tr><td>{E(what)}</td><td class=\"num\">{N(f.Exponent)}</td><td class=\"num\">{Interval(f.CiLow, f.CiHigh)}</td>" +
                 $"<td class=\"num\">{Interval(f.SizesCiLow, f.SizesCiHigh)}</td><td class=\"num\">{f.Points}</td></tr>\n");

    private static string Interval(double lo, double hi) => double.IsFinite(lo) ? $"[{N(lo)}, {N(hi)}]" : "–";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";
}
