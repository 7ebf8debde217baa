using System.Globalization;
using System.Net;
using System.Text;
using OverParam.IO;
using OverParam.Reporting;
using OverParam.Reporting.Figures;
using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Reproductions;

/// <summary>
/// The page of <c>reproduce kawaguchi2019</c>: what the paper states and what is our reading, the parts' tables with links
/// to their own reports, figures/params.* (P*(n) of the searches, the grid's m*·d_y and the line P = n),
/// figures/last_layer_steps.* (the grid's cost against m_H/n), figures/threshold_budgets.* (the searches' m* at the two
/// step budgets) and the claims.
/// </summary>
public static class Kawaguchi2019Report
{
    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";

    /// <summary>P*(n) of every search, the grid's m*·d_y (median over seeds) and the line P = n (Theorem 5.1's count, 1e10 to
    /// 1e33 here, would flatten every measured line: its ratio to P* is in the claims).</summary>
    public static Figure ParamsFigure(IReadOnlyList<(string Folder, ThresholdResult Result)> searches, IReadOnlyList<GridRun> grid)
    {
        var lines = new List<Line>();
        foreach (var ((folder, r), i) in searches.Select((s, i) => (s, i)))
        {
            var found = r.Sizes.Where(s => s.ParamsStar != null).ToList();
            lines.Add(new Line($"P* {folder["threshold-".Length..].Replace('-', ' ')}", [.. found.Select(s => (double)s.N)], [.. found.Select(s => (double)s.ParamsStar!.Value)],
                Markers: true, Color: i));
        }
        foreach (var labels in GridThreshold.PerSeed(grid).GroupBy(p => p.Outputs))
        {
            var at = labels.GroupBy(p => p.N).OrderBy(g => g.Key).Select(g => ((double)g.Key, GridThreshold.Median(g.Select(p => p.MStar)) * labels.Key))
                .Where(p => double.IsFinite(p.Item2)).ToList();
            lines.Add(new Line($"P* last layer · {GridRun.LabelsOf(labels.Key)}", [.. at.Select(p => p.Item1)], [.. at.Select(p => p.Item2)], Markers: true, Color: lines.Count));
        }
        var all = searches.SelectMany(s => s.Result.Sizes.Select(z => (double)z.N)).Concat(grid.Select(r => (double)r.N)).Distinct().Order().ToArray();
        if (all.Length > 0) lines.Add(new Line("P = n", all, all, LineKind.Reference));
        return new Figure("params", "Trainable parameters GD needs against n",
            [new Panel("", new FigureAxis("n, training images", Log: true), new FigureAxis("parameters P*", Log: true), lines)],
            "Every layer trained: L(K) ≤ εL(0) (“true”/“random”: labels). Output layer alone: the smallest m_H of the grid with rank Φ = n, P = m_H·d_y.");
    }

    /// <summary>
    /// The every-layer searches' m* against n at the two budgets (THEORY.md §3.1's extension, issue §3: the dependence on
    /// K made visible): the base budget K alone, where a run still falling at K counts as not succeeded, and the final
    /// budget after the reruns of undecided runs (up to the cap); each m* with its bracket [m_below, m*]. A panel per search.
    /// </summary>
    public static Figure BudgetsFigure(IReadOnlyList<(string Folder, ThresholdResult Result)> searches)
    {
        var panels = searches.Select(s =>
        {
            var (folder, r) = s;
            var lines = new List<Line>
            {
                ThresholdReport.MStarLine($"m* at K = {r.Spec.BaseSteps}", r.Sizes, z => z.BaseThreshold, 0),
                ThresholdReport.MStarLine($"m* after reruns (cap {r.Spec.StepCap})", r.Sizes, z => z.Threshold, 1),
            };
            return new Panel(folder["threshold-".Length..].Replace('-', ' '), new FigureAxis("n, training images", Log: true), new FigureAxis("width m*", Log: true), lines);
        }).ToList();
        return new Figure("threshold_budgets", "Every layer trained: m* against n at two step budgets", panels,
            "m*: the smallest width with L(K) ≤ εL(0) at the success fraction asked; band: [m_below, m*]. A run still falling at K is rerun with 4K up to the cap; at the base budget it counts as not succeeded.");
    }

