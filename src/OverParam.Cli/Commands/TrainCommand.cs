using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Models;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Cli;

/// <summary><c>overparam train</c>: gradient descent on the papers' two-layer networks, with the theorem check.</summary>
public static class TrainCommand
{
    /// <summary>Options describing the two-layer model, shared with <c>check</c>.</summary>
    public sealed class ModelOptions
    {
        public readonly Option<int> Width = CommonOptions.Positive(new Option<int>("--width") { Description = "m, the number of hidden units", DefaultValueFactory = _ => 1000 });
        public readonly Option<bool> Bias = new("--bias") { Description = "Units with trained biases ReLU(w_rᵀx + b_r), (w_r, b_r) ~ N(0, I_{d+1}) (Jentzen & Kröger 2021)" };
        public readonly Option<bool> TrainOutput = new("--train-output") { Description = "Train the output weights a too (Du et al. §3.2); by default a stays fixed, as in Theorem 4.1" };
        public readonly Option<double> Delta = new("--delta") { Description = "δ: the theorem holds with probability ≥ 1 − δ; enters the required width n⁶/(λ0⁴δ³)", DefaultValueFactory = _ => Theorem41.DefaultDelta };
        public readonly Option<double?> LabelBound = new("--label-bound") { Description = "C in the hypothesis |y_i| ≤ C (default: report max|y_i|)" };

        public readonly Option<double> InitScale = new("--init-scale")
        {
            Description = "κ: initial w_r ~ N(0, κ²I) (Arora et al. ICML 2019's small initialization, where u(0) ≈ 0); 1 is Du et al.'s",
            DefaultValueFactory = _ => 1.0,
        };

        public IEnumerable<Option> All => [Width, Bias, TrainOutput, InitScale, Delta, LabelBound];

    }

