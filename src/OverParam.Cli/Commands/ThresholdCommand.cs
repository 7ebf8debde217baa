using System.CommandLine;
using System.Globalization;
using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Cli;

/// <summary>
/// <c>overparam threshold</c>: the measured over-parameterization threshold m*(n), its exponent, and the theorem's
/// requirement on the same data. Every run setting is an option named after its sweep key (--c-res for c_res), so a
/// run of the search is <c>overparam train</c> with the same options plus --width, --seed and --rel-tol.
/// </summary>
public static class ThresholdCommand
{
    /// <summary>Run settings whose default differs here: the H(k) eigenproblems are off (they would dominate small runs), K = 1000.</summary>
    private static readonly Dictionary<string, string> Defaults = new() { ["gram_every"] = "0", ["steps"] = "1000" };

    /// <summary>--quick's sizes and steps (the README's quick example).</summary>
    private const string QuickSizes = "25,50,100", QuickSteps = "2000";

    public static Command Create(CliContext ctx)
    {
        var sizes = new Option<string>("--n") { Description = "Sizes n, comma-separated (e.g. 25,50,100,200): the first n points of the data (synthetic: drawn with --data-seed at that n); required unless --quick" };
        var quick = new Option<bool>("--quick") { Description = $"A quick search: --n {QuickSizes} and --steps {QuickSteps} unless given (with the defaults, a two-layer net on d = 10 sphere data: about 3 s on a 2-core machine)" };
        var seeds = CommonOptions.Positive(new Option<int>("--seeds") { Description = $"S: initialization seeds 0 … S−1 at every (n, m); S × the sizes is at most {ThresholdSpec.MaxRunsPerRound} runs a round", DefaultValueFactory = _ => 3 });
        var tol = new Option<double>("--tol") { Description = "ε: a run succeeds when L(k) ≤ ε·L(0) within --steps (it stops there)", DefaultValueFactory = _ => 1e-2 };
        var criterion = new Option<string>("--criterion") { Description = "loss (L(k) ≤ ε·L(0)), accuracy (100% training accuracy; natural data with its own labels) or optimum (with --train-layers last: the exact least-squares optimum L* ≤ ε·L(0), whatever the steps)", DefaultValueFactory = _ => "loss" }.OneOf("loss", "accuracy", "optimum");
        var success = new Option<double>("--success") { Description = "q: m* is the smallest width at which at least this fraction of the seeds succeed", DefaultValueFactory = _ => ThresholdSpec.DefaultSuccess };
        var resolution = new Option<double>("--resolution") { Description = "Relative resolution of m*: bisection stops when (m* − m_below)/m* ≤ this", DefaultValueFactory = _ => ThresholdSpec.DefaultResolution };
        var start = CommonOptions.Positive(new Option<int>("--start-width") { Description = "The first width tried at every n (then doubled or halved)", DefaultValueFactory = _ => 16 });
        var max = CommonOptions.Positive(new Option<int>("--max-width") { Description = "Give up above this width (m* reported as not found)", DefaultValueFactory = _ => 65536 });
        var maxSteps = new Option<int?>("--max-steps")
        {
            Description = $"The step cap: a run that missed ε while its loss was still falling (its log-loss over the last {Thresholds.LossTrend.WindowFraction:P0} of its steps, " +
                          $"extrapolated linearly, reaches ε·L(0) by the cap) is undecided and run again with {Thresholds.LossTrend.ExtensionFactor}× the steps, up to this; " +
                          "m* is reported from the runs at --steps alone and from each seed's run with the most steps (--criterion loss; default: --steps, no reruns)",
        };
        var name = new Option<string>("--name") { Description = "The search's name (report title)", DefaultValueFactory = _ => "threshold" };
        var outDir = new Option<string>("--out") { Description = "Search folder; running again with the same options resumes it", Required = true };
        var jobs = CommonOptions.NonNegative(new Option<int>("--jobs") { Description = "Runs at once (0: cores / BLAS threads)", DefaultValueFactory = _ => 0 });
        var executor = new Option<string>("--executor") { Description = "local, or slurm (each round one job array, sbatch --wait; the folder on a shared file system)", DefaultValueFactory = _ => "local" }.OneOf("local", "slurm");
        var cpus = CommonOptions.Positive(new Option<int>("--cpus-per-task") { Description = "Cores each Slurm task asks for", DefaultValueFactory = _ => 2 });
        var settings = SettingKeys.All.Where(k => !ThresholdSpec.SearchKeys.Contains(k.Name) && !ThresholdSpec.WidthShapedKeys.Contains(k.Name))
            .Select(SettingOption).ToList();

        var cmd = new Command("threshold", "Measure the smallest width m*(n) at which GD succeeds for most seeds, fit its exponent in n, and put it next to the width the theorem asks for on the same data")
            { sizes, quick, seeds, tol, criterion, success, resolution, start, max, maxSteps, name, outDir, jobs, executor, cpus };
        foreach (var (o, _) in settings) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var baseSettings = SettingKeys.All.ToDictionary(k => k.Name, k => Defaults.GetValueOrDefault(k.Name, k.Default));
            foreach (var (o, key) in settings)
                if (r.GetResult(o) is { Implicit: false } given)
                {
                    string raw = o is Option<bool> flag ? (r.GetValue(flag) ? "true" : "false") : given.Tokens[^1].Value;
                    baseSettings[key.Name] = SettingValues.Canonical(key, raw, out _) ?? throw new IO.InputException(Refusal(o, key, raw)!);
                }
            TrainSettings.DefaultNaturalLabels(baseSettings, settings.Any(p => p.Key.Name == "labels" && r.GetResult(p.Option) is { Implicit: false }));
            var model = OverParam.Experiments.ModelKinds.ByName(baseSettings["model"]);
            foreach (var (o, key) in settings) // as a sweep spec: an option none of the search's runs reads is refused
                if (r.GetResult(o) is { Implicit: false } && !key.AppliesTo(model))
                    throw new IO.InputException(key.NotReadBy(o.Name, [model], "the model this search trains", "--model"));
            bool isQuick = r.GetValue(quick);
            if (isQuick && !settings.Any(p => p.Key.Name == "steps" && r.GetResult(p.Option) is { Implicit: false }))
                baseSettings["steps"] = QuickSteps;
            string sizesText = r.GetValue(sizes) ?? (isQuick ? QuickSizes
                : throw new IO.InputException("--n: the sizes are required (e.g. --n 25,50,100), or --quick"));
            var spec = new ThresholdSpec(r.GetValue(name)!, baseSettings, ThresholdSpec.ParseSizes(sizesText), r.GetValue(seeds), r.GetValue(tol),
                r.GetValue(criterion) switch { "accuracy" => SuccessCriterion.Accuracy, "optimum" => SuccessCriterion.Optimum, _ => SuccessCriterion.Loss }, r.GetValue(success), r.GetValue(resolution),
                r.GetValue(start), r.GetValue(max), r.GetValue(maxSteps)).Validate();
            var folder = new SweepFolder(r.GetValue(outDir)!);
            var (result, report) = ProgressOutput.Run(ctx, (live, progress) =>
            {
                var la = live.Backend(r);
                int j = SweepRuns.JobsFor(r.GetValue(jobs), la);
                ITrialExecutor exec = r.GetValue(executor) == "slurm"
                    ? new SlurmExecutor(SweepRuns.SelfCommand(), r.GetValue(cpus), r.GetValue(jobs), spec.Name, live.Note)
                    : new LocalExecutor(j, la, live.Threads(r), null);
                var result = ThresholdSearch.Run(spec, folder, exec, la, live.Threads(r), live.Note, progress: progress);
                ThresholdFiles.Write(result, folder.Dir, la.Description);
                return (result, ThresholdReport.Write(result, folder.Dir));
            });
            Print(ctx.Out, result);
            ctx.Out.WriteLine($"wrote {folder.Dir}/thresholds.csv, runs.csv, fit.json, figures/ (threshold, theory_ratio, success: .svg .pdf .png .csv), {report}");
            return App.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// An option for one run setting: a flag for true/false keys, else a value checked against the key's kind and range at
    /// parse time, as a sweep spec's value is (<see cref="SettingValues.Canonical"/>).
    /// </summary>
    private static (Option Option, Setting Key) SettingOption(Setting key)
    {
        string name = "--" + key.Name.Replace('_', '-');
        string def = Defaults.GetValueOrDefault(key.Name, key.Default);
        if (key.Kind == "bool") return (new Option<bool>(name) { Description = $"Every run: {key.Help}" }, key);
        var o = new Option<string>(name) { Description = $"Every run: {key.Help} (default {def})" };
        o.Validators.Add(res =>
        {
            if (res.Tokens.Count > 0 && Refusal(o, key, res.Tokens[^1].Value) is { } message) res.AddError(message);
        });
        return (o, key);
    }

    /// <summary>The one line refusing <paramref name="raw"/> for <paramref name="key"/>'s option, or null where it reads.</summary>
    private static string? Refusal(Option o, Setting key, string raw) =>
        SettingValues.Canonical(key, raw, out string expected) == null ? $"{o.Name}: expected {expected}, got '{raw}'" : null;

    /// <summary>m* of the base-budget runs, or "&gt;m" when every tried width m fails at the base budget.</summary>
    private static string Base(WidthThreshold t) => t.MStar?.ToString(CultureInfo.InvariantCulture) ?? $">{t.MBelow?.ToString(CultureInfo.InvariantCulture)}";

    private static void Print(TextWriter w, ThresholdResult r)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";
        w.WriteLine($"threshold {r.Spec.Name}: {r.Runs.Count} runs ({r.TrialsRun} run now in {r.Rounds} round(s), {r.Seconds:F1} s); success: {ThresholdReport.Criterion(r.Spec)} for ≥ {r.Spec.Success:0.##} of {r.Spec.Seeds} seeds");
        bool extends = r.Spec.Extends;
        string atK = $"m* at {r.Spec.BaseSteps}";
        w.WriteLine($"  {"n",6} {"m*",7} {"P*",9} {"m_below",8} {"λ0",10} {"required m",11}" + (extends ? $" {atK,12} {"reruns",7}" : ""));
        string M(int? m) => m?.ToString(CultureInfo.InvariantCulture) ?? $">{r.Spec.MaxWidth}";
        foreach (var s in r.Sizes)
            w.WriteLine($"  {s.N,6} {M(s.Threshold.MStar),7} {s.ParamsStar?.ToString(CultureInfo.InvariantCulture) ?? "–",9} " +
                        $"{s.Threshold.MBelow?.ToString(CultureInfo.InvariantCulture) ?? "–",8} {F(s.Theory.Lambda0),10} {F(s.Theory.RequiredWidth),11}" +
                        (extends ? $" {Base(s.BaseThreshold),12} {s.Reruns,7}" : "") +
                        (s.Threshold.NonMonotone.Count > 0 ? $"  (not monotone: success at {string.Join(", ", s.Threshold.NonMonotone)})" : "") +
                        (s.Undecided > 0 ? $"  ({s.Undecided} run(s) undecided at {r.Spec.StepCap} steps)" : ""));
        void Fit(string what, PowerFit f) => w.WriteLine($"  {what}: exponent {F(f.Exponent)}" + (double.IsFinite(f.CiLow) ? $" (95% [{F(f.CiLow)}, {F(f.CiHigh)}]" +
            (double.IsFinite(f.SizesCiLow) ? $"; over sizes and seeds [{F(f.SizesCiLow)}, {F(f.SizesCiHigh)}]" : "") + ")" : ""));
        Fit("m* ∝ n^α", r.WidthFit);
        Fit("P* ∝ n^β", r.ParamsFit);
        if (extends)
        {
            Fit($"m* at {r.Spec.BaseSteps} steps ∝ n^α", r.BaseWidthFit);
            Fit($"P* at {r.Spec.BaseSteps} steps ∝ n^β", r.BaseParamsFit);
        }
        Fit($"{r.Sizes.FirstOrDefault()?.Theory.Theorem} width ∝ n^γ", r.TheoryFit);
    }
}
