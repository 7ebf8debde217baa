using OverParam.Reproductions;
using OverParam.Thresholds;

namespace OverParam.Tests.Reporting;

/// <summary>
/// Every claim of every reproduction, fed a constructed outcome where it is true and one where it is false (the negative
/// control): a claim whose evaluator cannot be made to say "does not hold" is an illustration, and says so. The
/// evaluators are the same functions the reproductions call on their measurements.
/// </summary>
public class ClaimNegativeControlTests
{
    private static IReadOnlyDictionary<string, bool?> Verdicts(IEnumerable<Claim> claims) => claims.ToDictionary(c => c.Id, c => c.Holds);

    [Fact]
    public void A_criterion_is_an_interval_fixed_before_the_run_and_nan_is_not_measured()
    {
        var smaller = Criterion.Smaller("a/b", "x");
        Assert.True(smaller.Contains(0) && smaller.Contains(0.999) && !smaller.Contains(1) && !smaller.Contains(-0.1) && !smaller.Contains(double.NaN));
        Assert.Equal("[0, 1)", smaller.Interval);
        Assert.Equal("[0.95, 1.05]", Criterion.Around("e", "x", 1, 0.05).Interval);
        Assert.True(Criterion.Around("e", "x", 1, 0.05).TwoSided);
        Assert.False(new Criterion("e", "x", 1, double.PositiveInfinity).TwoSided);
        Assert.Null(new ClaimTest(smaller, []).Holds);
        Assert.Null(new ClaimTest(smaller, [0.5, double.NaN]).Holds);
        // One test false decides the claim even when another was not measured.
        var claim = new Claim("c", "s", ClaimKind.Paper, "src", [new ClaimTest(smaller, [2]), new ClaimTest(smaller, [double.NaN])], new Dictionary<string, double>());
        Assert.False(claim.Holds);
        Assert.Equal("DOES NOT HOLD", claim.Verdict);
    }

    [Fact]
    public void The_headline_counts_the_papers_claims_and_readings_names_extensions_apart_and_never_counts_illustrations()
    {
        Claim Of(string id, ClaimKind kind, double v) => Claim.Of(id, id, kind, "src", Criterion.Smaller("q", "x"), [v], new Dictionary<string, double>());
        var claims = new[] { Of("a", ClaimKind.Paper, 0.5), Of("b", ClaimKind.Reading, 2), Of("c", ClaimKind.Extension, 0.5), Of("d", ClaimKind.Illustration, 0.5), Of("e", ClaimKind.Paper, double.NaN) };
        string headline = OverParam.Reproductions.Claims.Headline(claims);
        Assert.Equal("claims (the paper's and our readings): 1 of 3 hold (1 not decided); our extensions: 1 of 1 hold; 1 illustration, shown and not tested", headline);
        var json = System.Text.Json.Nodes.JsonNode.Parse(OverParam.Experiments.Json.Write(ClaimsFile.Of("r", claims)))!;
        Assert.Null(json["claims"]![4]!["holds"]);
        Assert.Equal("illustration", (string)json["claims"]![3]!["kind"]!);
        Assert.Equal([0.0, 1.0], json["claims"]![0]!["criterion"]![0]!["interval"]!.AsArray().Select(v => (double)v!));
        Assert.Contains("DOES NOT HOLD", OverParam.Reproductions.Claims.Table(claims).Replace(">no<", "DOES NOT HOLD"));
    }

    [Fact]
    public void Du2019_trends_fail_when_one_wider_width_is_worse()
    {
        Du2019Reproduction.WidthPoint P(int m, double rate, double patterns, double dist) => new(m, rate, patterns, dist);
        var good = Verdicts(Du2019Reproduction.Claims([P(50, 0.9, 0.3, 2), P(200, 0.8, 0.1, 1), P(1000, 0.7, 0.05, 0.5)]));
        Assert.All(good.Values, v => Assert.True(v));
        var bad = Verdicts(Du2019Reproduction.Claims([P(50, 0.9, 0.3, 2), P(200, 0.95, 0.4, 2.5), P(1000, 0.7, 0.05, 0.5)]));
        Assert.All(bad.Values, v => Assert.False(v));
        Assert.All(Du2019Reproduction.Claims([P(50, 0.9, 0.3, 2)]), c => Assert.Null(c.Holds)); // one width: nothing to compare
    }

