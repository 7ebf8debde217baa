using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// The claims <c>reproduce jentzen2021</c> checks, each naming the version of arXiv 2102.11840 it comes from (THEORY.md
/// §4): v1 (pairwise linearly independent inputs) or v2 (pairwise distinct inputs, non-affine activation).
/// </summary>
public static class Jentzen2021Claims
{
    /// <summary>"Drives the loss to zero" within the run: L(K)/L(0) at most this (measured 1.2e-5 at n = 10, m = 50,000).</summary>
    public const double NearZero = 1e-3;

    /// <summary>"Stalls at the floor": L(K)/L* in [<see cref="Below"/>, this]: reached within 1%, and never undershot.</summary>
    public const double FloorReached = 1.01;

    /// <summary>L(k)/L* may dip below 1 by rounding only: the floor is exact (the net's function class lies in the kernel's range).</summary>
    public const double Below = 1 - 1e-9;

    /// <summary>What the three parts measured, worst over seeds where a bound is judged.</summary>
    /// <param name="BiasSingularity">Line data, H∞ of (x, 1): λ_min / (n·ε·λ_max); above 1 is numerically nonsingular.</param>
    /// <param name="NoBiasRank">Line data, H∞ of x alone: its numerical rank.</param>
    /// <param name="BiasEnvelope">Line data with biases: max over seeds and steps of L(k) / ((1 − ηλ0/2)^k L(0)).</param>
    /// <param name="BiasLossRatio">Line data with biases: max over seeds of L(K)/L(0).</param>
    /// <param name="NoBiasFloor">Line data without biases: L*/L(0), the kernel's least-squares floor ½Σ_{λ_j ≤ τ}(v_jᵀy)² over the mean L(0).</param>
    /// <param name="NoBiasFinal">Without biases: max over seeds of L(K)/L*.</param>
    /// <param name="NoBiasLowest">Without biases: min over seeds and steps of L(k)/L*.</param>
    /// <param name="DuplicateSingularity">Duplicate data, H∞ of (x, 1): λ_min / (n·ε·λ_max); at most 1 is numerically singular.</param>
    /// <param name="DuplicateFinal">Duplicate data with biases: max over seeds of L(K)/((Δy)²/4).</param>
    /// <param name="DuplicateLowest">Duplicate data: min over seeds and steps of L(k)/((Δy)²/4).</param>
    /// <param name="IndependentAngle">Circle data (d = 2): the smallest angle between two inputs' lines, degrees (&gt; 0: pairwise linearly independent).</param>
    /// <param name="IndependentEnvelope">Circle data with biases: max over seeds and steps of L(k)/envelope(k).</param>
    /// <param name="IndependentLossRatio">Circle data with biases: max over seeds of L(K)/L(0).</param>
    public sealed record Measures(double BiasSingularity, double NoBiasRank, double BiasEnvelope, double BiasLossRatio, double NoBiasFloor,
        double NoBiasFinal, double NoBiasLowest, double DuplicateSingularity, double DuplicateFinal, double DuplicateLowest,
        double IndependentAngle, double IndependentEnvelope, double IndependentLossRatio);

    private const string V1 = "Jentzen & Kröger, arXiv 2102.11840 v1 abstract [S]: pairwise linearly independent inputs, biases, linear convergence of the MSE to zero";
    private const string V2 = "arXiv 2102.11840 v2 abstract [S]: pairwise distinct inputs, non-affine activation; the Gram matrix of (x, 1) is THEORY.md §4's derived remark [C]";

    /// <summary>The claims from the three parts' sweeps; the kernels are computed again from each part's data.</summary>
    public static IReadOnlyList<Claim> All(SweepData line, SweepData duplicate, SweepData independent, ILinearAlgebra la) =>
        Evaluate(Measure(line, duplicate, independent, la));

