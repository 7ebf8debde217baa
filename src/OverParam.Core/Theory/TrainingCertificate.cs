using System.Globalization;

namespace OverParam.Theory;

/// <summary>What a run observed, step by step, for the certificate.</summary>
/// <param name="Steps">Recorded steps k.</param>
/// <param name="Loss">L(k).</param>
/// <param name="MaxDist">max_r ‖w_r(k) − w_r(0)‖.</param>
/// <param name="LambdaMinH">λ_min(H(k)) where measured, NaN elsewhere.</param>
/// <param name="LabelPrediction">‖(I − ηH∞)^k y‖ (Arora et al.'s prediction), or null where it was not recorded.</param>
public sealed record RunTrace(IReadOnlyList<int> Steps, IReadOnlyList<double> Loss, IReadOnlyList<double> MaxDist, IReadOnlyList<double> LambdaMinH,
    IReadOnlyList<double>? LabelPrediction = null);

/// <summary>
/// A run's certificate for Theorem 4.1: the hypotheses on data, width and step (required vs actual), and what was observed
/// against the theorem's conclusions: L(k) under the envelope, max_r ‖w_r(k) − w_r(0)‖ under R', λ_min(H(k)) ≥ λ0/2.
/// From a small initialization (κ ≠ 1) the theorem is Arora et al.'s Theorem 4.1 instead (<see cref="Arora"/>): its
/// hypotheses, and the observation |‖y − u(k)‖ − ‖(I − ηH∞)^k y‖| ≤ ε at every recorded step.
/// </summary>
public sealed record TrainingCertificate(Theorem41 Bounds, IReadOnlyList<Hypothesis> Hypotheses, IReadOnlyList<Hypothesis> Observations,
    double WorstEnvelopeRatio, double WorstRadiusRatio, double MinLambdaH, AroraTheorem41? Arora = null)
{
    /// <summary>The theorem checked: Du et al.'s, or Arora et al.'s from a small initialization.</summary>
    public string Source => Arora == null ? Theorem41.Source : AroraTheorem41.Source;

    /// <summary>Arora et al.'s certificate: their hypotheses, and the largest |‖y − u(k)‖ − ‖(I − ηH∞)^k y‖| against ε.</summary>
    public static TrainingCertificate EvaluateArora(Theorem41 bounds, AroraTheorem41 arora, IReadOnlyList<Hypothesis> dataHypotheses, RunTrace trace)
    {
        var hyps = dataHypotheses.Concat(arora.Hypotheses()).ToList();
        double worst = 0;
        int first = -1;
        for (int t = 0; t < trace.Steps.Count; t++)
        {
            double gap = Math.Abs(Math.Sqrt(2 * trace.Loss[t]) - trace.LabelPrediction![t]);
            worst = Math.Max(worst, gap);
            if (gap > arora.Epsilon && first < 0) first = trace.Steps[t];
        }
        double minLambda = Envelope.MinMeasured(trace.LambdaMinH);
        var obs = new List<Hypothesis>
        {
            new("within_epsilon", first < 0,
                $"max_k |‖y − u(k)‖ − √(Σ_i (1 − ηλ_i)^{{2k}}(v_iᵀy)²)| = {F(worst)} vs ε = {F(arora.Epsilon)}" + (first < 0 ? "" : $"; exceeds ε first at step {first}"), "observed"),
            Envelope.AboveHalf("lambda_min_H_above_half_lambda0", "λ_min(H(k))", minLambda, bounds.Lambda0, "λ0"),
        };
        return new TrainingCertificate(bounds, hyps, obs, double.NaN, double.NaN, minLambda, arora);
    }
    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The width and step hypotheses (hidden constants 1), added to the data hypotheses.</summary>
    public static IReadOnlyList<Hypothesis> WidthAndStep(Theorem41 b)
    {
        if (!b.Defined)
            return [new Hypothesis("width", false, "undefined: λ0 ≤ 0", Theorem41.Source), new Hypothesis("step_size", false, "undefined: λ0 ≤ 0", Theorem41.Source)];
        return
        [
            new Hypothesis("width", b.Width >= b.RequiredWidth,
                $"m = {b.Width} vs required n⁶/(λ0⁴δ³) = {F(b.RequiredWidth)} (hidden constant set to 1, δ = {F(b.Delta)})", Theorem41.Source),
            new Hypothesis("step_size", b.Eta <= b.RequiredStep,
                $"η = {F(b.Eta)} vs required λ0/n² = {F(b.RequiredStep)} (hidden constant set to 1)", Theorem41.Source),
        ];
    }

    /// <summary>Evaluates the observations of <paramref name="trace"/> against <paramref name="bounds"/>.</summary>
    public static TrainingCertificate Evaluate(Theorem41 bounds, IReadOnlyList<Hypothesis> dataHypotheses, RunTrace trace)
    {
        var hyps = dataHypotheses.Concat(WidthAndStep(bounds)).ToList();
        var (worstEnv, firstEnvViolation) = Envelope.Worst(k => bounds.LogEnvelope(k, trace.Loss[0]), trace.Steps, trace.Loss);
        double worstRad = double.NaN, minLam = Envelope.MinMeasured(trace.LambdaMinH);
        int firstRadViolation = -1;
        for (int t = 0; t < trace.Steps.Count; t++)
        {
            int k = trace.Steps[t];
            if (bounds.Defined)
            {
                double ratio = trace.MaxDist[t] / bounds.RPrime;
                if (double.IsNaN(worstRad) || ratio > worstRad) worstRad = ratio;
                if (ratio > 1 && firstRadViolation < 0) firstRadViolation = k;
            }
        }
        var obs = new List<Hypothesis>
        {
            Envelope.Observation(worstEnv, firstEnvViolation, "λ0"),
            double.IsNaN(worstRad)
                ? new Hypothesis("max_dist_under_R_prime", false, "R' is undefined (λ0 ≤ 0)", "observed")
                : new Hypothesis("max_dist_under_R_prime", firstRadViolation < 0,
                    $"max_r ‖w_r(k) − w_r(0)‖ / R' ≤ {F(worstRad)} (R' = {F(bounds.RPrime)})" + (firstRadViolation < 0 ? "" : $"; exceeds R' first at step {firstRadViolation}"), "observed"),
            Envelope.AboveHalf("lambda_min_H_above_half_lambda0", "λ_min(H(k))", minLam, bounds.Lambda0, "λ0"),
        };
        return new TrainingCertificate(bounds, hyps, obs, worstEnv, worstRad, minLam);
    }

}