    [Fact]
    public void Du2019_deep_fails_for_an_exponential_resnet_and_an_fc_that_keeps_its_eigenvalue()
    {
        (double, double)[] Poly(double c) => [(1, c), (2, c / 4), (4, c / 16), (8, c / 64)]; // λ ∝ H⁻²: slope −2
        (double, double)[] Exp(double c) => [(1, c), (2, c / 10), (4, c / 1e3), (8, c / 1e7)];
        var good = Verdicts(Du2019DeepReproduction.Claims(Exp(1), Poly(1), Poly(1)));
        Assert.All(good.Values, v => Assert.True(v));
        var bad = Verdicts(Du2019DeepReproduction.Claims(Poly(1), Exp(1), Exp(1)));
        Assert.All(bad.Values, v => Assert.False(v));
    }

    [Fact]
    public void Arora2019_fails_when_random_labels_fit_as_fast_move_as_little_and_generalize()
    {
        var teacher = (LossRatio: 0.007, Rate: 0.95, Movement: 1.15, TestError: 0.10);
        var random = (LossRatio: 0.23, Rate: 0.99, Movement: 2.36, TestError: 1.8);
        Assert.All(Arora2019Reproduction.Claims(teacher, random), c => Assert.True(c.Holds, c.Id));
        Assert.All(Arora2019Reproduction.Claims(random, teacher), c => Assert.False(c.Holds, c.Id));
        var generalizing = Verdicts(Arora2019Reproduction.Claims(teacher, random with { TestError = 0.3 }));
        Assert.False(generalizing["structured_generalizes"]);
    }

    [Fact]
    public void Arora2019_natural_fails_when_the_measure_does_not_track_noise_and_random_labels_generalize()
    {
        static Arora2019NaturalReproduction.Level L(double noise, double loss, double move, double error, double complexity) => new(noise, loss, move, error, 1, complexity);
        var good = new[] { L(0, 0.04, 0.75, 0.03, 1.7), L(0.4, 0.2, 0.9, 0.2, 3), L(0.8, 0.5, 1.0, 0.45, 4.5), L(1, 0.58, 1.08, 0.52, 5.3) };
        Assert.All(Arora2019NaturalReproduction.Claims(good), c => Assert.True(c.Holds, c.Id));
        var bad = new[] { L(0, 0.6, 1.2, 0.3, 5), L(0.4, 0.2, 0.9, 0.2, 3), L(0.8, 0.5, 1.0, 0.1, 4.5), L(1, 0.58, 1.08, 0.1, 1) };
        Assert.All(Arora2019NaturalReproduction.Claims(bad), c => Assert.False(c.Holds, c.Id));
    }

    private static Dictionary<string, double> FitMeasures(double natural, double randomLabels, double randomInputs, double train = 1)
    {
        var m = new Dictionary<string, double>();
        foreach (var (k, v) in new[] { ("natural", natural), ("random_labels", randomLabels), ("random_inputs", randomInputs), ("random_inputs_true_labels", randomInputs) })
        {
            m[$"train_accuracy_{k}"] = train;
            m[$"test_accuracy_{k}"] = v;
            m[$"loss_ratio_{k}"] = 1e-3;
            m[$"test_accuracy_se_{k}"] = 0.01;
        }
        return m;
    }

    [Fact]
    public void Kawaguchi_part_one_fails_for_a_random_net_that_generalizes_a_natural_net_at_chance_an_unfitted_set_and_no_guarantee()
    {
        Assert.All(Kawaguchi2019Claims.Fit(FitMeasures(0.95, 0.47, 0.55), 2, 1.28), c => Assert.True(c.Holds, c.Id));
        var v = Verdicts(Kawaguchi2019Claims.Fit(FitMeasures(0.55, 0.8, 0.55, train: 0.97), 2, 1.28));
        Assert.False(v["all_data_fitted"]);
        Assert.False(v["natural_generalizes"]);
        Assert.False(v["random_does_not_generalize"]);
        Assert.False(Verdicts(Kawaguchi2019Claims.Fit(FitMeasures(0.95, 0.35, 0.5), 2, 1.28))["random_does_not_generalize"]); // below chance is not at chance
        var small = Verdicts(Kawaguchi2019Claims.Fit(FitMeasures(0.95, 0.47, 0.55), 2, 0.32)); // m_H = 64 < n = 200: no guarantee
        Assert.False(small["natural_generalizes"]);
        Assert.False(small["random_does_not_generalize"]);
        Assert.True(small["all_data_fitted"]);
    }

