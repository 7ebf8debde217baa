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

    /// <summary>The threshold of the output layer alone on random labels, m*/n, must lie within this of
    /// <see cref="PredictedLastLayerRatio"/>: the prediction is an expectation (labels independent of the features) and
    /// the bisection stops within 5%.</summary>
    public const double AtN = 0.1;

    /// <summary>
    /// m*/n that the optimum criterion L* ≤ εL(0) gives on random labels, independent of the features Φ: the least squares
    /// on an m-dimensional range leaves E‖(I − P_Φ)Y‖² ≥ (n − m)·v of the targets, with v the variance a point's target
    /// row carries (1 for ±1 labels; 1 − 1/K for one-hot rows of K classes, whose column means 1/K the constant direction
    /// may absorb). So m*/n ≈ 1 − 2εL(0)/(n·v), floored at 0: close to 1 for ±1 labels (L(0) ≈ n), lower for one-hot
    /// targets, whose L(0) also counts the d_y random initial outputs of every point.
    /// </summary>
    /// <param name="epsilon">ε of the criterion.</param>
    /// <param name="initialLoss">L(0), the mean over the runs at m*.</param>
    /// <param name="n">n.</param>
    /// <param name="outputs">d_y: 1 for ±1 labels, K for one-hot.</param>
    public static double PredictedLastLayerRatio(double epsilon, double initialLoss, int n, int outputs)
    {
        double v = outputs == 1 ? 1 : 1 - 1.0 / outputs;
        return Math.Max(0, 1 - 2 * epsilon * initialLoss / (n * v));
    }

    /// <summary>L* counts as zero below this fraction of L(0): the least-squares residual is a sum of n·ε·λ_max-sized terms.</summary>
    public const double ZeroLoss = 1e-9;

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
            m[$"train_accuracy_{name}"] = Mean(t => t.Column("train_accuracy")[^1]);
            m[$"test_accuracy_{name}"] = Mean(t => t.Column("test_accuracy")[^1]);
            m[$"loss_ratio_{name}"] = Mean(t => t.Column("loss")[^1] / t.Column("loss")[0]);
            m[$"test_accuracy_se_{name}"] = g == null ? double.NaN : Stat.Of(g.Trials.Select(t => t.Column("test_accuracy")[^1])).Sd / Math.Sqrt(g.Trials.Count);
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
        LastLayer = "THEORY.md §3.1 [C, two secondary sources]: with the output layer alone, \"trainable parameters linear in n\" is a theorem: m_H ≥ n",
        RankLemma = "THEORY.md §3.1 [C]: our last-layer rank lemma (m_H < n ⇒ rank Φ < n ⇒ a floor ½‖(I − P_Φ)Y‖² > 0), not the paper's lower bound",
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
        return Fit(FitMeasures(fit), Classes(fit), ratio);
    }

    /// <summary>
    /// Part 1 from its measurements (<see cref="FitMeasures"/>), the number of classes K and m_H/n. "Far above chance" is
    /// test accuracy in [1/K + 0.6(1 − 1/K), 1]; "at chance" is the two-sided [1/K − 0.2/K, 1/K + 0.2/K], fixed before the run.
    /// </summary>
    public static IReadOnlyList<Claim> Fit(IReadOnlyDictionary<string, double> m, int classes, double widthOverN)
    {
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
                [new ClaimTest(new Criterion("test accuracy, natural data", "mean over seeds", generalizes, 1), [m["test_accuracy_natural"]]), Guarantee(widthOverN)],
                new Dictionary<string, double> { ["test_accuracy_natural"] = m["test_accuracy_natural"], ["classes"] = classes, ["width_over_n"] = widthOverN }),
            new("random_does_not_generalize", $"random data does not: the mean test accuracy over seeds is at chance 1/{classes} (within {F(band)}), for random labels and for random inputs",
                ClaimKind.Paper, Abstract,
                [new ClaimTest(atChance, [m["test_accuracy_random_labels"], m["test_accuracy_random_inputs"]]), Guarantee(widthOverN)],
                new Dictionary<string, double>
                {
                    ["test_accuracy_random_labels"] = m["test_accuracy_random_labels"], ["test_accuracy_se_random_labels"] = m["test_accuracy_se_random_labels"],
                    ["test_accuracy_random_inputs"] = m["test_accuracy_random_inputs"], ["test_accuracy_se_random_inputs"] = m["test_accuracy_se_random_inputs"],
                    ["width_over_n"] = widthOverN,
                }),
        ];
    }

    /// <summary>
    /// What the four searches measured that the claims read: the every-layer exponent of P*(n) (true labels) with its
    /// bootstrap interval, the other searches' exponents, the output layer's m*/n on random labels with its prediction
    /// and the exponent of m* with its interval, and Theorem 5.1's count at the largest n.
    /// </summary>
    public sealed record SearchMeasures(PowerFit AllTrue, PowerFit AllRandom, PowerFit LastTrue, PowerFit LastRandomWidth, double TheoremExponent,
        IReadOnlyList<double> LastRatios, IReadOnlyList<double> LastPredicted, double LargestN, double ParamsStar, double TheoremParams);

    /// <summary>Part 2, from the four searches (all-true, all-random, last-true, last-random, in that order).</summary>
    public static IReadOnlyList<Claim> Searches(IReadOnlyList<ThresholdResult> searches)
    {
        if (searches.Count != 4) return [];
        var (allTrue, allRandom, lastRandom) = (searches[0], searches[1], searches[3]);
        var largest = allTrue.Sizes.LastOrDefault(s => s.ParamsStar != null);
        var ratios = lastRandom.Sizes.Select(s => s.Threshold.MStar is { } ms ? ms / (double)s.N : double.NaN).ToArray();
        var predicted = lastRandom.Sizes.Select(s =>
        {
            var at = lastRandom.Runs.Where(r => r.N == s.N && r.Width == s.Threshold.MStar).ToList();
            return at.Count == 0 ? double.NaN
                : PredictedLastLayerRatio(lastRandom.Spec.Tolerance, at.Average(r => r.InitialLoss), s.N, (int)(at[0].Parameters / at[0].Width));
        }).ToArray();
        return Searches(new SearchMeasures(allTrue.ParamsFit, allRandom.ParamsFit, searches[2].ParamsFit, lastRandom.WidthFit, allTrue.TheoryFit.Exponent,
            ratios, predicted, largest?.N ?? double.NaN, largest?.ParamsStar ?? double.NaN, largest?.Theory.RequiredParameters ?? double.NaN));
    }

    /// <summary>"Linear" with every layer trained (our extension): both ends of the exponent's 95% interval in this.</summary>
    public static readonly (double Low, double High) LinearExponent = (0.8, 1.2);

    /// <summary>m* = n with the output layer alone: both ends of the exponent's 95% interval in this.</summary>
    public static readonly (double Low, double High) UnitExponent = (0.95, 1.05);

    /// <summary>Part 2's claims from its measurements.</summary>
    public static IReadOnlyList<Claim> Searches(SearchMeasures s)
    {
        var f = s.AllTrue;
        return
        [
            Claim.Of("params_linear_in_n", $"with every layer trained, the parameters GD needs to reach L ≤ εL(0) grow linearly in n: both ends of the 95% interval of the exponent of P*(n) in [{F(LinearExponent.Low)}, {F(LinearExponent.High)}]",
                ClaimKind.Extension, AllLayers, new Criterion("exponent of P*(n), 95% bootstrap interval", "both ends, true labels", LinearExponent.Low, LinearExponent.High),
                [f.CiLow, f.CiHigh],
                new Dictionary<string, double>
                {
                    ["params_exponent"] = f.Exponent, ["params_exponent_ci_low"] = f.CiLow, ["params_exponent_ci_high"] = f.CiHigh,
                    ["params_exponent_random_labels"] = s.AllRandom.Exponent, ["params_exponent_last_true"] = s.LastTrue.Exponent,
                    ["width_exponent_last_random"] = s.LastRandomWidth.Exponent, ["theorem_width_exponent"] = s.TheoremExponent,
                }),
            Claim.Of("far_below_theorem", $"the measured P* is far below the parameters Du et al. ICML 2019 Theorem 5.1 asks for on the same data (constants set to 1); no feasible size could make it false",
                ClaimKind.Illustration, "Kawaguchi & Huang 2019's Table 1 compares with prior theories (secondary)", new Criterion("theorem params / P*", "the largest n", FarBelow, double.PositiveInfinity),
                [s.TheoremParams / s.ParamsStar],
                new Dictionary<string, double> { ["n"] = s.LargestN, ["params_star"] = s.ParamsStar, ["theorem_params"] = s.TheoremParams, ["ratio"] = s.TheoremParams / s.ParamsStar }),
            new("last_layer_needs_n", $"with the output layer alone, random (generic) labels are fitted from m* = n on: m*/n within {AtN} of 1 − 2εL(0)/(n·v) at every n (v = 1 for ±1 labels, 1 − 1/K for one-hot), and the exponent of m*(n) in [{F(UnitExponent.Low)}, {F(UnitExponent.High)}]",
                ClaimKind.Reading, LastLayer,
                [
                    new ClaimTest(Criterion.Around("m*/n − predicted", "every n", 0, AtN), [.. s.LastRatios.Zip(s.LastPredicted, (a, b) => a - b)]),
                    new ClaimTest(new Criterion("exponent of m*(n), 95% bootstrap interval", "both ends, random labels", UnitExponent.Low, UnitExponent.High), [s.LastRandomWidth.CiLow, s.LastRandomWidth.CiHigh]),
                ],
                new Dictionary<string, double>
                {
                    ["m_star_over_n_min"] = s.LastRatios.DefaultIfEmpty(double.NaN).Min(), ["m_star_over_n_max"] = s.LastRatios.DefaultIfEmpty(double.NaN).Max(),
                    ["predicted_min"] = s.LastPredicted.DefaultIfEmpty(double.NaN).Min(), ["predicted_max"] = s.LastPredicted.DefaultIfEmpty(double.NaN).Max(),
                    ["width_exponent_last_random"] = s.LastRandomWidth.Exponent,
                }),
        ];
    }

    /// <summary>Part 3 at one width, means over seeds (the booleans: over every seed).</summary>
    /// <param name="Width">m.</param>
    /// <param name="N">n.</param>
    /// <param name="Rank">rank Φ.</param>
    /// <param name="FloorRatio">L*/L(0).</param>
    /// <param name="Gap">(L(K) − L*)/(L(0) − L*) after the run's K steps.</param>
    /// <param name="LowestAboveFloor">min_k (L(k) − L*)/L(0) over the recorded steps (negative: GD went below L*).</param>
    /// <param name="TrajectoryError">max_k ‖r(k) − (I − ηΦΦᵀ)^k r(0)‖ / ‖(I − ηΦΦᵀ)^k r(0)‖ over the recorded steps.</param>
    /// <param name="StepsToFloor">The exact steps after which L(k) − L* ≤ 1% of L(0) − L* (+∞: never), the largest over seeds.</param>
    public sealed record FloorRow(int Width, int N, double Rank, double FloorRatio, double Gap, double LowestAboveFloor, double TrajectoryError, double StepsToFloor);

    /// <summary>Part 3 per width, in increasing width.</summary>
    public static IReadOnlyList<FloorRow> FloorRows(SweepData floor) =>
        [.. floor.Groups.Where(g => g.Key.ContainsKey("width")).Select(g =>
        {
            int m = int.Parse(g.Key["width"], CultureInfo.InvariantCulture);
            int n = (int)g.Trials[0].Number("settings", "n");
            double Mean(Func<TrialData, double> f) => g.Trials.Average(f);
            double Star(TrialData t) => t.Number("least_squares", "loss");
            return new FloorRow(m, n, Mean(t => t.Number("least_squares", "feature_rank")), Mean(t => Star(t) / t.Number("initial_loss")),
                Mean(t => (t.Number("final_loss") - Star(t)) / (t.Number("initial_loss") - Star(t))),
                g.Trials.Min(t => t.Column("loss").Min() - Star(t)) / g.Trials.Average(t => t.Number("initial_loss")),
                g.Trials.Max(t => t.Column("residual_gap").Zip(t.Column("kernel_residual"), (a, b) => b > 0 ? a / b : 0).Max()),
                g.Trials.Max(t => t.Number("least_squares", "steps_to_floor_gap") is var k && double.IsNaN(k) ? double.PositiveInfinity : k));
        }).OrderBy(r => r.Width)];

    /// <summary>GD on the output layer must follow its closed form to this relative error (float64 over thousands of steps).</summary>
    public const double TrajectoryTolerance = 1e-10;

    /// <summary>Part 3: the loss floor below m = n is the exact least-squares residual, which GD reaches; from m = n on it is zero.</summary>
    public static IReadOnlyList<Claim> Floor(SweepData floor) => Floor(FloorRows(floor));

    /// <summary>Part 3's claim from its rows: every test is judged at every width of its side of m = n.</summary>
    public static IReadOnlyList<Claim> Floor(IReadOnlyList<FloorRow> rows)
    {
        if (rows.Count == 0) return [];
        var below = rows.Where(r => r.Width < r.N).ToList();
        var above = rows.Where(r => r.Width >= r.N).ToList();
        var measured = new Dictionary<string, double>();
        foreach (var r in rows)
        {
            string m = r.Width.ToString(CultureInfo.InvariantCulture);
            measured[$"floor_ratio_m{m}"] = r.FloorRatio;
            measured[$"gap_after_budget_m{m}"] = r.Gap;
            measured[$"steps_to_floor_m{m}"] = r.StepsToFloor;
        }
        return
        [
            new("floor_is_least_squares", $"output layer alone, random labels: below m = n, rank Φ = m and the loss floor is the exact least-squares L* > 0, which GD reaches (within {F(FeatureLeastSquares.FloorGap)} of L(0) − L* after finitely many steps, counted exactly from the closed form) and never goes below; from m = n on, rank Φ = n and L* = 0; GD follows its closed form throughout",
                ClaimKind.Reading, RankLemma,
                [
                    new ClaimTest(new Criterion("rank Φ − min(m, n)", "every width", 0, 0), [.. rows.Select(r => r.Rank - Math.Min(r.Width, r.N))]),
                    new ClaimTest(new Criterion("L*/L(0)", "every m < n", ZeroLoss, double.PositiveInfinity, LowOpen: true), [.. below.Select(r => r.FloorRatio)]),
                    new ClaimTest(new Criterion("L*/L(0)", "every m ≥ n", 0, ZeroLoss), [.. above.Select(r => r.FloorRatio)]),
                    new ClaimTest(new Criterion("steps to within 1% of the floor (exact count)", "every m < n, every seed", 0, double.PositiveInfinity, HighOpen: true), [.. below.Select(r => r.StepsToFloor)]),
                    new ClaimTest(new Criterion("min_k (L(k) − L*)/L(0)", "every width", -ZeroLoss, double.PositiveInfinity), [.. rows.Select(r => r.LowestAboveFloor)]),
                    new ClaimTest(new Criterion("relative distance of GD from (I − ηΦΦᵀ)^k r(0)", "every recorded step, every width", 0, TrajectoryTolerance), [.. rows.Select(r => r.TrajectoryError)]),
                ],
                measured),
        ];
    }

    /// <summary>Every claim of the reproduction.</summary>
    public static IReadOnlyList<Claim> All(SweepData fit, SweepData floor, IReadOnlyList<ThresholdResult> searches) =>
        [.. Fit(fit), .. Searches(searches), .. Floor(floor)];
}