/// <summary>The check shared by every theorem's certificate: does L(k) stay under (1 − ηλ/2)^k L(0)?</summary>
public static class Envelope
{
    /// <summary>
    /// A ratio L(k)/envelope(k) up to 1 + 1e-9 still counts as under: at k = 0 both sides are L(0), and the ratio,
    /// formed as exp(log L(k) − log envelope), carries rounding of a few ulps of log L(0) (≈ 1e-15 relative).
    /// </summary>
    public const double Slack = 1e-9;

    /// <summary>The worst ratio L(k)/envelope(k) over the recorded steps (compared in log space, so neither underflows)
    /// and the first step above the envelope (−1 if none). NaN when the envelope is undefined.</summary>
    public static (double WorstRatio, int FirstViolation) Worst(Func<int, double> logEnvelope, IReadOnlyList<int> steps, IReadOnlyList<double> loss)
    {
        double worst = double.NaN;
        int first = -1;
        for (int t = 0; t < steps.Count; t++)
        {
            double logEnv = logEnvelope(steps[t]);
            if (double.IsNaN(logEnv)) continue;
            double ratio = loss[t] <= 0 ? 0 : Math.Exp(Math.Log(loss[t]) - logEnv);
            if (double.IsNaN(worst) || ratio > worst) worst = ratio;
            if (ratio > 1 + Slack && first < 0) first = steps[t];
        }
        return (worst, first);
    }

    /// <summary>The least of the measured values (NaN marks a step where nothing was measured); NaN when none was.</summary>
    public static double MinMeasured(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();

    /// <summary>
    /// The observation that a finite network's Gram matrix keeps λ_min ≥ λ/2 along training (Du et al. ICLR 2019, Lemma 3.2;
    /// ICML 2019, the same for G^(H)): <paramref name="quantity"/> names the matrix's λ_min, <paramref name="lambdaName"/> λ.
    /// </summary>
    public static Hypothesis AboveHalf(string name, string quantity, double min, double lambda, string lambdaName)
    {
        string F(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        return double.IsNaN(min)
            ? new Hypothesis(name, false, $"{quantity} was not measured (use --gram-every)", "observed") { Measured = false }
            : new Hypothesis(name, min >= lambda / 2, $"min_k {quantity} = {F(min)} vs {lambdaName}/2 = {F(lambda / 2)}", "observed");
    }

    /// <summary>The observation "loss_under_envelope" for a worst ratio; <paramref name="lambda"/> names the eigenvalue.</summary>
    public static Hypothesis Observation(double worst, int first, string lambda)
    {
        string F(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsNaN(worst))
            return new Hypothesis("loss_under_envelope", false, $"the envelope (1 − η{lambda}/2)^k L(0) is undefined here ({lambda} ≤ 0 or η ≥ 2/{lambda})", "observed");
        return new Hypothesis("loss_under_envelope", first < 0, first < 0
            ? $"L(k) ≤ (1 − η{lambda}/2)^k L(0) at every recorded step; worst ratio {F(worst)}"
            : $"L(k) exceeds (1 − η{lambda}/2)^k L(0) first at step {first}; worst ratio {F(worst)}", "observed");
    }
}