    private static Kawaguchi2019Claims.SearchMeasures Searches(PowerFit random, double theorem, int undecided = 0) =>
        new(random, random, random, 6, 800, 1e4, theorem, undecided);

    private static PowerFit Fit(double e, double lo, double hi) => new(e, 1, double.NaN, double.NaN, 5, 0, lo, hi, 200);

    [Fact]
    public void Kawaguchi_part_two_fails_for_a_superlinear_or_too_wide_exponent_and_a_theorem_close_to_the_measure()
    {
        Assert.All(Kawaguchi2019Claims.Searches(Searches(Fit(1, 0.9, 1.1), 1e30)), c => Assert.True(c.Holds, c.Id));
        var v = Verdicts(Kawaguchi2019Claims.Searches(Searches(Fit(1.79, 1.5, 2.0), 1e5)));
        Assert.False(v["params_linear_in_n"]);
        Assert.False(v["far_below_theorem"]);
        // Touching the interval is not lying inside it: 0.85 [0.74, 1.07] does not show linearity.
        Assert.False(Verdicts(Kawaguchi2019Claims.Searches(Searches(Fit(0.85, 0.74, 1.07), 1e30)))["params_linear_in_n"]);
        Assert.All(Kawaguchi2019Claims.Searches(Searches(PowerFit.None, double.NaN)), c => Assert.Null(c.Holds));
        // A run still falling at the step cap below some m*: undecided, neither holds nor fails, whatever the exponent
        // (a lower m* at that size would move it).
        Assert.Null(Verdicts(Kawaguchi2019Claims.Searches(Searches(Fit(1, 0.9, 1.1), 1e30, undecided: 1)))["params_linear_in_n"]);
        Assert.Null(Verdicts(Kawaguchi2019Claims.Searches(Searches(Fit(1.79, 1.5, 2.0), 1e30, undecided: 1)))["params_linear_in_n"]);
    }

    /// <summary>A grid of the theorem's setting where every claim holds: m* = n, floors below it, the cost peaking at it.</summary>
    private static List<GridRun> GoodGrid()
    {
        var runs = new List<GridRun>();
        foreach (int outputs in new[] { 1, 10 })
            foreach (int n in new[] { 25, 50, 100, 200, 400, 800 })
                foreach (double ratio in Kawaguchi2019Reproduction.GridRatios)
                    for (int seed = 0; seed < 5; seed++)
                    {
                        int m = Kawaguchi2019Reproduction.GridWidth(ratio, n);
                        double steps = m == n ? 1e9 : 1e4 / Math.Abs(ratio - 1) + seed;
                        runs.Add(new GridRun(outputs, n, m, seed, Math.Min(m, n), m < n ? 0.5 * (n - m) / n : 0, 0.1, 0, 1e-13, steps, 1e3, m < n ? 1e-17 : 1e-4));
                    }
        return runs;
    }

