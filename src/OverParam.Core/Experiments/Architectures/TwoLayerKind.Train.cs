using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// How the two-layer net trains (Du et al. ICLR 2019, §4): H∞ and its λ0, the step 1/λ_max, <see cref="TwoLayerNet{T}"/>
/// in the primal or dual form, the recorders of the proof's quantities, and the Theorem 4.1 certificate.
/// </summary>
public sealed partial class TwoLayerKind
{
    /// <inheritdoc/>
    /// <remarks>The initial weights are drawn from the seed, or read from --init-w/--init-a/--init-b or --init-from's
    /// init_W.npy, init_a.npy (init_b.npy); the certificate is Theorem 4.1's (Arora et al.'s from a small initialization).</remarks>
    public override (TrainSummary Summary, TrainResult Result) Train<T>(TrainSpec spec, Dataset data, Dataset? test, ILinearAlgebra la, int par,
        OutputFolder folder, Action<int, double>? progress)
    {
        var model = Net(spec.Model);
        var init = InitialWeights(spec, model, data);
        // Kernels: the one the dynamics follow, and H∞ whose λ_min is the theorem's λ0 (the same unless a is trained).
        var dynamics = KernelKinds.Of(model.Kernel).Gram(data, null, la, par);
        var first = model.Kernel == model.Lambda0Kernel ? dynamics : KernelKinds.Of(model.Lambda0Kernel).Gram(data, null, la, par);
        var spectrum = Spectrum.Compute((double[])first.Values.Clone(), data.N, la, withVectors: false);
        var dataChecks = DataHypotheses.Evaluate(data, model.Lambda0Kernel, first.Geometry, spectrum, spec.LabelBound);
        bool auto = spec.LearningRate == null;
        // Auto: η = 1/λ_max of the dynamics kernel, so the linearized iteration r ← (I − ηH)r contracts every eigendirection.
        // With d_y outputs the worst output direction scales the kernel by ρ = d_y·λ_max(AᵀA)/tr(AᵀA) ≥ 1 (OutputSpread).
        double eta = spec.LearningRate ?? 1.0 / (Spectrum.Largest(la, dynamics.Values, data.N) * OutputSpread.Of(init.A, data.Outputs, la));
        spec = spec with { LearningRate = eta };

        var form = FormFor(spec, data);
        var net = new TwoLayerNet<T>(data, model, init, la, form, spec.RefreshEvery);
        net.Forward();
        var residual0 = new double[data.N * data.Outputs];
        net.Residual(residual0);
        var bounds = new Theorem41(data.N, model.Width, spectrum.LambdaMin, eta, spec.Delta,
            Math.Sqrt(residual0.Sum(v => v * v)));
        var prediction = new KernelPrediction(la, dynamics.Values, eta, residual0);
        var gram = spec.GramEvery > 0 ? new GramTracker<T>(la, data.N, InnerProducts.Of(data, model.Bias, la), first.Values) : null;

        var schedule = new Schedule(eta, spec.Steps, spec.Tolerance, spec.RecordEvery, spec.GramEvery, spec.RelativeTolerance);
        var recorders = new List<IRecorder>
        {
            new EnvelopeRecorder(bounds.Envelope),
            new TwoLayerProofRecorder<T>(net, bounds.Defined ? bounds.RPrime : double.NaN),
            new GramRecorder<T>(net, gram, schedule),
            new PredictionRecorder(prediction, r => net.Residual(r), residual0.Length),
        };
        // From a small initialization the theorem is Arora et al.'s: its prediction from u(0) ≈ 0 is recorded next to the run.
        var arora = AroraTheorem41.AppliesTo(model)
            ? new AroraTheorem41(data.N, model.Width, spectrum.LambdaMin, eta, spec.Delta, model.InitScale) : null;
        if (arora != null) recorders.Add(new LabelPredictionRecorder(new KernelPrediction(la, dynamics.Values, eta, data.Y)));
        if (spec.Classifies) recorders.Add(new AccuracyRecorder(r => net.Residual(r), data.Y!, data.Outputs));
        if (test != null)
        {
            var heldOut = new TwoLayerNet<T>(test, model, init, la); // takes the trained net's weights at each recorded step
            var f0 = TrainJob.HeldOutOutputs(() => { heldOut.CopyWeightsFrom(net); heldOut.Forward(); }, r => heldOut.Residual(r), test, data.Outputs);
            recorders.Add(new HeldOutRecorder(() =>
            {
                heldOut.CopyWeightsFrom(net);
                return heldOut.Forward();
            }, r => heldOut.Residual(r), spec.Classifies ? test.Y : null, test.N, data.Outputs,
                PredictJob.Linearization(spec, data, test, residual0, f0, eta, la, par)));
        }
        var outcome = GradientDescent.Run(net, schedule, recorders, progress);

        var m = outcome.Metrics;
        var trace = new RunTrace(m.Steps(), m[MetricColumns.Loss].ToArray(), m[MetricColumns.MaxDist].ToArray(), m[MetricColumns.LambdaMinH].ToArray(),
            arora == null ? null : m[MetricColumns.LabelPrediction].ToArray());
        var certificate = arora == null ? TrainingCertificate.Evaluate(bounds, dataChecks, trace) : TrainingCertificate.EvaluateArora(bounds, arora, dataChecks, trace);

        var files = new List<string> { "metrics.csv", OutputFolder.SummaryFile };
        m.WriteCsv(folder.PathOf("metrics.csv"));
        if (spec.SaveWeights)
        {
            files.AddRange(init.Save(folder.Staging, "init"));
            files.AddRange(net.Weights().Save(folder.Staging, "final"));
        }
        var result = new TrainResult(spec, data, spectrum.LambdaMin, outcome, Path.GetFullPath(folder.Target), files, auto,
            new TheoremChecks(certificate.Source, "hidden constants set to 1", certificate.Hypotheses, certificate.Observations));
        return (new TwoLayerTrainSummary(result, certificate, model, form, la.Description), result);
    }

    /// <inheritdoc/>
    public override Type SummaryType => typeof(TwoLayerTrainSummary);

    /// <summary>W(0), a(0) (b(0)): drawn from the seed, then replaced by the files given (--init-w … or --init-from's).</summary>
    private static TwoLayerWeights InitialWeights(TrainSpec spec, TwoLayerSpec model, Dataset data)
    {
        string[] names = model.Bias ? ["W", "a", "b"] : ["W", "a"];
        string? From(string name) => spec.InitFrom is { } from ? NetworkWeights.FileOf(from, "init", name, names) : null;
        var random = TwoLayerWeights.Random(model, data.D, spec.Seed, data.Outputs);
        return spec.InitFrom != null
            ? random.WithFiles(From("W"), From("a"), model.Bias ? From("b") : null)
            : random.WithFiles(spec.InitW, spec.InitA, spec.InitB);
    }
}
