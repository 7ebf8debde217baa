using System.Globalization;
using OverParam.Sweeps;
using OverParam.Thresholds;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// The claims <c>reproduce kawaguchi2019</c> checks, each from the part that measures it. What the paper states [S] and
/// what is our reading [C] is in THEORY.md §3; the statements say which where it matters.
/// </summary>
public static class Kawaguchi2019Claims
{
    /// <summary>"Far above chance": test accuracy at least chance + this·(1 − chance), chance = 1/K for K balanced classes
    /// (0.8 for two classes, 0.64 for ten).</summary>
    public const double GeneralizesMargin = 0.6;

    /// <summary>
    /// "At chance": the mean test accuracy over seeds within this·chance of chance = 1/K, or within two standard errors of
    /// it. A net fitted to random data predicts the test images by a function unrelated to their classes, which still splits
    /// them unevenly: its accuracy is chance in expectation over seeds, with a spread of about 0.1 between seeds for two
    /// classes (so 0.1 there).
    /// </summary>
    public const double ChanceBand = 0.2;

    /// <summary>Theorem 5.1's parameter count must exceed the measured P* by at least this factor for "far below".</summary>
    public const double FarBelow = 100;


    /// <summary>Part 1's measurements by name: train_accuracy_natural, test_accuracy_random_labels, ….</summary>
    public static IReadOnlyDictionary<string, double> FitMeasures(SweepData fit)
    {
        var m = new Dictionary<string, double>();
        foreach (var (name, inputs, labels) in new[] { ("natural", "images", "true"), ("random_labels", "images", "random"), ("random_inputs", "random", "random"), ("random_inputs_true_labels", "random", "true") })
        {
            // Means over the group's seeds of final values (NaN when the group is missing).
            var g = fit.Groups.FirstOrDefault(g => g.Key.GetValueOrDefault("inputs") == inputs && g.Key.GetValueOrDefault("labels") == labels);
            double Mean(Func<TrialData, double> f) => g == null ? double.NaN : g.Trials.Average(f);
            m[$"train_accuracy_{name}"] = Mean(t => t.Column(MetricColumns.TrainAccuracy)[^1]);
            m[$"test_accuracy_{name}"] = Mean(t => t.Column(MetricColumns.TestAccuracy)[^1]);
            m[$"loss_ratio_{name}"] = Mean(t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]);
            m[$"test_accuracy_se_{name}"] = g == null ? double.NaN : Stat.Of(g.Trials.Select(t => t.Column(MetricColumns.TestAccuracy)[^1])).Sd / Math.Sqrt(g.Trials.Count);
        }
        return m;
    }

    /// <summary>K, the classes part 1 was trained on: d_y outputs of one-hot targets, or 2 for ±1 labels (one output).</summary>
    public static int Classes(SweepData fit)
    {
        double outputs = fit.Groups.SelectMany(g => g.Trials).Select(t => t.Number("outputs")).FirstOrDefault(double.NaN);
        return outputs > 1 ? (int)outputs : 2;
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Test accuracy that counts as "far above chance" for K classes.</summary>
    public static double Generalizes(int classes) => 1.0 / classes + GeneralizesMargin * (1 - 1.0 / classes);

    /// <summary>Sources, as THEORY.md §3 and §3.1 mark them.</summary>
    private const string Abstract = "Kawaguchi & Huang 2019, abstract [S]: networks with the trainability guarantee \"generalize well … with a natural dataset but not a random dataset\"",
        Secondary = "a secondary description of the paper's experiments (THEORY.md §3.1): ResNet-18 fits random labels and random inputs to 100% training accuracy",
        AllLayers = "THEORY.md §3.1 [C]: the abstract's \"linearly\" with every layer trained is our extension, not the paper's claim";

    /// <summary>
    /// "With the trainability guarantee" (THEORY.md §3.1): the nets of part 1 have m_H ≥ n hidden units in their last
    /// hidden layer, so rank Φ = n for generic inputs. The generalization claims are judged only with it.
    /// </summary>
    private static ClaimTest Guarantee(double widthOverN) => new(new Criterion("m_H / n (rank Φ = n needs m_H ≥ n)", "the trained nets", 1, double.PositiveInfinity), [widthOverN]);

    /// <summary>Part 1: every data set is fitted; only natural data generalizes (chance = 1/K).</summary>
    public static IReadOnlyList<Claim> Fit(SweepData fit)
    {
        var first = fit.Trials.FirstOrDefault()?.Settings;
        double ratio = first != null && first.TryGetValue("width", out var m) && first.TryGetValue("n", out var n)
            ? double.Parse(m, CultureInfo.InvariantCulture) / double.Parse(n, CultureInfo.InvariantCulture) : double.NaN;
        // The output layer alone reports rank Φ of each run: the guarantee is then checked, not only implied by m_H ≥ n.
        var ranks = fit.Done.Where(t => t.Summary["least_squares"] != null).Select(t => t.Number("least_squares", "feature_rank") / t.Number("settings", "n")).ToList();
        return Fit(FitMeasures(fit), Classes(fit), ratio, ranks.Count == 0 ? double.NaN : ranks.Min());
    }

    /// <summary>
    /// Part 1 from its measurements (<see cref="FitMeasures"/>), the number of classes K, m_H/n and, where the runs report
    /// it (the output layer alone), the smallest rank Φ/n over them (NaN: not reported). "Far above chance" is test accuracy
    /// in [1/K + 0.6(1 − 1/K), 1]; "at chance" is the two-sided [1/K − 0.2/K, 1/K + 0.2/K], fixed before the run.
    /// </summary>
    public static IReadOnlyList<Claim> Fit(IReadOnlyDictionary<string, double> m, int classes, double widthOverN, double rankOverN = double.NaN)
    {
        ClaimTest[] guarantee = double.IsNaN(rankOverN) ? [Guarantee(widthOverN)]
            : [Guarantee(widthOverN), new ClaimTest(new Criterion("rank Φ / n", "every trained net (smallest)", 1, 1), [rankOverN])];
        double chance = 1.0 / classes, band = ChanceBand * chance, generalizes = Generalizes(classes);
        string[] kinds = ["natural", "random_labels", "random_inputs"];
        Dictionary<string, double> Pick(string prefix) => kinds.ToDictionary(k => $"{prefix}_{k}", k => m[$"{prefix}_{k}"]);
        var train = Pick("train_accuracy");
        foreach (var k in kinds) train[$"loss_ratio_{k}"] = m[$"loss_ratio_{k}"];
        var atChance = Criterion.Around("test accuracy", "mean over seeds", chance, band);
        return
        [
            Claim.Of("all_data_fitted", "GD fits natural data, random labels and random inputs alike: 100% training accuracy at the same size",
                ClaimKind.Reading, Secondary, new Criterion("train accuracy", "each data set, mean over seeds", 1, 1), [.. kinds.Select(k => m[$"train_accuracy_{k}"])], train),
            new("natural_generalizes", $"natural data generalizes on nets with the guarantee (m_H ≥ n): test accuracy far above chance 1/{classes}",
                ClaimKind.Paper, Abstract,
                [new ClaimTest(new Criterion("test accuracy, natural data", "mean over seeds", generalizes, 1), [m["test_accuracy_natural"]]), .. guarantee],
                new Dictionary<string, double> { ["test_accuracy_natural"] = m["test_accuracy_natural"], ["classes"] = classes, ["width_over_n"] = widthOverN, ["rank_over_n"] = rankOverN }),
            new("random_does_not_generalize", $"random data does not: the mean test accuracy over seeds is at chance 1/{classes} (within {F(band)}), for random labels and for random inputs",
                ClaimKind.Paper, Abstract,
                [new ClaimTest(atChance, [m["test_accuracy_random_labels"], m["test_accuracy_random_inputs"]]), .. guarantee],
                new Dictionary<string, double>
                {
                    ["test_accuracy_random_labels"] = m["test_accuracy_random_labels"], ["test_accuracy_se_random_labels"] = m["test_accuracy_se_random_labels"],
                    ["test_accuracy_random_inputs"] = m["test_accuracy_random_inputs"], ["test_accuracy_se_random_inputs"] = m["test_accuracy_se_random_inputs"],
                    ["width_over_n"] = widthOverN,
                }),
        ];
    }

    /// <summary>
    /// What the searches measured that the claims read: the every-layer fits of P*(n) with their bootstrap intervals over
    /// sizes and seeds, random labels (the primary series) at the final and at the base budget, true labels; P*/n and the
    /// parameters past the input layer (P* − D·m*)/n at each size (random labels); how many sizes have an undecided run
    /// below their m* at the step cap; and Theorem 5.1's count at the largest n.
    /// </summary>
    public sealed record SearchMeasures(PowerFit AllRandom, PowerFit AllTrue, PowerFit AllRandomBase, double TheoremExponent, double LargestN,
        double ParamsStar, double TheoremParams, int UndecidedSizes = 0, IReadOnlyList<double>? ParamsOverN = null, IReadOnlyList<double>? HiddenOverN = null);

    /// <summary>Part 2, from the searches (all-random, all-true, in that order).</summary>
    public static IReadOnlyList<Claim> Searches(IReadOnlyList<ThresholdResult> searches)
    {
        if (searches.Count != 2) return [];
        var (allRandom, allTrue) = (searches[0], searches[1]);
        var largest = allRandom.Sizes.LastOrDefault(s => s.ParamsStar != null);
        int d = allRandom.Spec.Base.TryGetValue("project", out var p) && int.TryParse(p, CultureInfo.InvariantCulture, out int dp) && dp > 0 ? dp : 0;
        var found = allRandom.Sizes.Where(s => s.ParamsStar != null && s.Threshold.MStar != null).ToList();
        // A run still falling at the cap, below a size's m*, could lower that m*: the verdict then waits for a larger cap.
        int undecided = allRandom.Sizes.Count(s => allRandom.FinalRuns.Any(r => r.N == s.N && r.Undecided && (s.Threshold.MStar is not { } m || r.Width < m)));
        return Searches(new SearchMeasures(allRandom.ParamsFit, allTrue.ParamsFit, allRandom.BaseParamsFit, allRandom.TheoryFit.Exponent,
            largest?.N ?? double.NaN, largest?.ParamsStar ?? double.NaN, largest?.Theory.RequiredParameters ?? double.NaN, undecided,
            [.. found.Select(s => s.ParamsStar!.Value / (double)s.N)],
            d > 0 ? [.. found.Select(s => (s.ParamsStar!.Value - (double)d * s.Threshold.MStar!.Value) / s.N)] : null));
    }

    /// <summary>"Linear" with every layer trained (our extension): both ends of the exponent's 95% interval in this.</summary>
    public static readonly (double Low, double High) LinearExponent = (0.8, 1.2);

    /// <summary>Part 2's claims from its measurements.</summary>
    public static IReadOnlyList<Claim> Searches(SearchMeasures s)
    {
        var f = s.AllRandom;
        var measured = new Dictionary<string, double>
        {
            ["params_exponent"] = f.Exponent,
            ["params_exponent_ci_low"] = f.SizesCiLow,
            ["params_exponent_ci_high"] = f.SizesCiHigh,
            ["params_exponent_base_budget"] = s.AllRandomBase.Exponent,
            ["params_exponent_base_budget_ci_low"] = s.AllRandomBase.SizesCiLow,
            ["params_exponent_base_budget_ci_high"] = s.AllRandomBase.SizesCiHigh,
            ["params_exponent_true_labels"] = s.AllTrue.Exponent,
            ["params_exponent_true_labels_ci_low"] = s.AllTrue.SizesCiLow,
            ["params_exponent_true_labels_ci_high"] = s.AllTrue.SizesCiHigh,
            ["theorem_width_exponent"] = s.TheoremExponent,
            ["undecided_sizes"] = s.UndecidedSizes,
        };
        if (s.ParamsOverN is { Count: > 0 } pn) (measured["params_over_n_min"], measured["params_over_n_max"]) = (pn.Min(), pn.Max());
        if (s.HiddenOverN is { Count: > 0 } hn) (measured["params_past_input_over_n_min"], measured["params_past_input_over_n_max"]) = (hn.Min(), hn.Max());
        return
        [
            new("params_linear_in_n", $"with every layer trained, the parameters GD needs to reach L ≤ εL(0) on random labels grow linearly in n: both ends of the 95% interval (sizes and seeds resampled) of the exponent of P*(n) in [{F(LinearExponent.Low)}, {F(LinearExponent.High)}], with no run that is still falling at the step cap below any size's m* (else not decided)",
                ClaimKind.Extension, AllLayers,
                [
                    // While a run below some m* is still falling at the cap, that m* may be lower, and so may the exponent: the
                    // budget would decide the verdict, so there is none (NaN: not measured), either way. The measured
                    // exponent stays in "measured".
                    new ClaimTest(new Criterion("exponent of P*(n), 95% bootstrap interval over sizes and seeds", "both ends, random labels", LinearExponent.Low, LinearExponent.High),
                        s.UndecidedSizes == 0 ? [f.SizesCiLow, f.SizesCiHigh] : [double.NaN, double.NaN]),
                    new ClaimTest(new Criterion("sizes with an undecided run below m* at the step cap", "every n", 0, 0), [s.UndecidedSizes == 0 ? 0 : double.NaN]),
                ],
                measured),
            Claim.Of("far_below_theorem", $"the measured P* is far below the parameters Du et al. ICML 2019 Theorem 5.1 asks for on the same data (constants set to 1); no feasible size could make it false",
                ClaimKind.Illustration, "Kawaguchi & Huang 2019's Table 1 compares with prior theories (secondary)", new Criterion("theorem params / P*", "the largest n, random labels", FarBelow, double.PositiveInfinity),
                [s.TheoremParams / s.ParamsStar],
                new Dictionary<string, double> { ["n"] = s.LargestN, ["params_star"] = s.ParamsStar, ["theorem_params"] = s.TheoremParams, ["ratio"] = s.TheoremParams / s.ParamsStar }),
        ];
    }

    /// <summary>Every claim of the reproduction: part 1's (two classes, every layer), the ten-class part's (ids ending in
    /// <see cref="TenSuffix"/>), the searches', the last-layer grid's (<see cref="Kawaguchi2019GridClaims"/>).</summary>
    public static IReadOnlyList<Claim> All(SweepData fit, SweepData ten, SweepData grid, IReadOnlyList<ThresholdResult> searches) =>
        [.. Fit(fit), .. Fit(ten).Select(c => c with { Id = c.Id + TenSuffix, Statement = "ten classes, output layer alone: " + c.Statement }),
         .. Searches(searches), .. Kawaguchi2019GridClaims.All(grid)];

    /// <summary>The ten-class part's claim ids end in this.</summary>
    public const string TenSuffix = "_ten_classes";
}