    /// <summary>The grid's cost: the exact steps to within 1% of the floor (median over seeds) against m_H/n, one line per n, a panel per labels.</summary>
    public static Figure StepsFigure(IReadOnlyList<GridRun> grid)
    {
        var panels = grid.GroupBy(r => r.Outputs).OrderBy(g => g.Key).Select(labels =>
        {
            var lines = labels.GroupBy(r => r.N).OrderBy(g => g.Key).Select((byN, i) =>
            {
                var pts = byN.GroupBy(r => r.Width).OrderBy(g => g.Key).Select(g => (X: g.Key / (double)byN.Key, Y: GridThreshold.Median(g.Select(r => r.StepsToFloor))))
                    .Where(p => double.IsFinite(p.Y) && p.Y > 0).ToList();
                return new Line($"n = {byN.Key}", [.. pts.Select(p => p.X)], [.. pts.Select(p => p.Y)], Markers: true, Color: i);
            }).ToList();
            return new Panel(GridRun.LabelsOf(labels.Key), new FigureAxis("m_H / n", Log: true), new FigureAxis("steps to within 1% of the floor", Log: true), lines);
        }).ToList();
        return new Figure("last_layer_steps", "Output layer alone: GD's cost against m_H/n", panels,
            "Exact count from the closed form (I − ηΦΦᵀ)^k r(0), η = 1/λ_max(ΦΦᵀ): below m_H = n to within 1% of L(0) − L*, from m_H = n on to L ≤ 0.01·L(0). Median over seeds.");
    }

