using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// How a deep net of Du et al. (ICML 2019) trains, FC, ResNet or convolutional ResNet, every layer trained: metrics.csv
/// and summary.json with the Theorem 5.1 / 6.1 / 7.1 certificate.
/// </summary>
public abstract partial class DeepArchitecture
{
    /// <summary>Rounding allowed below L*, relative to L(0): the loss is a float64 sum of n squares, and L* comes from an
    /// eigendecomposition whose error is about n·ε·λ_max; 1e-9 is far above both at the sizes trained here.</summary>
    private const double LeastSquaresSlack = 1e-9;

    /// <inheritdoc/>
    public override Type SummaryType => typeof(DeepTrainSummary);

    /// <inheritdoc/>
    /// <remarks>Every layer trained (or the output layer alone, <see cref="TrainedLayers.Last"/>), from N(0, 1) weights or
    /// --init-from's init_*.npy; the certificate is the architecture's theorem (5.1, 6.1 or 7.1).</remarks>
    public override (TrainSummary Summary, TrainResult Result) Train<T>(TrainSpec spec, Dataset data, Dataset? test, ILinearAlgebra la, int par,
        OutputFolder folder, Action<int, double>? progress)
    {
        var deep = Shape(spec.Model);
        int n = data.N;
        var kernels = Kernels(data, deep, la, par);
        var spectrum = Spectrum.Compute((double[])kernels.KH.Clone(), n, la, withVectors: false);
        var geometry = InputGeometry.Of(data, la, par);
        bool auto = spec.LearningRate == null;
        using IDeepNetwork<T> net = Build<T>(data, deep, spec.Model.Width, spec.Seed, la, par);
        if (spec.InitFrom != null) net.SetInitialWeights(NetworkWeights.Load(spec.InitFrom, "init", net.WeightShapes));
        var initial = spec.SaveWeights ? net.Weights() : null;
        net.Forward();
        int dy = data.Outputs; // one-hot targets: d_y outputs, every output's infinite-width kernel the scalar one
        var r0 = new double[n * dy];
        net.Residual(r0);
        // The output layer alone: least squares on the fixed features, whose Gram matrix ΦΦᵀ the dynamics follow exactly.
        var leastSquares = spec.TrainLayers == TrainedLayers.Last ? FeatureLeastSquares.Of(net.Features(), n, spec.Model.Width, data.Y!, la, dy, r0) : null;
        double lambdaMaxNtk = Spectrum.Largest(la, kernels.Ntk, n);
        // Several outputs: the worst output direction scales the hidden layers' kernel by ρ ≥ 1 (OutputSpread); the output
        // layer alone follows ΦΦᵀ exactly in every column, so its step needs no such factor.
        double spread = OutputSpread.Of(net.OutputWeights(), dy, la);
        // Every layer trained: 1/(ρλ_max(NTK∞)) unless the network's own kernel at initialization would diverge with it.
        var step = auto && leastSquares == null ? AutoStep.ForDeep(net, n, lambdaMaxNtk, spread, la) : null;
        double eta = spec.LearningRate ?? step?.Eta ?? 1.0 / leastSquares!.LambdaMax;
        var theorem = new DeepTheorem(Theorem, n, spec.Model.Width, deep.Depth, spectrum.LambdaMin, eta, spec.Delta, Positions(deep, data.D));
        var hypotheses = theorem.Hypotheses(data, geometry, spectrum, deep.Sigma, spec.LabelBound);
        // Du et al.'s width and step are for every layer trained; with the output layer alone the optimum is known exactly.
        if (leastSquares != null) hypotheses = [.. hypotheses.Where(h => h.Name is not ("width" or "step_size"))];
        string source = leastSquares == null ? theorem.Source
            : "GD on the output layer alone: least squares on the fixed features Φ = X^(H), r(k) = (I − ηΦΦᵀ)^k r(0) exactly";
        Func<int, double, double> envelope = leastSquares == null ? (k, l0) => theorem.LogEnvelope(k, l0) : (k, l0) => leastSquares.LogEnvelope(k, l0, eta);
        var prediction = new KernelPrediction(la, leastSquares?.Gram ?? kernels.Ntk, eta, r0);
        var schedule = new Schedule(eta, spec.Steps, spec.Tolerance, spec.RecordEvery, spec.GramEvery, spec.RelativeTolerance);
        using var heldOut = test == null ? null : Build<T>(test, deep, spec.Model.Width, spec.Seed, la, par);
        var recorders = new List<IRecorder>
        {
            new EnvelopeRecorder((k, initial) => Math.Exp(envelope(k, initial))),
            new PredictionRecorder(prediction, r => net.Residual(r), n * dy),
            new DeepGramRecorder<T>(net, schedule, la),
            new LayerMovementRecorder<T>(net),
        };
        if (spec.Classifies) recorders.Add(new AccuracyRecorder(r => net.Residual(r), data.Y!, dy));
        if (heldOut != null) // held-out error at the weights of each recorded step
        {
            var f0 = TrainJob.HeldOutOutputs(() => { heldOut.CopyWeightsFrom(net); heldOut.Forward(); }, r => heldOut.Residual(r), test!, dy);
            recorders.Add(new HeldOutRecorder(() =>
            {
                heldOut.CopyWeightsFrom(net);
                return heldOut.Forward();
            }, r => heldOut.Residual(r), spec.Classifies ? test!.Y : null, test!.N, dy,
                PredictJob.Linearization(spec, data, test!, r0, f0, eta, la, par)));
        }
        var outcome = GradientDescent.Run<T>(leastSquares == null ? net : new OutputLayerOnly<T>(net, featuresReady: true), schedule, recorders, progress);

        var m = outcome.Metrics;
        var steps = m.Steps();
        var (worst, first) = Envelope.Worst(k => envelope(k, m[MetricColumns.Loss][0]), steps, m[MetricColumns.Loss].ToArray());
        double minG = Envelope.MinMeasured(m[MetricColumns.LambdaMinGH].ToArray());
        var observed = new List<Hypothesis>();
        if (leastSquares == null)
        {
            observed.Add(Envelope.Observation(worst, first, "λ"));
            observed.Add(Envelope.AboveHalf("lambda_min_GH_above_half", "λ_min(G^(H)(k))", minG, theorem.Lambda, "λ_min(K^(H))"));
        }
        else
        {
            observed.Add(new Hypothesis("loss_under_envelope", first < 0,
                (first < 0 ? "L(k) ≤ L* + ρ^{2k}(L(0) − L*) at every recorded step" : $"L(k) exceeds L* + ρ^{{2k}}(L(0) − L*) first at step {first}")
                + $", ρ = max|1 − ηλ_j(ΦΦᵀ)| over λ_j > 0; worst ratio {worst:G4}", "observed"));
            // GD cannot go below the optimum: a loss under L* (beyond rounding) would mean the step or the optimum is wrong.
            double floor = leastSquares.Loss - LeastSquaresSlack * m[MetricColumns.Loss][0];
            observed.Add(new Hypothesis("loss_at_least_least_squares", m[MetricColumns.Loss].ToArray().All(l => l >= floor),
                $"L(k) ≥ L* = {leastSquares.Loss:G6} at every recorded step (final {m[MetricColumns.Loss][^1]:G6}); rank Φ = {leastSquares.Rank} of n = {n}", "observed"));
        }
        m.WriteCsv(folder.PathOf("metrics.csv"));
        List<string> files = ["metrics.csv", OutputFolder.SummaryFile];
        if (initial != null)
        {
            files.AddRange(initial.Save(folder.Staging, "init"));
            files.AddRange(net.Weights().Save(folder.Staging, "final"));
        }
        var result = new TrainResult(spec with { LearningRate = eta }, data, spectrum.LambdaMin, outcome, folder.Target,
            files, auto, new TheoremChecks(source, theorem.Constants, hypotheses, observed));
        var settings = new DeepSettings(result.Spec, data, auto, deep, Settings(deep), KernelNote);
        var empirical = EmpiricalLambda<T>(data, deep, spec.Model.Width, la) is { } lambda ? EmpiricalSummary(lambda, spec.Model.Width) : null;
        var certificate = new DeepCertificate(source, theorem.Constants, hypotheses, new DeepBounds(theorem, eta, spec.Delta, required: leastSquares == null),
            observed, worst, minG, Envelope.MinMeasured(m[MetricColumns.LambdaMinFeatures].ToArray()));
        var summary = new DeepTrainSummary(result, settings, lambdaMaxNtk, spread, step == null ? null : AutoStepSummary.Of(step), empirical, certificate,
            spec.TrainLayers, leastSquares == null ? null : LeastSquaresSummary.Of(leastSquares, n, eta), la.Description);
        return (summary, result);
    }
}
