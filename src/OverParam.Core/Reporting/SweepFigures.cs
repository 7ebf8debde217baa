using System.Globalization;
using OverParam.Reporting.Figures;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reporting;

/// <summary>
/// The figures of a sweep, one curve per setting (mean over its seeds, with a band from the least to the largest seed's
/// value), the theorem's prediction dashed in the same colour: Du et al. ICLR 2019 Figure 1 (a) loss, (b) pattern changes,
/// (c) max distance, plus the infinite-width residual (Arora et al. ICML 2019), λ_min(H(k)) and, when the depth is swept,
/// λ_min(K^(H)) and the speed against H (Du et al. ICML 2019). More than <see cref="Figure.MaxSeries"/> settings become
/// small multiples: one panel per model (or per value of the first swept axis) on shared axes.
/// </summary>
public static class SweepFigures
{
    /// <summary>One setting placed in a panel: its group, its words in the legend and its colour.</summary>
    private sealed record Placed(GroupSummary Group, string Label, int Color);

    /// <summary>The sweep's figures (those with a finite measurement).</summary>
    public static IReadOnlyList<Figure> Build(SweepData data)
    {
        var panels = Panels(data);
        string seeds = SeedsWords(data);
        var figures = new List<Figure>
        {
            Of("loss", "Training loss against iteration", panels, new FigureAxis("training loss L(k)", Log: true),
                g => Mean(g, MetricColumns.Loss), g => Mean(g, MetricColumns.Envelope), "(1 − ηλ/2)^{k} L(0)", Theorems,
                $"L(k) = ½ Σ_i (u_i(k) − y_i)². Solid: measured, {seeds}. Dashed: the setting's theorem's envelope (1 − ηλ/2)^k L(0), λ its least eigenvalue (λ0 of H∞, or λ_min(K^(H)) for deep nets)."),
            Of("pattern_change", "Activation patterns changed against iteration", panels, new FigureAxis("fraction of patterns changed"),
                g => Mean(g, MetricColumns.PatternChange), null, null, null,
                $"(1/mn) Σ_i Σ_r 1{{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}}, Du et al. ICLR 2019 §5; {seeds}."),
            Of("max_distance", "Largest weight movement from initialization", panels, new FigureAxis("max_{r} ‖w_{r}(k) − w_{r}(0)‖_{2}", Log: true),
                g => Mean(g, MetricColumns.MaxDist), g => Mean(g, MetricColumns.RPrime), "R′ = 4√n ‖y − u(0)‖ / (√m λ_{0})", _ => "Du et al. ICLR 2019 Cor. 4.1",
                $"Solid: measured, {seeds}. Dashed: the radius R′ of Corollary 4.1 (two-layer net)."),
            Of("residual", "Residual against the infinite-width prediction", panels, new FigureAxis("‖u(k) − y‖_{2}", Log: true),
                ResidualNorm,
                g => Mean(g, MetricColumns.KernelResidual), "‖(I − ηH^{∞})^{k} (u(0) − y)‖", _ => "Arora et al. ICML 2019",
                $"Solid: the trained network, {seeds}. Dashed: GD on the infinite-width kernel from the same u(0)."),
            Of("lambda_min", "Least eigenvalue of the finite-width Gram matrix H(k)", panels, new FigureAxis("λ_{min}(H(k))"),
                g => Mean(g, MetricColumns.LambdaMinH), g => Constant(g, g.Lambda0.Mean / 2), "λ_{0}/2", _ => "Du et al. ICLR 2019 Lemma 3.2",
                $"Dots: λ_min(H(k)) of the network, {seeds}. Dashed: λ0/2, the bound the proof keeps H(k) above.", markers: true),
        };
        if (!data.Axes.Contains("width")) // one width: the gap along training; a swept width gets it against m (KernelGapFigure)
            figures.Add(Of("kernel_gap", "The network against its own kernel on held-out points, along training", panels,
                new FigureAxis("‖f_{k} − f_{k}^{lin}‖ / ‖f_{k}^{lin} − f_{0}‖", Log: true), g => Mean(g, MetricColumns.TestKernelGap), null, null, null,
                $"f_k^lin = f_0(X*) + K(X*, X) K⁻¹ (I − (I − ηK)^k)(y − u(0)), this network's kernel linearization (Lee et al. NeurIPS 2019); {seeds}."));
        figures.RemoveAll(f => !f.Panels.SelectMany(p => p.Lines).Any(l => l.Kind == LineKind.Measured && l.Y.Any(double.IsFinite)));
        figures.AddRange(DepthFigures(data));
        figures.AddRange(KernelGapFigure(data));
        return figures;
    }

