using OverParam.Reporting.Svg;
using OverParam.Sweeps;

namespace OverParam.Reporting;

/// <summary>
/// The figures of a sweep, one curve per setting (mean over its seeds), measurement solid and the theorem's
/// prediction dashed in the same colour: Du et al. ICLR 2019 Figure 1 (a) loss, (b) pattern changes, (c) max distance,
/// plus the infinite-width residual and λ_min(H(k)).
/// </summary>
public static class SweepFigures
{
    /// <summary>File name → chart.</summary>
    public static IReadOnlyList<(string File, Chart Chart)> Build(SweepData data)
    {
        var groups = data.Groups;
        string Color(int i) => Chart.Palette[i % Chart.Palette.Length];
        var loss = new List<Series>();
        var pattern = new List<Series>();
        var dist = new List<Series>();
        var resid = new List<Series>();
        var lambda = new List<Series>();
        for (int g = 0; g < groups.Count; g++)
        {
            var grp = groups[g];
            var steps = Mean(grp, "step");
            loss.Add(new Series(grp.Label, steps, Mean(grp, "loss"), Color(g)));
            loss.Add(new Series(null, steps, Mean(grp, "envelope"), Color(g), Chart.TheoryDash));
            pattern.Add(new Series(grp.Label, steps, Mean(grp, "pattern_change"), Color(g)));
            dist.Add(new Series(grp.Label, steps, Mean(grp, "max_dist"), Color(g)));
            dist.Add(new Series(null, steps, Mean(grp, "r_prime"), Color(g), Chart.TheoryDash));
            resid.Add(new Series(grp.Label, steps, Mean(grp, "loss").Select(l => Math.Sqrt(2 * l)).ToArray(), Color(g)));
            resid.Add(new Series(null, steps, Mean(grp, "kernel_residual"), Color(g), Chart.TheoryDash));
            var lam = Mean(grp, "lambda_min_H");
            if (lam.Any(double.IsFinite)) lambda.Add(new Series(grp.Label, steps, lam, Color(g), Markers: true));
        }
        var charts = new List<(string File, Chart Chart)>
        {
            ("loss.svg", new Chart("(a) Training loss", "iteration k", "loss L(k) = ½ Σ (f(x_i) − y_i)²", true, loss,
                Note: "solid: measured (mean over seeds); dashed: the theorem's envelope (1 − ηλ/2)^k L(0) (Thm 4.1; deep: Thm 5.1/6.1)", Legend: LegendCorner.BottomLeft)),
            ("pattern_change.svg", new Chart("(b) Activation patterns changed", "iteration k", "fraction of patterns changed", false, pattern,
                Note: "(1/mn) Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}, Du et al. §5", Legend: LegendCorner.BottomRight)),
            ("max_distance.svg", new Chart("(c) Maximum distance from initialization", "iteration k", "max_r ‖w_r(k) − w_r(0)‖₂", true, dist,
                Note: "solid: measured; dashed: R' = 4√n ‖y − u(0)‖ / (√m λ0), Corollary 4.1", Legend: LegendCorner.BottomRight)),
            ("residual.svg", new Chart("Residual vs infinite-width prediction", "iteration k", "‖u(k) − y‖₂", true, resid,
                Note: "solid: trained network; dashed: ‖(I − ηH∞)^k (u(0) − y)‖ (Arora et al. 2019)", Legend: LegendCorner.BottomLeft)),
        };
        charts.RemoveAll(c => !c.Chart.Series.Where(x => x.Dash == null).Any(x => x.Y.Any(double.IsFinite)));
        charts.AddRange(DepthCharts(data));
        if (lambda.Count > 0)
        {
            var l0 = groups.Select((g, i) => new Series(null, Mean(g, "step"), Mean(g, "step").Select(_ => g.Lambda0.Mean / 2).ToArray(), Color(i), "2 3"));
            charts.Add(("lambda_min.svg", new Chart("Least eigenvalue of H(k)", "iteration k", "λ_min(H(k))", false, [.. lambda, .. l0],
                Note: "dots: λ_min(H(k)) of the finite network; dotted: λ0/2 (Lemma 3.2)", Legend: LegendCorner.BottomLeft)));
        }
        return charts;
    }

    /// <summary>
    /// When a sweep varies the depth: λ_min(K^(H)) and the fitted loss rate against H, one line per model (the contrast of
    /// Du et al. ICML 2019: exponential in H for FC, polynomial for ResNet).
    /// </summary>
    private static IEnumerable<(string, Chart)> DepthCharts(SweepData data)
    {
        if (!data.Axes.Contains("depth")) yield break;
        var byModel = data.Groups.GroupBy(g => g.Key.TryGetValue("model", out var m) ? m : g.Trials[0].Trial.Settings["model"]).ToList();
        var lam = new List<Series>();
        var rate = new List<Series>();
        int i = 0;
        foreach (var model in byModel)
        {
            var gs = model.OrderBy(g => int.Parse(g.Key["depth"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var h = gs.Select(g => double.Parse(g.Key["depth"], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            string color = Chart.Palette[i++ % Chart.Palette.Length];
            lam.Add(new Series(model.Key, h, gs.Select(g => g.Lambda0.Mean).ToArray(), color, Markers: true));
            rate.Add(new Series(model.Key, h, gs.Select(g => 1 - g.Rate.Mean).ToArray(), color, Markers: true));
        }
        yield return ("lambda_vs_depth.svg", new Chart("λ_min(K^(H)) against depth", "depth H", "λ_min(K^(H))", true, lam,
            Note: "K^(H): Du et al. ICML 2019, Def. 5.1 (FC), 6.1 (ResNet), 7.1 (conv ResNet)", Legend: LegendCorner.BottomLeft));
        yield return ("speed_vs_depth.svg", new Chart("Training speed against depth", "depth H", "1 − fitted loss rate per step", true, rate,
            Note: "larger is faster: L(k) ≈ C ρ^k, plotted 1 − ρ", Legend: LegendCorner.BottomLeft));
    }

    /// <summary>Column <paramref name="name"/> averaged over the group's trials, step by step (up to the shortest run).</summary>
    public static double[] Mean(GroupSummary g, string name)
    {
        var cols = g.Trials.Select(t => t.Column(name)).ToList();
        int len = cols.Min(c => c.Length);
        var mean = new double[len];
        for (int k = 0; k < len; k++) mean[k] = cols.Average(c => c[k]);
        return mean;
    }
}
