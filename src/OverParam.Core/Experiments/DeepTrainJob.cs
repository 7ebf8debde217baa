using System.Numerics;
using System.Text.Json.Nodes;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// Trains a deep network of Du et al. (ICML 2019), FC or ResNet, with every layer trained, and writes metrics.csv and
/// summary.json with the Theorem 5.1 / 6.1 certificate. Called by <see cref="TrainJob"/> when the spec names a deep model.
/// </summary>
internal static class DeepTrainJob
{
    public static (JsonObject Summary, TrainResult Result) Train<T>(TrainSpec spec, Dataset data, Dataset? test, ILinearAlgebra la, int par, OutputFolder folder,
        Action<int, double>? progress) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var deep = spec.Deep!;
        int n = data.N;
        var kernels = KernelsOf(data, deep, la, par);
        var spectrum = Spectrum.Compute((double[])kernels.KH.Clone(), n, la, withVectors: false);
        var geometry = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, la, par).Geometry;
        bool auto = spec.LearningRate == null;
        double lambdaMaxNtk = Spectrum.Largest(la, kernels.Ntk, n);
        double eta = spec.LearningRate ?? 1.0 / lambdaMaxNtk;
        var theorem = new DeepTheorem(deep.Arch, n, spec.Model.Width, deep.Depth, spectrum.LambdaMin, eta, spec.Delta, data.D / deep.Channels);
        var hypotheses = theorem.Hypotheses(data, geometry, spectrum, deep.Sigma, spec.LabelBound);

        using IDeepNetwork<T> net = deep.Arch == Architecture.ConvResNet
            ? new ConvResNet<T>(data, deep, spec.Model.Width, spec.Seed, la)
            : new DeepNet<T>(data, deep, spec.Model.Width, spec.Seed, la, threads: par);
        if (spec.InitFrom != null) net.SetInitialWeights(NetworkWeights.Load(spec.InitFrom, "init", net.WeightShapes));
        var initial = spec.SaveWeights ? net.Weights() : null;
        net.Forward();
        var r0 = new double[n];
        net.Residual(r0);
        var prediction = new KernelPrediction(la, kernels.Ntk, eta, r0);
        var schedule = new Schedule(eta, spec.Steps, spec.Tolerance, spec.RecordEvery, spec.GramEvery);
        using var heldOut = test == null ? null : new DeepNet<T>(test, deep, spec.Model.Width, spec.Seed, la, threads: par);
        var recorders = new List<IRecorder>
        {
            new EnvelopeRecorder((k, initial) => Math.Exp(theorem.LogEnvelope(k, initial))),
            new PredictionRecorder(prediction, r => net.Residual(r), n),
            new DeepGramRecorder<T>(net, schedule, la),
            new LayerMovementRecorder<T>(net),
        };
        if (heldOut != null && net is DeepNet<T> trained) // FC and ResNet: held-out error at the weights of each recorded step
            recorders.Add(new HeldOutRecorder(() =>
            {
                heldOut.CopyWeightsFrom(trained);
                return 2 * heldOut.Forward() / heldOut.N;
            }));
        var outcome = GradientDescent.Run(net, schedule, recorders, progress);

        var m = outcome.Metrics;
        var steps = m.Steps();
        var (worst, first) = Envelope.Worst(k => theorem.LogEnvelope(k, m["loss"][0]), steps, m["loss"].ToArray());
        double minG = Envelope.MinMeasured(m["lambda_min_GH"].ToArray());
        var observed = new List<Hypothesis>
        {
            Envelope.Observation(worst, first, "λ"),
            Envelope.AboveHalf("lambda_min_GH_above_half", "λ_min(G^(H)(k))", minG, theorem.Lambda, "λ_min(K^(H))"),
        };
        m.WriteCsv(folder.PathOf("metrics.csv"));
        List<string> files = ["metrics.csv", OutputFolder.SummaryFile];
        if (initial != null)
        {
            files.AddRange(initial.Save(folder.Staging, "init"));
            files.AddRange(net.Weights().Save(folder.Staging, "final"));
        }
        var result = new TrainResult(spec with { LearningRate = eta }, data, spectrum.LambdaMin, outcome, null, folder.Target,
            files, auto, new TheoremChecks(theorem.Source, theorem.Constants, hypotheses, observed));
        var summary = new JsonObject
        {
            ["settings"] = TrainSummary.Settings(result.Spec, data, auto,
                ("depth", deep.Depth), ("activation", deep.Sigma.Name), ("c_sigma", deep.Sigma.CSigma),
                ("c_res", deep.Arch != Architecture.Fc ? deep.CRes : null),
                ("channels", deep.Arch == Architecture.ConvResNet ? deep.Channels : null),
                ("patch", deep.Arch == Architecture.ConvResNet ? deep.Patch : null),
                ("kernel", KernelNote(deep))),
            ["lambda0"] = Json.Number(spectrum.LambdaMin),
            ["lambda_max_ntk"] = Json.Number(lambdaMaxNtk),
        };
        if (deep.Arch == Architecture.ConvResNet)
            summary["empirical_kernel"] = EmpiricalSummary(EmpiricalLambda<T>(data, deep, spec.Model.Width, la), spec.Model.Width);
        TrainSummary.AddOutcome(summary, spec, outcome);
        summary["certificate"] = new JsonObject
        {
            ["theorem"] = theorem.Source,
            ["constants"] = theorem.Constants,
            ["hypotheses"] = Json.Checks(hypotheses),
            ["bounds"] = new JsonObject
            {
                ["lambda0"] = Json.Number(theorem.Lambda),
                ["required_width"] = theorem.Defined ? Json.Number(theorem.RequiredWidth) : null,
                ["width"] = theorem.Width,
                ["required_step"] = theorem.Defined ? Json.Number(theorem.RequiredStep) : null,
                ["step"] = eta,
                ["delta"] = spec.Delta,
                ["contraction"] = Json.Number(theorem.Contraction),
            },
            ["observed"] = Json.Checks(observed),
            ["worst_envelope_ratio"] = Json.Number(worst),
            ["min_lambda_min_GH"] = Json.Number(minG),
            ["min_lambda_min_features"] = Json.Number(Envelope.MinMeasured(m["lambda_min_features"].ToArray())),
        };
        summary["files"] = new JsonArray([.. files.Select(f => (JsonNode)f)]);
        summary["provenance"] = Json.Provenance(la.Description);
        return (summary, result);
    }

    /// <summary>
    /// The kernels the deep theorems use, in the infinite-width limit: the Def. 5.1/6.1 recursion for FC and ResNet, and
    /// <see cref="ConvResNetKernel"/> (Def. 7.1, our derivation) for the convolutional ResNet.
    /// </summary>
    internal static DeepKernels KernelsOf(Dataset data, DeepSpec deep, ILinearAlgebra la, int par) => DeepKernel.Compute(data, deep, la, par);

    /// <summary>How the kernel was obtained, for summaries.</summary>
    internal static string KernelNote(DeepSpec deep) => deep.Arch switch
    {
        Architecture.Fc => "Def. 5.1 recursion",
        Architecture.ResNet => "Def. 6.1 recursion",
        Architecture.ConvResNet => "Def. 7.1: position-pair recursion (our derivation, docs/conv-resnet-kernel.md)",
        _ => throw new ArgumentOutOfRangeException(nameof(deep), deep.Arch, "unknown architecture"),
    };

    /// <summary>λ_min of the empirical K^(H) (<see cref="EmpiricalKernels{T}"/>) at width <paramref name="width"/>.</summary>
    internal static double EmpiricalLambda<T>(Dataset data, DeepSpec deep, int width, ILinearAlgebra la) where T : unmanaged, IFloatingPointIeee754<T> =>
        Spectrum.Smallest(la, EmpiricalKernels<T>(data, deep, width, la).KH, data.N, new double[(long)data.N * data.N], new double[data.N]);

    /// <summary>The summary.json entry of the empirical kernel's λ_min.</summary>
    internal static JsonObject EmpiricalSummary(double lambda, int width) => new()
    {
        ["lambda_min_KH"] = Json.Number(lambda),
        ["width"] = width,
        ["initializations"] = EmpiricalKernelSeeds,
        ["note"] = "mean of G^(H)(0) over independent initializations at this width: a finite-width measurement, not the theorem's λ",
    };

    /// <summary>Initializations averaged for the convolutional ResNet's empirical kernel.</summary>
    public const int EmpiricalKernelSeeds = 4;

    /// <summary>
    /// The convolutional ResNet's empirical kernels, a measurement reported next to the infinite-width ones: the mean over
    /// <see cref="EmpiricalKernelSeeds"/> independent initializations at width <paramref name="width"/> of the per-layer
    /// Gram matrices G^(h)(0); K^(H) is the mean G^(H)(0), the NTK the mean Σ_h G^(h)(0). Seeds 1 000 000 + s, apart from any run's seed.
    /// </summary>
    internal static DeepKernels EmpiricalKernels<T>(Dataset data, DeepSpec spec, int width, ILinearAlgebra la) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.N, layers = spec.Depth + 1;
        var mean = Enumerable.Range(0, layers).Select(_ => new double[n * n]).ToArray();
        var grams = Enumerable.Range(0, layers).Select(_ => new double[n * n]).ToArray();
        for (int s = 0; s < EmpiricalKernelSeeds; s++)
        {
            using var net = new ConvResNet<T>(data, spec, width, 1_000_000 + s, la);
            net.Forward();
            net.LayerGrams(grams, new T[net.GramWorkLength]);
            for (int h = 0; h < layers; h++)
                for (int k = 0; k < n * n; k++) mean[h][k] += grams[h][k] / EmpiricalKernelSeeds;
        }
        return new DeepKernels(mean[spec.Depth - 1], mean, DeepKernel.SumOf(mean, new double[n * n]), mean[spec.Depth]);
    }
}
