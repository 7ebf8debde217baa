using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam train</c>: gradient descent on the papers' two-layer networks, with the theorem check.</summary>
public static class TrainCommand
{
    /// <summary>The model's width and the two-layer net's options, with the theorem's δ and C (shared with <c>check</c>).</summary>
    public sealed class ModelOptions : ISettingGroup
    {
        private readonly SettingOptions _options = new(["width", "bias", "train_output", "init_scale", "delta", "label_bound"]);

        public IEnumerable<Option> All => _options.All;

        /// <summary>--width.</summary>
        public Option<int> Width => _options.Of<int>("width");

        /// <summary>--delta.</summary>
        public Option<double> Delta => _options.Of<double>("delta");

        /// <summary>--label-bound.</summary>
        public Option<double?> LabelBound => _options.Of<double?>("label_bound");

        /// <summary>Writes these settings into <paramref name="settings"/>.</summary>
        public void Into(ParseResult r, IDictionary<string, string> settings) => _options.Into(r, settings);

        /// <summary>Refuses an option given that <paramref name="model"/> does not read (<see cref="SettingOptions.RefuseUnread"/>).</summary>
        public void RefuseUnread(ParseResult r, ModelKind model, string role, string choose) => _options.RefuseUnread(r, model, role, choose);
    }

    public static double? ParseRate(string text) => text == "auto" ? null : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>--model and the deep networks' options (Du et al. ICML 2019), shared by train, check, gram, predict and bench.</summary>
    public sealed class DeepOptions : ISettingGroup
    {
        private readonly SettingOptions _model = new(["model"]);
        private readonly SettingOptions _shape = new(["depth", "activation", "c_res", "channels", "patch"]);

        /// <summary>--depth, --activation, --c-res, --channels, --patch (not --model).</summary>
        public IEnumerable<Option> All => _shape.All;

        /// <summary>--model: a kind of the registry (train and check).</summary>
        public Option Model => _model["model"];

        public OverParam.Architectures.DeepSpec From(ParseResult r, OverParam.Architectures.Architecture arch) =>
            new(arch, r.GetValue(_shape.Of<int>("depth")), OverParam.Architectures.Activation.ByName(r.GetValue(_shape.Of<string>("activation"))!),
                r.GetValue(_shape.Of<double>("c_res")), r.GetValue(_shape.Of<int>("channels")), r.GetValue(_shape.Of<int>("patch")));

        /// <summary>
        /// Refuses a shape option given that <paramref name="model"/> does not read (<see cref="SettingOptions.RefuseUnread"/>):
        /// --c-res with --model fc, --depth with gram's two-layer kernels. <paramref name="choose"/> is the option that sets
        /// the model (--model, or --kernel).
        /// </summary>
        public void RefuseUnread(ParseResult r, ModelKind model, string role, string choose) => _shape.RefuseUnread(r, model, role, choose);

        /// <summary>
        /// Refuses a shape option given that <paramref name="kernel"/>'s network does not read (<see cref="KernelKinds.ModelOf"/>):
        /// gram's and predict's rule.
        /// </summary>
        public void RefuseUnread(ParseResult r, OverParam.Kernels.KernelKind kernel) =>
            RefuseUnread(r, KernelKinds.ModelOf(kernel), $"the network of kernel {kernel.Name}", "--kernel");

        /// <summary>Writes --model and these settings into <paramref name="settings"/> (train and check, which take --model).</summary>
        public void Into(ParseResult r, IDictionary<string, string> settings)
        {
            _model.Into(r, settings);
            _shape.Into(r, settings);
        }
    }

    /// <summary>Every setting of a training run as train's options: the data's, the model's, then the run's (--help's order).</summary>
    public sealed class TrainOptions
    {
        private static readonly string[] RunKeys =
        [
            "lr", "steps", "tol", "rel_tol", "train_layers", "seed", "precision", "record_every", "gram_every", "init_w", "init_a", "init_b",
            "save_weights", "init_from", "test_n", "test_data", "test_labels", "test_split", "form", "refresh_every",
        ];

        private readonly CommonOptions.DataOptions _data = new("--data-seed");
        private readonly ModelOptions _model = new();
        private readonly DeepOptions _deep = new();
        private readonly SettingOptions _run = new(RunKeys);

        public IEnumerable<Option> All => _data.All.Concat(_model.All).Append(_deep.Model).Concat(_deep.All).Concat(_run.All);

        /// <summary>
        /// The options as settings, as a sweep's trial holds them. An option given that the model does not read is refused,
        /// as in a sweep spec: "--c-res: an option of resnet and conv-resnet, not of two-layer, the model this run trains; …".
        /// </summary>
        public Dictionary<string, string> Settings(ParseResult r)
        {
            return SettingGroups.Collect(r, "the model this run trains", _data, _model, _deep, _run).Settings;
        }

        /// <summary>The training spec: the one way to it, from the settings (<see cref="TrainSettings.ToTrainSpec"/>).</summary>
        public TrainSpec Spec(ParseResult r) => TrainSettings.ToTrainSpec(Settings(r));
    }

    public static Command Create(CliContext ctx)
    {
        var options = new TrainOptions();
        var outDir = new Option<string>("--out") { Description = "Output folder (written whole or not at all)", DefaultValueFactory = _ => "out/train" };

        var cmd = new Command("train", "Train a two-layer ReLU network by full-batch gradient descent in the papers' parameterization, recording loss, weight movement, pattern changes and Gram drift, and check Theorem 4.1 along the way");
        foreach (var o in options.All.Append(outDir)) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var spec = options.Spec(r);
            int k = spec.Steps;
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