    /// <summary>Writes figures/params.* and report.html into <paramref name="dir"/>; returns the report's path.</summary>
    public static string Write(string dir, string name, KawaguchiOptions o, SweepData fit, SweepData ten, SweepData grid,
        IReadOnlyList<(string Folder, ThresholdResult Result)> searches, IReadOnlyList<Claim> claims, Numerics.ILinearAlgebra la)
    {
        var sizes = Kawaguchi2019Reproduction.SizesFor(o.Quick);
        int classes = Data.NaturalOptions.ParseClasses(o.Classes).Count;
        var runs = GridRun.All(grid);
        string figure = ReportFigures.Write([ParamsFigure(searches, runs)], dir);
        string stepsFigure = ReportFigures.Write([StepsFigure(runs)], dir);
        string budgetsFigure = ReportFigures.Write([BudgetsFigure(searches)], dir);
        var h = new StringBuilder();
        string title = $"Kawaguchi & Huang (2019): global minima at practical sizes, natural vs random data{(o.Quick ? " (quick)" : "")}";
        h.Append(SweepReport.Head(title, name));
        h.Append("<h2>The paper and our reading</h2>\n<table><tr><th>item</th><th>Kawaguchi &amp; Huang (arXiv 1908.02419)</th><th>this run</th></tr>\n");
        void Row(string item, string paper, string ours) => h.Append($"<tr><td>{E(item)}</td><td>{E(paper)}</td><td>{E(ours)}</td></tr>\n");
        Row("claims", "[S] GD finds a global minimum with parameters linear in n; the linear rate cannot be improved except by a log factor; the nets generalize on natural data, not on random data",
            "parts 1–3 below measure each");
        Row("trained layers", "[S] v3 abstract: \"all layers\"; [secondary] third parties say the proof trains the last layer only",
            "both, measured separately (every layer; the output layer alone)");
        Row("network", "[not found] the precise architecture", $"[C] Du et al. ICML 2019's FC net, H = {Kawaguchi2019Reproduction.Depth}, N(0, 1) weights, √(c_σ/m) scaling");
        Row("activation", "[S, secondary] analytic, Lipschitz, increasing, limits at both ends", "erf (all four hold; closed-form kernels)");
        Row("data", "[not found] which natural data sets", $"{o.Data}, classes {o.Classes} ({(classes == 2 ? "+1, −1" : $"one-hot, d_y = {classes}; chance 1/{classes}")}); inputs centred, on the sphere; test: the test split's images of those classes");
        Row("step", "[not found]", "every layer trained: η = 1/λ_max of the infinite-width NTK; the output layer alone: η = 1/λ_max(ΦΦᵀ); full-batch GD, float64");
        h.Append("</table>\n");

        long pFit = fit.Done.Count > 0 ? (long)fit.Done[0].Number("settings", "parameters") : 0;
        h.Append($"<h2>1. Natural vs random data, two classes, every layer trained (<a href=\"{Kawaguchi2019Reproduction.FitFolder}/report.html\">report</a>)</h2>\n");
        h.Append($"<p>n = {sizes.FitN}, m = {sizes.FitWidth}: P = {pFit} trainable parameters = {F(pFit / (double)sizes.FitN)}·n; K = {sizes.FitSteps} steps; means over {Kawaguchi2019Reproduction.FitSeeds(o)} data seeds (random labels and inputs) × {Kawaguchi2019Reproduction.FitSeeds(o)} initialization seeds.</p>\n");
        FitTable(h, fit, la);
        int tenWidth = Kawaguchi2019Reproduction.TenWidthRatio * sizes.TenN;
        h.Append($"<h2>1b. Natural vs random data, ten classes, output layer alone (<a href=\"{Kawaguchi2019Reproduction.TenFolder}/report.html\">report</a>)</h2>\n");
        h.Append($"<p>All ten classes (one-hot targets), n = {sizes.TenN}, m_H = {tenWidth} ≥ n: the nets have the trainability guarantee of the theorem's own setting, " +
                 $"rank Φ = n checked on every run (claims below); K = {sizes.FitSteps} steps; {sizes.TenTestN} test images.</p>\n");
        FitTable(h, ten, la);
        h.Append("<p>The kernel's test accuracy is that of the infinite-width network's mean prediction, the NTK's (every layer trained) or the NNGP's (the output " +
                 "layer alone) K(X*, X)K⁻¹(I − (I − ηK)^K)y after the same K steps at the same η (overparam predict), on the first data seed's data.</p>\n");
        h.Append("<p>Runs with the same data seed share their random labels and inputs, so the standard error over all runs " +
                 "understates the spread between data draws. The last row trains on noise with the images' labels: like the random rows, it carries " +
                 "no information about the test images' classes.</p>\n");

        h.Append("<h2>2. Parameters against n, every layer trained (our extension)</h2>\n<p>Each search finds the smallest width m*(n) at which GD succeeds for most seeds (see each report for the rule): " +
                 $"L(k) ≤ {Kawaguchi2019Reproduction.Tolerance}·L(0) within the run's steps. Random labels, the theorem's \"any labels\", are the primary series. " +
                 $"Inputs projected to D = {Kawaguchi2019Reproduction.ProjectTo} dimensions (centred, then a seeded Gaussian projection, then normalized), so the first layer's D·m weights cannot fit n ≫ D labels alone. " +
                 $"No step budget decides a verdict: a run that misses ε while its loss still falls fast enough to reach it within the cap is undecided and rerun with 4× the steps, from K = {sizes.SearchSteps} up to " +
                 $"{sizes.StepCap}; m* is shown at K and at the final budget. " +
                 "The figure adds the output layer's threshold from part 3 (P = m*·d_y).</p>\n");
        h.Append("<table><tr><th>search</th><th>n: m* (P*, P*/n) at the final budget</th><th>n: m* at K</th><th>exponent of P*(n) [95%, sizes and seeds]</th>" +
                 "<th>the same at K</th><th>undecided runs at the cap</th><th>Thm 5.1 width exponent</th></tr>\n");
        string Star(int? m) => m?.ToString(CultureInfo.InvariantCulture) ?? "–";
        foreach (var (folder, r) in searches)
            h.Append($"<tr><td><a href=\"{folder}/report.html\">{E(folder)}</a></td>" +
                     $"<td>{E(string.Join("; ", r.Sizes.Select(s => $"{s.N}: {Star(s.Threshold.MStar)} ({s.ParamsStar?.ToString(CultureInfo.InvariantCulture) ?? "–"}, {(s.ParamsStar is { } p ? F(p / (double)s.N) : "–")})")))}</td>" +
                     $"<td>{E(string.Join("; ", r.Sizes.Select(s => $"{s.N}: {Star(s.BaseThreshold.MStar)}")))}</td>" +
                     $"<td class=\"num\">{F(r.ParamsFit.Exponent)} [{F(r.ParamsFit.SizesCiLow)}, {F(r.ParamsFit.SizesCiHigh)}]</td>" +
                     $"<td class=\"num\">{F(r.BaseParamsFit.Exponent)} [{F(r.BaseParamsFit.SizesCiLow)}, {F(r.BaseParamsFit.SizesCiHigh)}]</td>" +
                     $"<td class=\"num\">{r.Sizes.Sum(s => s.Undecided)}</td><td class=\"num\">{F(r.TheoryFit.Exponent)}</td></tr>\n");
        h.Append($"</table>\n<div class=\"figs\">{figure}</div>\n<div class=\"figs\">{budgetsFigure}</div>\n");

        h.Append($"<h2>3. The output layer alone: the theorem's setting (<a href=\"{Kawaguchi2019Reproduction.GridFolder}/report.html\">report</a>)</h2>\n");
        h.Append($"<p>Random labels, the output layer alone on the fixed features Φ = X^(H) of the net at initialization, K = {sizes.GridSteps} steps at η = 1/λ_max(ΦΦᵀ); " +
                 $"m_H/n ∈ {{{string.Join(", ", Kawaguchi2019Reproduction.GridRatios.Select(F))}}} at n ∈ {{{string.Join(", ", sizes.GridNs)}}}, {Kawaguchi2019Reproduction.GridSeeds(o)} seeds. " +
                 "Medians over seeds, except rank (the smallest) and GD's distance from the closed form (the largest). Steps are counted exactly from the closed form, whatever K.</p>\n");
        h.Append($"<div class=\"figs\">{stepsFigure}</div>\n");
        h.Append("<table><tr><th>labels</th><th>n</th><th>m_H</th><th>m_H/n</th><th>rank Φ</th><th>L*/L(0)</th><th>steps to within 1% of the floor</th>" +
                 "<th>λ_max/λ⁺_min(ΦΦᵀ)</th><th>λ_min/λ_max(ΦΦᵀ)</th><th>GD vs closed form, ÷‖r(0)‖</th></tr>\n");
        foreach (var g in runs.GroupBy(r => (r.Outputs, r.N, r.Width)))
        {
            var rs = g.ToList();
            double Med(Func<GridRun, double> f) => GridThreshold.Median(rs.Select(f));
            h.Append($"<tr><td>{E(GridRun.LabelsOf(g.Key.Outputs))}</td><td class=\"num\">{g.Key.N}</td><td class=\"num\">{g.Key.Width}</td><td class=\"num\">{F(rs[0].Ratio)}</td>" +
                     $"<td class=\"num\">{F(rs.Min(r => r.Rank))}</td><td class=\"num\">{F(Med(r => r.FloorRatio))}</td><td class=\"num\">{F(Med(r => r.StepsToFloor))}</td>" +
                     $"<td class=\"num\">{F(Med(r => r.Condition))}</td><td class=\"num\">{F(Med(r => r.LambdaRatio))}</td><td class=\"num\">{F(rs.Max(r => r.TrajectoryError))}</td></tr>\n");
        }
        h.Append("</table>\n<h2>Claims</h2>\n").Append(Claims.Table(claims));
        h.Append("<p>Kinds: <i>paper</i>, stated by the paper (abstract); <i>reading</i>, our operational reading (THEORY.md §3.1); <i>extension</i>, a question the paper " +
                 "does not settle, measured here; <i>illustration</i>, shown and not tested. Each criterion was fixed before the run; the same numbers are in claims.json.</p>\n</body></html>\n");
        string path = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(path, h.ToString());
        return path;
    }