    /// <summary>"mean over 3 seeds, band min to max" or "one seed".</summary>
    private static string SeedsWords(SweepData data)
    {
        int most = data.Groups.Count == 0 ? 0 : data.Groups.Max(g => g.Trials.Count);
        return most > 1 ? $"mean over the seeds (up to {most}), band from the least to the largest seed's value" : "one seed per setting";
    }

    private static string Theorems(GroupSummary g) => string.Join("; ", g.Trials.Select(SettingWords.Theorem).Where(s => s.Length > 0).Distinct());

    private static Figure Of(string name, string title, IReadOnlyList<(string Title, IReadOnlyList<Placed> Settings)> panels, FigureAxis y,
        Func<GroupSummary, (double[] Mean, double[] Lo, double[] Hi)> measured, Func<GroupSummary, (double[] Mean, double[] Lo, double[] Hi)>? theory,
        string? theoryWords, Func<GroupSummary, string>? theorem, string caption, bool markers = false)
    {
        var result = new List<Panel>();
        foreach (var (panelTitle, settings) in panels)
        {
            var lines = new List<Line>();
            foreach (var s in settings)
            {
                var steps = Steps(s.Group);
                var (mean, lo, hi) = measured(s.Group);
                bool band = s.Group.Trials.Count > 1;
                lines.Add(new Line(s.Label, steps[..mean.Length], mean, LineKind.Measured, band ? lo : null, band ? hi : null, markers, s.Color));
                if (theory?.Invoke(s.Group).Mean is { } t && t.Any(double.IsFinite))
                    lines.Add(new Line(s.Label, steps[..t.Length], t, LineKind.Theory, Color: s.Color));
            }
            var names = theorem == null ? [] : settings.Select(s => theorem(s.Group)).Where(x => x.Length > 0).Distinct().ToList();
            string? legend = theoryWords == null ? null : names.Count == 0 ? theoryWords : $"{theoryWords}: {string.Join("; ", names)}";
            result.Add(new Panel(panelTitle, new FigureAxis("iteration k"), y, lines, legend));
        }
        return new Figure(name, title, result, caption);
    }

    /// <summary>
    /// The panels: one when the settings fit (≤ <see cref="Figure.MaxSeries"/>), else one per value of the split axis (the
    /// swept axis that gives the fewest panels, the model on a tie), a setting keeping its colour and words in every panel.
    /// </summary>
    private static IReadOnlyList<(string Title, IReadOnlyList<Placed> Settings)> Panels(SweepData data)
    {
        var groups = data.Groups;
        if (groups.Count <= Figure.MaxSeries)
            return [("", groups.Select((g, i) => new Placed(g, SettingWords.Of(g), i)).ToList())];
        var swept = groups[0].Key.Keys.Where(k => groups.Select(g => g.Key[k]).Distinct().Count() > 1).ToList();
        // Split by the axis that gives the fewest panels (the model first on a tie, then the axis with fewer values).
        string split = swept.OrderBy(k => groups.GroupBy(g => g.Key[k]).Sum(v => Chunks(v.Count())))
            .ThenBy(k => k == "model" ? 0 : 1).ThenBy(k => groups.Select(g => g.Key[k]).Distinct().Count()).FirstOrDefault() ?? "";
        string Rest(GroupSummary g) => SettingWords.Of(g.Key.Where(kv => kv.Key != split));
        var restLabels = groups.Select(Rest).Distinct().ToList();
        var panels = new List<(string, IReadOnlyList<Placed>)>();
        foreach (var byValue in groups.GroupBy(g => g.Key.GetValueOrDefault(split, "")))
        {
            var members = byValue.ToList();
            int chunks = Chunks(members.Count), size = (members.Count + chunks - 1) / chunks; // even chunks: 5 + 4, not 8 + 1
            for (int c = 0; c < chunks; c++)
            {
                var part = members.Skip(c * size).Take(size).ToList();
                string title = SettingWords.Of(split, byValue.Key) + (chunks > 1 ? $" ({c + 1}/{chunks})" : "");
                // Colours follow the legend's words across panels; with more than eight kinds they are by position instead.
                panels.Add((title, part.Select((g, i) => new Placed(g, Rest(g), restLabels.Count <= Figure.MaxSeries ? restLabels.IndexOf(Rest(g)) : i)).ToList()));
            }
        }
        return panels;
    }

