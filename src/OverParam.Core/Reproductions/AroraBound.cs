using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// Arora et al. (ICML 2019) Theorem 5.1 and their distance bound next to a sweep's runs, with the theorem's hypotheses as
/// THEORY.md §5 recalls them [R] (not found in any source we have, and marked so wherever they are shown): for a loss in
/// [0, 1], 1-Lipschitz in the prediction with ℓ(y, y) = 0, κ = O(λ0δ/n), k ≥ Ω(log(n/δ)/(ηλ0)) steps and m ≥ κ⁻²·poly(n,
/// 1/λ0, 1/δ), the population loss is at most √(2yᵀ(H∞)⁻¹y/n) + O(√(log(n/(λ0δ))/n)); and ‖W(k) − W(0)‖_F ≤
/// √(yᵀ(H∞)⁻¹y) + small terms. Constants of O(·) and Ω(·) are set to 1 here.
/// </summary>
public static class AroraBound
{
    /// <summary>One setting (a label kind or a noise level), means over its seeds.</summary>
    /// <param name="Label">The setting as the report names it.</param>
    /// <param name="N">n.</param>
    /// <param name="Lambda0">λ0 = λ_min(H∞) of the training inputs.</param>
    /// <param name="Kappa">κ, the initialization scale.</param>
    /// <param name="Eta">η.</param>
    /// <param name="Steps">K, the steps run.</param>
    /// <param name="Delta">δ.</param>
    /// <param name="Measure">√(2yᵀ(H∞)⁻¹y/n) (NaN where H∞ is numerically singular).</param>
    /// <param name="LabelNorm">√(yᵀ(H∞)⁻¹y).</param>
    /// <param name="Distance">‖W(K) − W(0)‖_F.</param>
    /// <param name="TestError">The run's held-out error, as the reproduction measures it.</param>
    /// <param name="KernelError">The same error of the infinite-width prediction K(X*, X)K⁻¹(I − (I − ηH∞)^K)y on the same
    /// held-out points, at the run's η and K (<see cref="KernelRegression"/>).</param>
    public sealed record Row(string Label, int N, double Lambda0, double Kappa, double Eta, double Steps, double Delta, double Measure, double LabelNorm,
        double Distance, double TestError, double KernelError)
    {
        /// <summary>The bound with its O(√(log(n/(λ0δ))/n)) term at constant 1.</summary>
        public double Bound => Measure + Math.Sqrt(Math.Log(N / (Lambda0 * Delta)) / N);

        /// <summary>κ ≤ λ0δ/n (constant 1).</summary>
        public bool SmallInit => Kappa <= Lambda0 * Delta / N;

        /// <summary>K ≥ log(n/δ)/(ηλ0) (constant 1).</summary>
        public bool EnoughSteps => Steps >= Math.Log(N / Delta) / (Eta * Lambda0);
    }

    /// <summary>
    /// One row per group of <paramref name="data"/> (named by <paramref name="label"/>), H∞, y and the held-out set rebuilt
    /// from each group's first trial. <paramref name="testError"/> reads a run's error from its metrics;
    /// <paramref name="kernelError"/> computes the same error from predictions (t × 1) and the held-out set.
    /// </summary>
    public static IReadOnlyList<Row> Rows(SweepData data, Func<GroupSummary, string> label, Func<TrialData, double> testError,
        Func<double[], Data.Dataset, double, double> kernelError, ILinearAlgebra la) =>
        [.. data.Groups.Where(g => g.Trials.Count > 0).Select(g =>
        {
            double Mean(Func<TrialData, double> f) => g.Trials.Average(f);
            var spec = TrainSettings.ToTrainSpec(g.Trials[0].Trial.Settings);
            var ds = spec.Data.Load();
            var h = TwoLayerGram.Compute(ds, TwoLayerKernel.Du2019, la, Environment.ProcessorCount).Values;
            var c = LabelComplexity.Compute(h, ds.N, ds.Y!, la);
            var first = g.Trials[0];
            double eta = first.Number("settings", "lr"), steps = first.Number("steps_run");
            return new Row(label(g), ds.N, first.Number("lambda0"), first.Number("settings", "init_scale"), eta, steps,
                first.Number("settings", "delta"), c.GeneralizationBound ?? double.NaN, c.Value is { } v ? Math.Sqrt(v) : double.NaN,
                Mean(t => t.Column(MetricColumns.WeightDistFro)[^1]), Mean(testError), spec.HasTestSet ? KernelError(spec, ds, eta, steps, kernelError, la) : double.NaN);
        })];

