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
        var charts = new List<(string, Chart)>
        {
            ("loss.svg", new Chart("(a) Training loss", "iteration k", "loss L(k) = ½ Σ (f(x_i) − y_i)²", true, loss,
                Note: "solid: measured (mean over seeds); dashed: Theorem 4.1 envelope (1 − ηλ0/2)^k L(0)", Legend: LegendCorner.BottomLeft)),
            ("pattern_change.svg", new Chart("(b) Activation patterns changed", "iteration k", "fraction of patterns changed", false, pattern,
                Note: "(1/mn) Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}, Du et al. §5", Legend: LegendCorner.BottomRight)),
            ("max_distance.svg", new Chart("(c) Maximum distance from initialization", "iteration k", "max_r ‖w_r(k) − w_r(0)‖₂", true, dist,
                Note: "solid: measured; dashed: R' = 4√n ‖y − u(0)‖ / (√m λ0), Corollary 4.1", Legend: LegendCorner.BottomRight)),
            ("residual.svg", new Chart("Residual vs infinite-width prediction", "iteration k", "‖u(k) − y‖₂", true, resid,
                Note: "solid: trained network; dashed: ‖(I − ηH∞)^k (u(0) − y)‖ (Arora et al. 2019)", Legend: LegendCorner.BottomLeft)),
        };
        if (lambda.Count > 0)
        {
            var l0 = groups.Select((g, i) => new Series(null, Mean(g, "step"), Mean(g, "step").Select(_ => g.Lambda0.Mean / 2).ToArray(), Color(i), "2 3"));
            charts.Add(("lambda_min.svg", new Chart("Least eigenvalue of H(k)", "iteration k", "λ_min(H(k))", false, [.. lambda, .. l0],
                Note: "dots: λ_min(H(k)) of the finite network; dotted: λ0/2 (Lemma 3.2)", Legend: LegendCorner.BottomLeft)));
        }
        return charts;
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