    private static int Chunks(int settings) => (settings + Figure.MaxSeries - 1) / Figure.MaxSeries;

    /// <summary>
    /// When a sweep varies the depth: λ_min(K^(H)) and the speed 1 − ρ against H, one line per model (the contrast of Du et al.
    /// ICML 2019: exponential in H for FC, polynomial for ResNet).
    /// </summary>
    private static IEnumerable<Figure> DepthFigures(SweepData data)
    {
        if (!data.Axes.Contains("depth")) yield break;
        var byModel = data.Groups.GroupBy(g => g.Key.TryGetValue("model", out var m) ? m : g.Trials[0].Trial.Settings["model"]).ToList();
        var lam = new List<Line>();
        var speed = new List<Line>();
        foreach (var (model, i) in byModel.Select((m, i) => (m, i)))
        {
            var gs = model.OrderBy(g => Depth(g)).ToList();
            double[] h = [.. gs.Select(Depth)];
            string label = SettingWords.Of("model", model.Key);
            var l = gs.Select(g => g.Trials.Select(t => t.Number("lambda0")).Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToList()).ToList();
            var r = gs.Select(g => g.Trials.Select(t => 1 - Aggregation.EmpiricalRate(t.Column(MetricColumns.Step), t.Column(MetricColumns.Loss))).Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToList()).ToList();
            bool band = gs.Any(g => g.Trials.Count > 1);
            lam.Add(new Line(label, h, [.. l.Select(v => v.Average())], LineKind.Measured, band ? [.. l.Select(v => v.Min())] : null, band ? [.. l.Select(v => v.Max())] : null, true, i));
            speed.Add(new Line(label, h, [.. r.Select(v => v.Average())], LineKind.Measured, band ? [.. r.Select(v => v.Min())] : null, band ? [.. r.Select(v => v.Max())] : null, true, i));
        }
        yield return new Figure("lambda_vs_depth", "λ_min(K^(H)) against depth",
            [new Panel("", new FigureAxis("depth H"), new FigureAxis("λ_{min}(K^{(H)})", Log: true), lam)],
            "K^(H): Du et al. ICML 2019, Def. 5.1 (FC), 6.1 (ResNet), 7.1 (conv ResNet); mean over seeds, band min to max.");
        yield return new Figure("speed_vs_depth", "Training speed against depth",
            [new Panel("", new FigureAxis("depth H"), new FigureAxis("1 − ρ, fitted loss rate per step", Log: true), speed)],
            "L(k) ≈ C ρ^k fitted by least squares on ln L(k); larger 1 − ρ is faster.");
    }

