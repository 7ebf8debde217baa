using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// Arora, Du, Hu, Li, Wang (ICML 2019) on natural data, as the paper ran it: a two-class subset of real images (Fashion-MNIST
/// here; MNIST and CIFAR-10 from the user's files), ±1 labels, inputs on the sphere, the two-layer net of Du et al. from a
/// small initialization, full-batch GD. The sweep varies the label noise p ∈ {0, 0.2, …, 1} (a fraction p of the labels
/// replaced by random ones; p = 1 is random labels). Per p it measures the training speed, the weight movement and the held-out
/// error on the test split, and computes the paper's complexity measure √(2yᵀ(H∞)⁻¹y/n) (Thm 5.1) of the labels trained on.
/// Claims: true labels are fitted faster and move the weights less than random ones (§4, Figure 1); the complexity measure
/// grows with the noise and ranks the noise levels as the test error does (§6, Figure 2).
/// </summary>
public static class Arora2019NaturalReproduction
{
    /// <summary>The label-noise levels of the sweep.</summary>
    public static readonly double[] NoiseLevels = [0, 0.2, 0.4, 0.6, 0.8, 1];

    /// <summary>The classes used unless told: T-shirt/top (0, +1) against trouser (1, −1).</summary>
    public const string DefaultClasses = "0,1";

    /// <summary>Spearman correlations at least this high count as "the same order" (with six levels, one swap of neighbours
    /// still gives 0.94).</summary>
    public const double SameOrder = 0.9;

    /// <summary>The sweep on <paramref name="data"/> (fashion-mnist, mnist:DIR or cifar10:DIR).</summary>
    public static SweepSpec Spec(string data, string classes, bool quick, int seeds)
    {
        string yaml = $"""
            name: arora2019-natural{(quick ? "-quick" : "")}
            base:
              data: {data}
              classes: "{classes}"
              labels: "true"
              normalize: true
              n: {(quick ? 100 : 400)}
              data_seed: 0
              width: {(quick ? 1000 : 4000)}
              init_scale: {Arora2019Reproduction.InitScale.ToString(CultureInfo.InvariantCulture)}
              lr: auto
              steps: {(quick ? 200 : 500)}
              record_every: {(quick ? 10 : 25)}
              gram_every: 0
              test_split: test
              precision: f64
            axes:
              label_noise: [{string.Join(", ", NoiseLevels.Select(p => p.ToString(CultureInfo.InvariantCulture)))}]
              seed: [{string.Join(", ", Enumerable.Range(0, seeds))}]
            """;
        return SweepSpec.Parse(yaml, "arora2019-natural");
    }

    /// <summary>One noise level: means over seeds, and the complexity measure of its labels.</summary>
    public sealed record Level(double Noise, double LossRatio, double Movement, double TestError, double TrainAccuracy, double Complexity);