    /// <summary>The kernel predictor's held-out error at the run's η and K (<see cref="Experiments.PredictJob.ForRun"/>).</summary>
    private static double KernelError(Experiments.TrainSpec spec, Data.Dataset train, double eta, double steps, Func<double[], Data.Dataset, double, double> error,
        ILinearAlgebra la)
    {
        var (prediction, test) = Experiments.PredictJob.ForRun(spec, train, eta, steps, la, Environment.ProcessorCount);
        return error(prediction, test, train.Y!.Sum(y => y * y) / train.N);
    }

    /// <summary>The section of a report: the hypotheses as recalled, checked per setting, and the bound next to the error.</summary>
    public static string Html(IReadOnlyList<Row> rows, string errorMeaning)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";
        string Yes(bool b) => b ? "<td class=\"ok\">yes</td>" : "<td class=\"fail\">no</td>";
        var sb = new StringBuilder("<h2>Theorem 5.1 (generalization) and the distance from initialization</h2>\n");
        sb.Append("<p>Arora et al. ICML 2019, Theorem 5.1, <b>as recalled in THEORY.md §5 [R], not verified against the paper</b>: for a loss in [0, 1] that is " +
                  "1-Lipschitz in the prediction with ℓ(y, y) = 0, if κ = O(λ0δ/n), k ≥ Ω(log(n/δ)/(ηλ0)) and m ≥ κ⁻²·poly(n, 1/λ0, 1/δ), then with " +
                  "probability 1 − δ the population loss is at most √(2yᵀ(H∞)⁻¹y/n) + O(√(log(n/(λ0δ))/n)). Hidden constants are set to 1; the " +
                  "polynomial in the width condition was not found, so that hypothesis is not checked. Their distance bound: ‖W(k) − W(0)‖_F ≤ " +
                  $"√(yᵀ(H∞)⁻¹y) + small terms. The error column is {E(errorMeaning)}; the kernel's is the same error of the infinite-width " +
                  "network's mean prediction K(X*, X)K⁻¹(I − (I − ηH∞)^K)y on the same held-out points (overparam predict).</p>\n");
        sb.Append("<table><tr><th>setting</th><th>κ ≤ λ0δ/n</th><th>K ≥ log(n/δ)/(ηλ0)</th><th>√(2yᵀ(H∞)⁻¹y/n)</th><th>bound (constant 1)</th><th>error</th>" +
                  "<th>the kernel's error (same η, K)</th>" +
                  "<th>‖W(K) − W(0)‖_F</th><th>√(yᵀ(H∞)⁻¹y)</th><th>ratio</th></tr>\n");
        foreach (var r in rows)
            sb.Append($"<tr><td>{E(r.Label)}</td>{Yes(r.SmallInit)}{Yes(r.EnoughSteps)}<td class=\"num\">{F(r.Measure)}</td><td class=\"num\">{F(r.Bound)}</td>")
              .Append($"<td class=\"num\">{F(r.TestError)}</td><td class=\"num\">{F(r.KernelError)}</td><td class=\"num\">{F(r.Distance)}</td><td class=\"num\">{F(r.LabelNorm)}</td><td class=\"num\">{F(r.Distance / r.LabelNorm)}</td></tr>\n");
        sb.Append("</table>\n<p>κ ≤ λ0δ/n compares the run's κ with λ0δ/n at δ = the run's δ; where it fails, the run is outside the theorem's " +
                  "setting and the bound is shown for comparison only.</p>\n");
        return sb.ToString();
    }
}