    /// <summary>
    /// When the width is swept and the trials record held-out points: the network's final relative gap to its own kernel
    /// linearization, ‖f_K(X*) − f_K^lin(X*)‖ / ‖f_K^lin(X*) − f_0(X*)‖ (Lee et al. NeurIPS 2019; Arora et al. ICML 2019
    /// Thm 3.2), against m, log-log, one line per other setting with its fitted slope, and the m^(−1/2) reference.
    /// </summary>
    private static IEnumerable<Figure> KernelGapFigure(SweepData data)
    {
        if (!data.Axes.Contains("width")) yield break;
        var lines = new List<Line>();
        double[]? firstX = null, firstY = null;
        foreach (var (rest, i) in data.Groups.GroupBy(g => SettingWords.Of(g.Key.Where(kv => kv.Key != "width"))).Select((r, i) => (r, i)))
        {
            var gs = rest.OrderBy(g => double.Parse(g.Key["width"], CultureInfo.InvariantCulture)).ToList();
            double[] m = [.. gs.Select(g => double.Parse(g.Key["width"], CultureInfo.InvariantCulture))];
            var finals = gs.Select(g => g.Trials.Select(t => t.Column(MetricColumns.TestKernelGap).LastOrDefault(double.IsFinite, double.NaN))
                .Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToList()).ToList();
            double[] mean = [.. finals.Select(f => f.Average())];
            if (!mean.Any(v => v > 0)) continue;
            double slope = LogLogSlope(m, mean);
            string label = (rest.Key == "all settings" ? "measured" : rest.Key) + $" · slope {slope.ToString("0.00", CultureInfo.InvariantCulture).Replace('-', '−')}";
            bool band = gs.Any(g => g.Trials.Count > 1);
            lines.Add(new Line(label, m, mean, LineKind.Measured, band ? [.. finals.Select(f => f.Min())] : null, band ? [.. finals.Select(f => f.Max())] : null,
                true, i % Figure.MaxSeries));
            (firstX, firstY) = firstX == null ? (m, mean) : (firstX, firstY);
        }
        if (lines.Count == 0 || firstX == null || firstY == null) yield break;
        int anchor = Array.FindIndex(firstY, v => v > 0);
        var reference = new Line("m^{−1/2}", firstX, [.. firstX.Select(x => firstY[anchor] * Math.Sqrt(firstX[anchor] / x))], LineKind.Reference);
        yield return new Figure("kernel_gap", "The network against its own kernel on held-out points, against width",
            [.. lines.Chunk(Figure.MaxSeries - 1).Select(c => new Panel("", new FigureAxis("width m", Log: true),
                new FigureAxis("‖f − f^{lin}‖ / ‖f^{lin} − f_{0}‖ at the last step", Log: true), [.. c, reference]))],
            "f^lin = f_0(X*) + K(X*, X) K⁻¹ (I − (I − ηK)^k)(y − u(0)), this network's kernel linearization (Lee et al. NeurIPS 2019); " +
            "mean over seeds with the least and largest seed's value; slope: least squares of log gap on log m; dotted: m^(−1/2) through the first point.");
    }

    /// <summary>Least-squares slope of log y on log x over the points where both are positive (NaN with fewer than two).</summary>
    private static double LogLogSlope(double[] x, double[] y)
    {
        var p = x.Zip(y).Where(t => t.First > 0 && t.Second > 0).Select(t => (X: Math.Log(t.First), Y: Math.Log(t.Second))).ToList();
        if (p.Count < 2) return double.NaN;
        double mx = p.Average(t => t.X), my = p.Average(t => t.Y);
        return p.Sum(t => (t.X - mx) * (t.Y - my)) / p.Sum(t => (t.X - mx) * (t.X - mx));
    }

    private static double Depth(GroupSummary g) => double.Parse(g.Key["depth"], CultureInfo.InvariantCulture);

    /// <summary>
    /// Column <paramref name="column"/> over the group's trials, step by step up to the shortest run: the mean, and the least
    /// and largest seed's value (NaN where no seed has a finite value).
    /// </summary>
    public static (double[] Mean, double[] Lo, double[] Hi) Mean(GroupSummary g, MetricColumn column) => Spread([.. g.Trials.Select(t => t.Column(column))]);

    /// <summary>Per step up to the shortest of <paramref name="cols"/>: their mean, and their least and largest finite value.</summary>
    private static (double[] Mean, double[] Lo, double[] Hi) Spread(IReadOnlyList<double[]> cols)
    {
        int len = cols.Min(c => c.Length);
        double[] mean = new double[len], lo = new double[len], hi = new double[len];
        for (int k = 0; k < len; k++)
        {
            mean[k] = cols.Average(c => c[k]);
            var finite = cols.Select(c => c[k]).Where(double.IsFinite).ToList();
            lo[k] = finite.Count == 0 ? double.NaN : finite.Min();
            hi[k] = finite.Count == 0 ? double.NaN : finite.Max();
        }
        return (mean, lo, hi);
    }

    /// <summary>The recorded steps (the same for every seed of a setting), up to the shortest run.</summary>
    private static double[] Steps(GroupSummary g) => g.Trials[0].Column(MetricColumns.Step)[..g.Trials.Min(t => t.Column(MetricColumns.Step).Length)];

    /// <summary>‖u(k) − y‖₂ = √(2 L(k)) of each seed, then mean, least and largest (the square root is monotone).</summary>
    private static (double[] Mean, double[] Lo, double[] Hi) ResidualNorm(GroupSummary g) =>
        Spread([.. g.Trials.Select(t => t.Column(MetricColumns.Loss).Select(l => Math.Sqrt(2 * l)).ToArray())]);

    private static (double[], double[], double[]) Constant(GroupSummary g, double value)
    {
        var c = Enumerable.Repeat(value, Steps(g).Length).ToArray();
        return (c, c, c);
    }
}