    /// <summary>
    /// Per noise level: L(K)/L(0), ‖W(K) − W(0)‖_F/‖y‖, the test error 1 − test accuracy, the training accuracy, and
    /// √(2yᵀ(H∞)⁻¹y/n) of the labels trained on (H∞ and y rebuilt from the trial's own settings; null measure, NaN, where
    /// H∞ is numerically singular).
    /// </summary>
    public static IReadOnlyList<Level> Levels(SweepData data)
    {
        var la = Backends.Create("auto", Environment.ProcessorCount, out _);
        return [.. data.Groups.Where(g => g.Key.ContainsKey("label_noise")).Select(g =>
        {
            double Mean(Func<TrialData, double> f) => g.Trials.Select(f).Average();
            var ds = TrainSettings.ToTrainSpec(g.Trials[0].Trial.Settings).Data.Load();
            var h = TwoLayerGram.Compute(ds, TwoLayerKernel.Du2019, la, Environment.ProcessorCount).Values;
            var c = LabelComplexity.Compute(h, ds.N, ds.Y!, la);
            return new Level(double.Parse(g.Key["label_noise"], CultureInfo.InvariantCulture),
                Mean(t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]),
                Mean(t => t.Column(MetricColumns.WeightDistFro)[^1] / Math.Sqrt(2 * t.Column(MetricColumns.Loss)[0])),
                Mean(t => 1 - t.Column(MetricColumns.TestAccuracy)[^1]), Mean(t => t.Column(MetricColumns.TrainAccuracy)[^1]),
                c.GeneralizationBound ?? double.NaN);
        }).OrderBy(l => l.Noise)];
    }

    /// <summary>The paper's claims on natural data.</summary>
    public static IReadOnlyList<Claim> Claims(SweepData data) => Claims(Levels(data));

    /// <summary>The claims from levels already computed (each level loads its data and factors H∞).</summary>
    public static IReadOnlyList<Claim> Claims(IReadOnlyList<Level> levels)
    {
        if (levels.Count < 2 || levels[0].Noise != 0 || levels[^1].Noise != 1) return [];
        var (t, r) = (levels[0], levels[^1]);
        var noise = levels.Select(l => l.Noise).ToArray();
        var measure = levels.Select(l => l.Complexity).ToArray();
        var error = levels.Select(l => l.TestError).ToArray();
        double withNoise = Spearman(noise, measure), withError = Spearman(measure, error);
        var byLevel = levels.ToDictionary(l => $"complexity_p{l.Noise.ToString("0.0", CultureInfo.InvariantCulture)}", l => l.Complexity);
        const string Source = "Arora et al. ICML 2019, abstract (i)–(ii) and Figures 1–2 [S]; the thresholds are ours (THEORY.md §5)";
        var rank = new Criterion("Spearman rank correlation", "the label-noise levels", SameOrder, 1);
        return
        [
            Claim.Of("true_labels_fitted_faster", "true labels are fitted faster than random labels: L(K)/L(0) smaller", ClaimKind.Paper, Source,
                Criterion.Smaller("loss_ratio_true / loss_ratio_random", "means over seeds"), [t.LossRatio / r.LossRatio],
                new Dictionary<string, double> { ["loss_ratio_true"] = t.LossRatio, ["loss_ratio_random"] = r.LossRatio }),
            Claim.Of("random_labels_move_further", "random labels move the weights further: ‖W(K) − W(0)‖_F / ‖y‖", ClaimKind.Paper, Source,
                Criterion.Smaller("movement_true / movement_random", "means over seeds"), [t.Movement / r.Movement],
                new Dictionary<string, double> { ["movement_true"] = t.Movement, ["movement_random"] = r.Movement }),
            Claim.Of("complexity_grows_with_noise", $"the complexity measure √(2yᵀ(H∞)⁻¹y/n) grows with the label noise (Spearman ≥ {SameOrder})", ClaimKind.Reading, Source,
                rank, [withNoise], new Dictionary<string, double>(byLevel) { ["spearman_noise_complexity"] = withNoise }),
            Claim.Of("complexity_tracks_test_error", $"the measure ranks the noise levels as the test error does (Spearman ≥ {SameOrder})", ClaimKind.Reading, Source,
                rank, [withError], new Dictionary<string, double> { ["spearman_complexity_test_error"] = withError, ["test_error_true"] = t.TestError, ["test_error_random"] = r.TestError }),
            new("true_labels_generalize", "true labels generalize and random labels do not: test error at most 0.2, and within 0.1 of chance (0.5)", ClaimKind.Paper, Source,
                [new ClaimTest(new Criterion("test_error_true", "means over seeds", 0, 0.2), [t.TestError]), new ClaimTest(Criterion.Around("test_error_random", "means over seeds", 0.5, 0.1), [r.TestError])],
                new Dictionary<string, double>
                {
                    ["test_error_true"] = t.TestError, ["test_error_random"] = r.TestError,
                    ["train_accuracy_true"] = t.TrainAccuracy, ["train_accuracy_random"] = r.TrainAccuracy,
                }),
        ];
    }

    /// <summary>Spearman's rank correlation (average ranks for ties); NaN with fewer than two finite pairs.</summary>
    public static double Spearman(double[] a, double[] b)
    {
        var keep = Enumerable.Range(0, a.Length).Where(i => double.IsFinite(a[i]) && double.IsFinite(b[i])).ToArray();
        if (keep.Length < 2) return double.NaN;
        double[] Ranks(double[] v)
        {
            var x = keep.Select(i => v[i]).ToArray();
            return [.. x.Select(xi => x.Count(y => y < xi) + (x.Count(y => y == xi) + 1) / 2.0)];
        }
        var (ra, rb) = (Ranks(a), Ranks(b));
        double ma = ra.Average(), mb = rb.Average();
        double cov = ra.Zip(rb, (p, q) => (p - ma) * (q - mb)).Sum();
        double va = ra.Sum(p => (p - ma) * (p - ma)), vb = rb.Sum(q => (q - mb) * (q - mb));
        return va == 0 || vb == 0 ? double.NaN : cov / Math.Sqrt(va * vb);
    }

    /// <summary>The report's notes: the setting, the table per noise level, and the claims.</summary>
    public static string NotesHtml(SweepData data)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";
        var first = data.Trials.Count == 0 ? null : data.Trials[0].Settings;
        var levels = Levels(data);
        var sb = new StringBuilder();
        sb.Append("<h2>The experiment</h2>\n<table><tr><th>item</th><th>Arora et al. (ICML 2019)</th><th>this run</th></tr>\n");
        void Row(string item, string paper, string ours) => sb.Append($"<tr><td>{E(item)}</td><td>{E(paper)}</td><td>{E(ours)}</td></tr>\n");
        Row("model", "two-layer ReLU net of Du et al., first layer trained, a_r ~ unif{±1} fixed", "the same");
        Row("initialization", "w_r(0) ~ N(0, κ²I), κ small (recalled; not re-verified)", $"κ = {F(Arora2019Reproduction.InitScale)}");
        Row("data", "two-class subsets of MNIST and CIFAR-10, ±1 labels; label noise", first == null ? "" :
            $"{first["data"]}, classes {first["classes"]} (+1 for the first), the first n = {first["n"]} training images of those classes, on the sphere; label noise p; held-out: the test split's images of those classes");
        Row("step, width, iterations", "not found in the sources we have", "η = 1/λ_max(H∞), the width and steps in the settings (our choice)");
        sb.Append("</table>\n<h2>Per noise level (means over seeds)</h2>\n<table><tr><th>label noise p</th><th>√(2yᵀ(H∞)⁻¹y/n)</th>" +
                  "<th>test error</th><th>train accuracy</th><th>L(K)/L(0)</th><th>‖W(K) − W(0)‖_F/‖y‖</th></tr>\n");
        foreach (var l in levels)
            sb.Append($"<tr><td>{F(l.Noise)}</td><td>{F(l.Complexity)}</td><td>{F(l.TestError)}</td><td>{F(l.TrainAccuracy)}</td><td>{F(l.LossRatio)}</td><td>{F(l.Movement)}</td></tr>\n");
        sb.Append("</table>\n<p>The measure is computed from H∞ of the training inputs and the labels each level trains on, by a " +
                  "Cholesky solve; its O(√(log(n/(λ0δ))/n)) term is left out, so it is compared by rank, not as a number against the error.</p>\n");
        if (levels.Count > 0 && levels[^1].Noise == 1 && levels[^1].TrainAccuracy < 1)
            sb.Append($"<p>At p = 1 the net has not fitted its random labels within the run (training accuracy {F(levels[^1].TrainAccuracy)}, " +
                      $"L(K)/L(0) = {F(levels[^1].LossRatio)}), while the paper contrasts nets that fit their labels. By Theorem 4.1 what GD fits " +
                      "first lies along H∞'s top eigenvectors, and on natural images these carry the class structure, so a partly fitted net " +
                      $"can score a test error away from chance ({F(levels[^1].TestError)} here) by how its random labels happen to project " +
                      "on them. The generalization claim is judged as stated all the same.</p>\n");
        var la = Backends.Create("auto", Environment.ProcessorCount, out _);
        sb.Append(AroraBound.Html(AroraBound.Rows(data, g => $"label noise p = {g.Key.GetValueOrDefault("label_noise")}", t => 1 - t.Column(MetricColumns.TestAccuracy)[^1],
            (f, test, _) => 1 - Experiments.PredictJob.Accuracy(f, test.Y!, 1), la),
            "the test error 1 − accuracy: the 0-1 loss, at most the ramp loss, which is 1-Lipschitz in the margin and in [0, 1]"));
        sb.Append("<h2>The paper's claims, checked (claims.json)</h2>\n").Append(OverParam.Reproductions.Claims.Table(Claims(levels)));
        return sb.ToString();
    }
}