    [Fact]
    public void Kawaguchi_last_layer_grid_fails_for_a_threshold_off_n_a_superlinear_threshold_a_floor_undershot_or_a_cost_peak_elsewhere()
    {
        var good = GoodGrid();
        Assert.All(Kawaguchi2019GridClaims.All(good), c => Assert.True(c.Holds, c.Id));
        IReadOnlyDictionary<string, bool?> V(IEnumerable<GridRun> runs) => Verdicts(Kawaguchi2019GridClaims.All([.. runs]));
        // m* = 1.1n at one seed: rank short of n at m = n.
        Assert.False(V(good.Select(r => r is { N: 200, Seed: 3, Outputs: 1 } && r.Width == 200 ? r with { Rank = 199 } : r))["last_layer_needs_n"]);
        // m* = 1.1n at the largest sizes for every seed: the exponent's interval leaves [0.95, 1.05] (and m*/n too).
        var superlinear = good.Select(r => r.N >= 400 && r.Width == r.N ? r with { Rank = r.N - 1 } : r).ToList();
        var fit = GridThreshold.Exponent([.. GridThreshold.PerSeed(superlinear).Where(p => p.Outputs == 1).Select(p => ((double)p.N, p.MStar))]);
        Assert.True(fit.CiHigh > 1.05, $"exponent {fit.Exponent} [{fit.CiLow}, {fit.CiHigh}]");
        Assert.False(V(superlinear)["last_layer_needs_n"]);
        // Nothing on the grid reaches rank n: m* is not there, which is false, not "not measured".
        Assert.False(V(good.Select(r => r.N == 25 ? r with { Rank = Math.Min(r.Rank, 24) } : r))["last_layer_needs_n"]);
        // The floor claim: GD under L*, never reaching it, off its closed form, a floor above n, none below.
        foreach (var bad in new Func<GridRun, GridRun>[]
        {
            r => r is { N: 100, Width: 50 } ? r with { LowestAboveFloor = -1e-3 } : r,
            r => r is { N: 100, Width: 90 } ? r with { StepsToFloor = double.PositiveInfinity } : r,
            r => r is { N: 25, Width: 100 } ? r with { TrajectoryError = 1e-6 } : r,
            r => r is { N: 200, Width: 800 } ? r with { Rank = 199 } : r,
            r => r is { N: 200, Width: 200 } ? r with { FloorRatio = 1e-3 } : r,
            r => r is { N: 50, Width: 25 } ? r with { FloorRatio = 0 } : r,
        })
            Assert.False(V(good.Select(bad))["floor_is_least_squares"]);
        // The cost peaks at 1.1n instead of n at one size.
        Assert.False(V(good.Select(r => r is { N: 400 } && r.Width == 440 ? r with { StepsToFloor = 2e9 } : r))["cost_peaks_at_n"]);
        Assert.Empty(Kawaguchi2019GridClaims.All([]));
    }

    [Fact]
    public void Jentzen_fails_for_a_singular_bias_kernel_a_net_under_its_floor_a_removed_duplicate_floor_and_v1_above_its_envelope()
    {
        var good = new Jentzen2021Claims.Measures(BiasSingularity: 1e12, NoBiasRank: 2, BiasEnvelope: 1, BiasLossRatio: 1.2e-5, NoBiasFloor: 0.9,
            NoBiasFinal: 1.0000001, NoBiasLowest: 1, DuplicateSingularity: 0.04, DuplicateFinal: 1.007, DuplicateLowest: 1.005,
            IndependentAngle: 20, IndependentEnvelope: 1, IndependentLossRatio: 1e-28);
        Assert.All(Jentzen2021Claims.Evaluate(good), c => Assert.True(c.Holds, c.Id));
        var bad = Verdicts(Jentzen2021Claims.Evaluate(good with
        {
            BiasSingularity = 0.5,          // H∞ of (x, 1) numerically singular
            NoBiasFinal = 0.8,              // the net without biases went below its floor
            DuplicateLowest = 0.5,          // the duplicate's floor was crossed
            IndependentEnvelope = 11,       // above the envelope (random circle points 2° apart did this)
        }));
        Assert.All(bad.Values, v => Assert.False(v));
        Assert.False(Verdicts(Jentzen2021Claims.Evaluate(good with { NoBiasRank = 10 }))["distinct_inputs_suffice_with_biases"]);
        Assert.False(Verdicts(Jentzen2021Claims.Evaluate(good with { BiasLossRatio = 0.03 }))["biases_converge_without_them_a_floor"]);
        Assert.False(Verdicts(Jentzen2021Claims.Evaluate(good with { DuplicateSingularity = 1e6 }))["duplicate_inputs_have_a_floor"]);
        Assert.False(Verdicts(Jentzen2021Claims.Evaluate(good with { IndependentAngle = 0 }))["v1_pairwise_independent_converges"]); // a parallel pair
    }
}