    /// <summary>Parses --lr: a number &gt; 0 or "auto".</summary>
    public static Option<string> LearningRate(string defaultValue) => new Option<string>("--lr")
    {
        Description = "η, the fixed step; 'auto' picks η = 1/λ_max of the infinite-width kernel",
        DefaultValueFactory = _ => defaultValue,
    }.Also(o => o.Validators.Add(res =>
    {
        var v = res.GetValueOrDefault<string>();
        if (v != "auto" && !(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)))
            res.AddError($"--lr must be a number > 0 or 'auto', got '{v}'");
    }));

    public static double? ParseRate(string text) => text == "auto" ? null : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Options of the deep networks (Du et al. ICML 2019), shared by train and gram.</summary>
    public sealed class DeepOptions
    {
        public readonly Option<int> Depth = CommonOptions.Positive(new Option<int>("--depth") { Description = "H, the number of hidden layers of an FC or ResNet model / kernel", DefaultValueFactory = _ => 3 });
        public readonly Option<string> Activation = new Option<string>("--activation")
        {
            Description = "σ of the deep models: softplus (the paper's example), sigmoid, tanh, or relu (not covered by the theorems: the check says so)",
            DefaultValueFactory = _ => "softplus",
        }.OneOf([.. OverParam.Architectures.Activation.Names]);
        public readonly Option<double> CRes = new("--c-res") { Description = "c_res ∈ (0, 1) of the ResNets: x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)x^(h−1))", DefaultValueFactory = _ => 0.5 };
        public readonly Option<int> Channels = CommonOptions.Positive(new Option<int>("--channels") { Description = "d0, input channels of the conv-resnet: each input row is d0×p channel-major (NumPy x.reshape(d0, p)), p = d/d0", DefaultValueFactory = _ => 1 });
        public readonly Option<int> Patch = CommonOptions.Positive(new Option<int>("--patch") { Description = "q, positions per patch of the conv-resnet (odd; zero padding keeps p positions)", DefaultValueFactory = _ => 3 });

        public IEnumerable<Option> All => [Depth, Activation, CRes, Channels, Patch];

        public OverParam.Architectures.DeepSpec From(ParseResult r, OverParam.Architectures.Architecture arch) =>
            new(arch, r.GetValue(Depth), OverParam.Architectures.Activation.ByName(r.GetValue(Activation)!), r.GetValue(CRes), r.GetValue(Channels), r.GetValue(Patch));

        /// <summary>--model: a kind of the registry (train and check).</summary>
        public readonly Option<string> Model = new Option<string>("--model")
        {
            Description = ModelKinds.Described,
            DefaultValueFactory = _ => ModelKinds.Default.Name,
        }.OneOf([.. ModelKinds.Names]);

        /// <summary>The kind --model names.</summary>
        public ModelKind KindOf(ParseResult r) => ModelKinds.ByName(r.GetValue(Model)!);

        /// <summary>The model --model names, with its options from both groups (<paramref name="model"/>'s and these).</summary>
        public ModelSpec SpecOf(ParseResult r, ModelOptions model) => KindOf(r).Spec(FlagsOf(r, model));

        /// <summary>Every model option as given, from both groups (<paramref name="model"/>'s and these).</summary>
        public ModelFlags FlagsOf(ParseResult r, ModelOptions model) => new(r.GetValue(model.Width), r.GetValue(model.Bias),
            r.GetValue(model.TrainOutput), r.GetValue(model.InitScale), r.GetValue(Depth), r.GetValue(Activation)!, r.GetValue(CRes),
            r.GetValue(Channels), r.GetValue(Patch));
    }

    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions("--data-seed");
        var model = new ModelOptions();
        var deep = new DeepOptions();
        var lr = LearningRate("auto");
        var steps = new Option<int>("--steps") { Description = "K, the most gradient steps", DefaultValueFactory = _ => 100 };
        var tol = new Option<double>("--tol") { Description = "Stop once the loss L = ½Σ(f(x_i) − y_i)² ≤ ε (0: run all steps)", DefaultValueFactory = _ => 0 };
        var trainLayers = new Option<string>("--train-layers")
        {
            Description = "all: every layer (default); last: the output layer a alone, the hidden layers fixed at initialization (fc, resnet): GD then solves least squares on the last hidden layer's features, whose exact optimum, rank and lambda_min_features summary.json reports",
            DefaultValueFactory = _ => "all",
        }.OneOf("all", "last");
        var relTol = new Option<double>("--rel-tol") { Description = "Stop once L(k) ≤ ε_rel · L(0) (0: run all steps); the success criterion of overparam threshold", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the initialization W(0), a, b", DefaultValueFactory = _ => 0 };
        var precision = new Option<string>("--precision") { Description = "f64 (default) or f32 (sgemm speed)", DefaultValueFactory = _ => "f64" }.OneOf("f64", "f32");
        var recordEvery = CommonOptions.Positive(new Option<int>("--record-every") { Description = "Record metrics every s steps (the first and last always)", DefaultValueFactory = _ => 1 });
        var gramEvery = new Option<int>("--gram-every") { Description = "Measure H(k), λ_min(H(k)) and its drift every g steps (three n×n eigenproblems each); 0: never; default: every K/10 steps", DefaultValueFactory = _ => -1 };
        var initW = new Option<string?>("--init-w") { Description = "Initial W (width × d) from .npy/.csv, e.g. to repeat a run in another framework" };
        var initA = new Option<string?>("--init-a") { Description = "Initial a (width) from .npy/.csv" };
        var initB = new Option<string?>("--init-b") { Description = "Initial b (width) from .npy/.csv (with --bias)" };
        var save = new Option<bool>("--save-weights")
        {
            Description = "Write the initial and final weights as .npy into the output folder: two-layer init_W, init_a (init_b), final_…; "
                + "fc/resnet init_W1 … init_WH (m×d, m×m), init_a (m); conv-resnet init_Wh (m, q, d_in), init_a (m, p)",
        };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from the init_*.npy weights of a folder written with --save-weights (any model; shapes checked)" };
        var outDir = new Option<string>("--out") { Description = "Output folder (written whole or not at all)", DefaultValueFactory = _ => "out/train" };

        var cmd = new Command("train", "Train a two-layer ReLU network by full-batch gradient descent in the papers' parameterization, recording loss, weight movement, pattern changes and Gram drift, and check Theorem 4.1 along the way");
        foreach (var o in data.All.Concat(model.All).Append(deep.Model).Concat(deep.All)) cmd.Options.Add(o);
        var heldOut = new CommonOptions.HeldOutOptions(); // metrics.csv gets test_mse (test_accuracy and train_accuracy for classes) and test_kernel_gap
        var form = new Option<string>("--form")
        {
            Description = "Two-layer step: primal (Z = XWᵀ and ∇W = MᵀX, 4nmd flops), dual (Z ← Z − η(XXᵀ)M, 2n²m flops; W built at the end), "
                + "or auto: dual when n < 2d. Both give the same iterates up to rounding; summary.json says which ran",
            DefaultValueFactory = _ => "auto",
        }.OneOf("auto", "primal", "dual");
        var refresh = new Option<int>("--refresh-every")
        {
            Description = $"Dual form: recompute Z from W(0) and the accumulated step sums every R steps, bounding float32 rounding (0: never)",
            DefaultValueFactory = _ => TrainSpec.DefaultRefreshEvery,
        };
        foreach (var o in new Option[] { lr, steps, tol, relTol, trainLayers, seed, precision, recordEvery, gramEvery, initW, initA, initB, save, initFrom, heldOut.TestN, heldOut.TestData, heldOut.TestLabels, heldOut.TestSplit, form, refresh, outDir })
            cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            int k = r.GetValue(steps), g = r.GetValue(gramEvery);
            var spec = new TrainSpec(data.From(r), deep.SpecOf(r, model), ParseRate(r.GetValue(lr)!), k, r.GetValue(tol), r.GetValue(seed),
                r.GetValue(precision) == "f32" ? Precision.F32 : Precision.F64, r.GetValue(recordEvery),
                g < 0 ? Math.Max(1, k / 10) : g, r.GetValue(model.Delta), r.GetValue(model.LabelBound),
                r.GetValue(initW), r.GetValue(initA), r.GetValue(initB), r.GetValue(save),
                r.GetValue(heldOut.TestN), r.GetValue(heldOut.TestData), r.GetValue(heldOut.TestLabels),
                StepForms.Parse(r.GetValue(form)!), r.GetValue(refresh), r.GetValue(initFrom), r.GetValue(heldOut.TestSplit), r.GetValue(relTol),
                TrainedLayerNames.Parse(r.GetValue(trainLayers)!)).Validate();
            var result = ProgressOutput.Run(ctx, (c, progress) =>
            {
                var steps = Steps(progress, k);
                var run = TrainJob.Run(spec, c.Backend(r), c.Threads(r), r.GetValue(outDir)!, steps.Report, note: c.Note);
                steps.End();
                return run;
            });
            Print(ctx.Out, result);
            if (!result.Outcome.Diverged) return App.Ok;
            string requested = Path.TrimEndingDirectorySeparator(Path.GetFullPath(r.GetValue(outDir)!));
            ctx.Err.WriteLine($"overparam: error: {result.Outcome.Message}; metrics so far are in {result.Folder}"
                + (result.Folder == requested ? "" : $" (the earlier result in {requested} is kept)"));
            return App.RunFailed;
        });
        return cmd;
    }

    internal static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>
    /// A training run's progress as one part, "train": step k of K at each recorded step, with L(k) and the steps a second.
    /// Its clock starts at step 0, so the set-up before the loop counts in neither the rate nor the time left.
    /// </summary>
    internal sealed class StepProgress(IProgress<ProgressUpdate> sink, int totalSteps)
    {
        private readonly PartProgress _part = new(sink, "train", "step", totalSteps);
        private string? _last;

        /// <summary>Called at recorded steps with (k, L(k)).</summary>
        public void Report(int step, double loss)
        {
            if (step == 0) _part.Start();
            double rate = step / Math.Max(_part.Elapsed.TotalSeconds, 1e-9);
            _last = string.Create(CultureInfo.InvariantCulture, $"loss {loss:G6}, {rate:F1} steps/s");
            _part.Reach(step, _last);
        }

        /// <summary>Ends the part (a run may stop before its last step), with the last loss and rate.</summary>
        public void End() => _part.End(_last);
    }

    /// <summary>The progress of a run of <paramref name="totalSteps"/> steps.</summary>
    internal static StepProgress Steps(IProgress<ProgressUpdate> sink, int totalSteps) => new(sink, totalSteps);

    private static void Print(TextWriter w, TrainResult r)
    {
        var s = r.Spec;
        var o = r.Outcome;
        w.WriteLine($"train {s.ModelName}: {r.Data.Source}; n = {r.Data.N}, d = {r.Data.D}, m = {s.Model.Width}{s.Model.Kind.ShapeNote(s.Model)}, η = {F(s.LearningRate!.Value)}{(r.LearningRateWasAuto ? " (auto: 1/λ_max)" : "")}, {s.Precision.ToString().ToLowerInvariant()}");
        w.WriteLine($"  {o.Message}; loss {F(o.Metrics[OverParam.Training.MetricColumns.Loss][0])} → {F(o.FinalLoss)} in {o.Seconds:F2} s ({F(o.StepsRun / Math.Max(o.Seconds, 1e-9))} steps/s)");
        w.WriteLine($"  {s.Model.Kind.Lambda0Name} = {F(r.Lambda0)}");
        PrintChecks(w, r.Checks);
        w.WriteLine($"  wrote {r.Folder}");
    }

    /// <summary>The theorem's checks as a short table.</summary>
    internal static void PrintChecks(TextWriter w, TheoremChecks c)
    {
        w.WriteLine($"  {c.Source} ({c.Constants}):");
        foreach (var h in c.Hypotheses) w.WriteLine($"    [{h.Mark}] {h.Name}: {h.Detail}");
        w.WriteLine("  observed:");
        foreach (var h in c.Observations) w.WriteLine($"    [{h.Mark}] {h.Name}: {h.Detail}");
    }
}

/// <summary>A tiny helper to configure an object inline.</summary>
internal static class Fluent
{
    public static T Also<T>(this T value, Action<T> configure)
    {
        configure(value);
        return value;
    }
}