    /// <summary>Every number the claims read, from the parts' trials and their data.</summary>
    public static Measures Measure(SweepData line, SweepData duplicate, SweepData independent, ILinearAlgebra la)
    {
        IReadOnlyList<TrialData> Runs(SweepData d, bool bias) => [.. d.Done.Where(t => t.Trial.Settings.GetValueOrDefault("bias") == (bias ? "true" : "false"))];
        var withBias = Runs(line, true);
        var without = Runs(line, false);
        var lineData = Data(line, la);
        var dupData = Data(duplicate, la);
        var circle = Data(independent, la);
        double floor = lineData?.NoBiasFloor ?? double.NaN;
        double dupFloor = dupData == null ? double.NaN : Jentzen2021Reproduction.DuplicateOffset * Jentzen2021Reproduction.DuplicateOffset / 4;
        return new Measures(
            lineData?.BiasSingularity ?? double.NaN, lineData?.NoBiasRank ?? double.NaN,
            MaxOver(withBias, EnvelopeRatio), MaxOver(withBias, t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]),
            without.Count == 0 ? double.NaN : floor / without.Average(t => t.Column(MetricColumns.Loss)[0]),
            MaxOver(without, t => t.Column(MetricColumns.Loss)[^1] / floor), MinOver(without, t => t.Column(MetricColumns.Loss).Min() / floor),
            dupData?.BiasSingularity ?? double.NaN,
            MaxOver(Runs(duplicate, true), t => t.Column(MetricColumns.Loss)[^1] / dupFloor), MinOver(Runs(duplicate, true), t => t.Column(MetricColumns.Loss).Min() / dupFloor),
            circle?.MinLineAngle ?? double.NaN, MaxOver(Runs(independent, true), EnvelopeRatio),
            MaxOver(Runs(independent, true), t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]));
    }

    private static double MaxOver(IReadOnlyList<TrialData> runs, Func<TrialData, double> f) => runs.Count == 0 ? double.NaN : runs.Max(f);

    private static double MinOver(IReadOnlyList<TrialData> runs, Func<TrialData, double> f) => runs.Count == 0 ? double.NaN : runs.Min(f);

    /// <summary>max_k L(k) / ((1 − ηλ0/2)^k L(0)): at most 1 when the run stays under the certificate's envelope.</summary>
    private static double EnvelopeRatio(TrialData t) => t.Column(MetricColumns.Loss).Zip(t.Column(MetricColumns.Envelope), (l, e) => l / e).Max();

    /// <summary>A part's data (its first trial's settings) and the kernels' facts the claims read.</summary>
    private sealed record Facts(double BiasSingularity, double NoBiasRank, double NoBiasFloor, double MinLineAngle);

    private static Facts? Data(SweepData part, ILinearAlgebra la)
    {
        if (part.Done.Count == 0) return null;
        var data = Sweeps.TrainSettings.ToTrainSpec(part.Done[0].Trial.Settings).Data.Load();
        var bias = TwoLayerGram.Compute(data, TwoLayerKernel.Bias, la, 1);
        var biasSpectrum = Spectrum.Compute(bias.Values, data.N, la, withVectors: false);
        var plain = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, la, 1);
        var spectrum = Spectrum.Compute(plain.Values, data.N, la, withVectors: true);
        // The floor of the net without biases: the labels' part outside H∞'s range, ½Σ_{λ_j ≤ τ}(v_jᵀy)².
        double floor = 0;
        int rank = 0;
        for (int j = 0; j < data.N; j++)
        {
            if (spectrum.Eigenvalues[j] > spectrum.SingularThreshold) { rank++; continue; }
            double p = System.Numerics.Tensors.TensorPrimitives.Dot(spectrum.Eigenvectors.AsSpan(j * data.N, data.N), data.Y);
            floor += p * p / 2;
        }
        return new Facts(biasSpectrum.LambdaMin / biasSpectrum.SingularThreshold, rank, floor, plain.Geometry.MinLineAngleDegrees);
    }

    /// <summary>The four claims from the measures; each can fail (ClaimNegativeControlTests feeds each a case where it does).</summary>
    public static IReadOnlyList<Claim> Evaluate(Measures m) =>
    [
        new("distinct_inputs_suffice_with_biases", "n distinct scalars (d = 1): H∞ of (x, 1) is nonsingular, while Du et al.'s H∞ of x alone has rank ≤ 2 (every pair of inputs is parallel or antiparallel)",
            ClaimKind.Reading, V2,
            [
                new ClaimTest(new Criterion("λ_min / (n·ε·λ_max) of H∞(x, 1)", "line data", 1, double.PositiveInfinity, LowOpen: true), [m.BiasSingularity]),
                new ClaimTest(new Criterion("numerical rank of H∞(x)", "line data", 1, 2), [m.NoBiasRank]),
            ],
            new Dictionary<string, double> { ["bias_lambda_min_over_threshold"] = m.BiasSingularity, ["no_bias_rank"] = m.NoBiasRank }),
        new("biases_converge_without_them_a_floor", $"with biases GD drives the loss toward zero under the certificate's envelope (1 − ηλ0/2)^k L(0), to L(K) ≤ {NearZero}·L(0); the same net without biases stalls at the least-squares floor L* > 0 of its rank-deficient kernel: L(K)/L* in [1, {FloorReached}] and never below",
            ClaimKind.Reading, V2,
            [
                new ClaimTest(new Criterion("max_k L(k)/envelope(k), with biases", "every seed", 0, 1), [m.BiasEnvelope]),
                new ClaimTest(new Criterion("L(K)/L(0), with biases", "every seed", 0, NearZero), [m.BiasLossRatio]),
                new ClaimTest(new Criterion("L*/L(0), without biases", "mean over seeds", NearZero, double.PositiveInfinity, LowOpen: true), [m.NoBiasFloor]),
                new ClaimTest(new Criterion("L(K)/L*, without biases", "every seed", Below, FloorReached), [m.NoBiasFinal]),
                new ClaimTest(new Criterion("min_k L(k)/L*, without biases", "every seed, every step", Below, double.PositiveInfinity), [m.NoBiasLowest]),
            ],
            new Dictionary<string, double>
            {
                ["bias_envelope_ratio"] = m.BiasEnvelope, ["bias_loss_ratio"] = m.BiasLossRatio, ["no_bias_floor_ratio"] = m.NoBiasFloor,
                ["no_bias_final_over_floor"] = m.NoBiasFinal, ["no_bias_lowest_over_floor"] = m.NoBiasLowest,
            }),
        new("duplicate_inputs_have_a_floor", "negative control of the hypothesis: two equal inputs with labels Δy apart make λ0 = 0 and leave the floor (Δy)²/4 with biases too, whatever the width",
            ClaimKind.Reading, V2,
            [
                new ClaimTest(new Criterion("λ_min / (n·ε·λ_max) of H∞(x, 1)", "duplicate data", double.NegativeInfinity, 1), [m.DuplicateSingularity]),
                new ClaimTest(new Criterion("L(K) / ((Δy)²/4)", "every seed", Below, FloorReached), [m.DuplicateFinal]),
                new ClaimTest(new Criterion("min_k L(k) / ((Δy)²/4)", "every seed, every step", Below, double.PositiveInfinity), [m.DuplicateLowest]),
            ],
            new Dictionary<string, double> { ["duplicate_lambda_min_over_threshold"] = m.DuplicateSingularity, ["duplicate_final_over_floor"] = m.DuplicateFinal, ["duplicate_lowest_over_floor"] = m.DuplicateLowest }),
        new("v1_pairwise_independent_converges", $"v1's setting: pairwise linearly independent inputs in d = 2 (nine equally spaced points on the circle), with biases: the loss stays under the envelope and reaches L(K) ≤ {NearZero}·L(0)",
            ClaimKind.Paper, V1,
            [
                new ClaimTest(new Criterion("smallest angle between two inputs' lines (degrees)", "circle data", 0, 90, LowOpen: true), [m.IndependentAngle]),
                new ClaimTest(new Criterion("max_k L(k)/envelope(k)", "every seed", 0, 1), [m.IndependentEnvelope]),
                new ClaimTest(new Criterion("L(K)/L(0)", "every seed", 0, NearZero), [m.IndependentLossRatio]),
            ],
            new Dictionary<string, double> { ["min_line_angle_degrees"] = m.IndependentAngle, ["envelope_ratio"] = m.IndependentEnvelope, ["loss_ratio"] = m.IndependentLossRatio }),
    ];
}