    /// <summary>The NTK predictor's test accuracy on the data of a part-1 group's first trial, at its η and K (NaN when the group is missing).</summary>
    private static double KernelAccuracy(SweepData fit, string inputs, string labels, Numerics.ILinearAlgebra la)
    {
        var g = fit.Groups.FirstOrDefault(g => g.Key.GetValueOrDefault("inputs") == inputs && g.Key.GetValueOrDefault("labels") == labels);
        if (g == null || g.Trials.Count == 0) return double.NaN;
        var t = g.Trials[0];
        var spec = Sweeps.TrainSettings.ToTrainSpec(t.Trial.Settings);
        var train = spec.Data.Load(outputs: true);
        var (prediction, test) = Experiments.PredictJob.ForRun(spec, train, t.Number("settings", "lr"), t.Number("steps_run"), la, Environment.ProcessorCount);
        return Experiments.PredictJob.Accuracy(prediction, test.Y!, train.Outputs);
    }

    /// <summary>The notes of part 1's own report.</summary>
    public static string FitNotes(SweepData fit) =>
        "<p>Part 1 of <code>reproduce kawaguchi2019</code>: one network trained on natural images with their labels, with random labels, and on random inputs. " +
        "The claims below are the ones this part measures; the whole reproduction's report is one folder up.</p>\n";

    /// <summary>The notes of the last-layer grid's own report.</summary>
    public static string GridNotes(SweepData grid) =>
        "<p>The last-layer grid of <code>reproduce kawaguchi2019</code>: the output layer alone on random labels at m_H/n from 0.5 to 4; summary.json of each trial holds " +
        "the exact least-squares optimum (least_squares.loss, feature_rank, condition, steps_to_floor_gap). The whole reproduction's report is one folder up.</p>\n";

    /// <summary>Part 1's table (either class count): train and test accuracy, the kernel's, L(K)/L(0), per kind of data.</summary>
    private static void FitTable(StringBuilder h, SweepData fit, Numerics.ILinearAlgebra la)
    {
        var m = Kawaguchi2019Claims.FitMeasures(fit);
        h.Append("<table><tr><th>data</th><th>train accuracy</th><th>test accuracy ± standard error</th><th>the kernel's test accuracy</th><th>L(K)/L(0)</th></tr>\n");
        foreach (var (label, key, inputs, labels) in new[] { ("natural images, true labels", "natural", "images", "true"), ("natural images, random labels", "random_labels", "images", "random"),
                     ("random inputs, random labels", "random_inputs", "random", "random"), ("random inputs, the images' labels", "random_inputs_true_labels", "random", "true") })
            h.Append($"<tr><td>{E(label)}</td><td class=\"num\">{F(m[$"train_accuracy_{key}"])}</td><td class=\"num\">{F(m[$"test_accuracy_{key}"])} ± {F(m[$"test_accuracy_se_{key}"])}</td>" +
                     $"<td class=\"num\">{F(KernelAccuracy(fit, inputs, labels, la))}</td><td class=\"num\">{F(m[$"loss_ratio_{key}"])}</td></tr>\n");
        h.Append("</table>\n");
    }
}
