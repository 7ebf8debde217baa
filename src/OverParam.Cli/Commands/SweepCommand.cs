using System.CommandLine;
using System.Globalization;
using OverParam.Numerics;
using OverParam.Reproductions;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam sweep</c>, <c>sweep status</c>, <c>aggregate</c> and <c>reproduce du2019</c>.</summary>
public static class SweepCommand
{
    private static Option<int> Jobs() => CommonOptions.NonNegative(new Option<int>("--jobs")
    {
        Description = "Trials run at once (0, the default: cores / BLAS threads, so 1 where OpenBLAS already uses every core)",
        DefaultValueFactory = _ => 0,
    });

    public static Command Create(CliContext ctx)
    {
        var spec = new Argument<string>("SPEC") { Description = "Sweep spec (YAML or JSON): name, base settings, axes with their values" };
        var outDir = new Option<string>("--out") { Description = "Sweep folder; running again resumes it", Required = true };
        var jobs = Jobs();
        var executor = new Option<string>("--executor")
        {
            Description = "local (trials in this process) or slurm (one job array, sbatch --wait; the sweep folder must be on a file system the nodes share)",
            DefaultValueFactory = _ => "local",
        }.OneOf("local", "slurm");
        var cpus = CommonOptions.Positive(new Option<int>("--cpus-per-task") { Description = "Cores each Slurm task asks for", DefaultValueFactory = _ => 2 });
        var cmd = new Command("sweep", "Run every trial of a sweep (resuming: finished trials are skipped), then aggregate and write figures and report.html") { spec, outDir, jobs, executor, cpus };
        cmd.SetAction(r =>
        {
            var s = SweepSpec.Load(r.GetValue(spec)!);
            var folder = new SweepFolder(r.GetValue(outDir)!);
            if (r.GetValue(executor) == "slurm") return RunSlurm(ctx, r, s, folder, r.GetValue(jobs), r.GetValue(cpus));
            return RunAndReport(ctx, r, s, folder, r.GetValue(jobs));
        });

        var dirArg2 = new Argument<string>("DIR") { Description = "Sweep folder (written by sweep --executor slurm)" };
        var index = new Option<int>("--index") { Description = "0-based trial index in sweep.json (Slurm's $SLURM_ARRAY_TASK_ID)", Required = true };
        var runTrial = new Command("run-trial", "Run one trial of a prepared sweep (what each Slurm array task does); a finished trial is skipped") { dirArg2, index };
        runTrial.SetAction(r => RunTrial(ctx, r, new SweepFolder(r.GetValue(dirArg2)!), r.GetValue(index)));
        cmd.Subcommands.Add(runTrial);

        var dirArg = new Argument<string>("DIR") { Description = "Sweep folder" };
        var status = new Command("status", "List the trials of a sweep: done, failed (with the error) or pending") { dirArg };
        status.SetAction(r => Status(ctx, new SweepFolder(r.GetValue(dirArg)!)));
        cmd.Subcommands.Add(status);
        return cmd;
    }

    public static Command Aggregate(CliContext ctx)
    {
        var dirArg = new Argument<string>("DIR") { Description = "Sweep folder" };
        var cmd = new Command("aggregate", "Write aggregate.csv (one row per trial and step), summary.csv (mean and spread over seeds), figures/ (SVG, PDF, PNG and CSV of each) and report.html") { dirArg };
        cmd.SetAction(r =>
        {
            var folder = new SweepFolder(r.GetValue(dirArg)!);
            var (data, report) = AggregateAndReport(ctx, folder, folder.ReadName());
            ctx.Out.WriteLine($"wrote {report}");
            PrintGroups(ctx.Out, data);
            return App.Ok;
        });
        return cmd;
    }

    public static Command Reproduce(CliContext ctx)
    {
        var quick = new Option<bool>("--quick") { Description = "Scaled down (n = d = 200, widths 50–5000, two seeds, 200 held-out points): about 10 s on a 2-core machine (docs/perf.md, run times)" };
        var seeds = CommonOptions.Positive(new Option<int>("--seeds") { Description = "Initialization seeds per width (default: 2 with --quick, 1 without)", DefaultValueFactory = _ => 0 });
        seeds.Validators.Clear();
        var outDir = new Option<string?>("--out") { Description = "Sweep folder (default: out/du2019 or out/du2019-quick)" };
        var jobs = Jobs();
        var du = new Command("du2019", "Du et al. (ICLR 2019) §5, Figure 1: loss, pattern changes and max distance vs iteration for several widths") { quick, seeds, outDir, jobs };
        du.SetAction(r =>
        {
            bool q = r.GetValue(quick);
            int k = r.GetValue(seeds);
            if (k < 0) throw new IO.InputException($"--seeds must be at least 1, got {k}");
            var s = Du2019Reproduction.Spec(q, k == 0 ? (q ? 2 : 1) : k);
            var folder = new SweepFolder(r.GetValue(outDir) ?? (q ? "out/du2019-quick" : "out/du2019"));
            return RunAndReport(ctx, r, s, folder, r.GetValue(jobs));
        });
        var quickDeep = new Option<bool>("--quick") { Description = "Scaled down (n = 30, depths 1–8): about 20 s on a 2-core machine, 40 s while its cores are shared" };
        var outDeep = new Option<string?>("--out") { Description = "Sweep folder (default: out/du2019-deep or out/du2019-deep-quick)" };
        var jobsDeep = Jobs();
        var deep = new Command("du2019-deep", "Du et al. (ICML 2019): λ_min(K^(H)) and training speed against depth, FC vs ResNet vs convolutional ResNet, at fixed width") { quickDeep, outDeep, jobsDeep };
        deep.SetAction(r =>
        {
            bool q = r.GetValue(quickDeep);
            var folder = new SweepFolder(r.GetValue(outDeep) ?? (q ? "out/du2019-deep-quick" : "out/du2019-deep"));
            return RunAndReport(ctx, r, Du2019DeepReproduction.Spec(q, 1), folder, r.GetValue(jobsDeep));
        });
        var quickArora = new Option<bool>("--quick") { Description = "Scaled down (n = 100, m = 1000, 100 steps): about 1 s on a 2-core machine; with --data, about 25 s (60 s while its cores are shared)" };
        var seedsArora = CommonOptions.Positive(new Option<int>("--seeds") { Description = "Initialization seeds per label kind", DefaultValueFactory = _ => 2 });
        var outArora = new Option<string?>("--out") { Description = "Sweep folder (default: out/arora2019 or out/arora2019-quick)" };
        var jobsArora = Jobs();
        var dataArora = new Option<string?>("--data")
        {
            Description = "Natural images instead of the teacher on sphere data: fashion-mnist, mnist:DIR or cifar10:DIR. Two classes, label noise 0, 0.2, …, 1, "
                + "held-out error on the test split, and the complexity measure √(2yᵀ(H∞)⁻¹y/n) per noise level",
        };
        var classesArora = new Option<string>("--classes")
        {
            Description = "With --data: the two classes, +1 for the first",
            DefaultValueFactory = _ => Arora2019NaturalReproduction.DefaultClasses,
        };
        var arora = new Command("arora2019", "Arora et al. (ICML 2019) §4: small initialization, structured vs random labels: loss, residual vs the kernel prediction, weight movement")
            { quickArora, seedsArora, outArora, jobsArora, dataArora, classesArora };
        arora.SetAction(r =>
        {
            bool q = r.GetValue(quickArora);
            if (r.GetValue(dataArora) is { } natural)
            {
                if (OverParam.Data.NaturalData.Parse(natural) == null)
                    throw new IO.InputException($"--data: '{natural}' is not a natural data set; expected fashion-mnist, mnist:DIR or cifar10:DIR");
                string classes = r.GetValue(classesArora)!;
                if (classes.Split(',').Length != 2) throw new IO.InputException($"--classes: the reproduction needs two classes (±1 labels), got '{classes}'");
                var naturalFolder = new SweepFolder(r.GetValue(outArora) ?? (q ? "out/arora2019-natural-quick" : "out/arora2019-natural"));
                return RunAndReport(ctx, r, Arora2019NaturalReproduction.Spec(natural, classes, q, r.GetValue(seedsArora)), naturalFolder, r.GetValue(jobsArora));
            }
            var folder = new SweepFolder(r.GetValue(outArora) ?? (q ? "out/arora2019-quick" : "out/arora2019"));
            return RunAndReport(ctx, r, Arora2019Reproduction.Spec(q, r.GetValue(seedsArora)), folder, r.GetValue(jobsArora));
        });
        var quickK = new Option<bool>("--quick") { Description = "Scaled down (part 1 at n = 100, m = 128; ten classes at n = 500; the last-layer grid and the searches up to n = 800): about 14 minutes on a 2-core machine" };
        var seedsK = CommonOptions.Positive(new Option<int>("--seeds") { Description = "Initialization seeds per setting (the threshold searches use at least 2)", DefaultValueFactory = _ => 1 });
        var outK = new Option<string?>("--out") { Description = "Folder of the parts and the report (default: out/kawaguchi2019 or out/kawaguchi2019-quick); running again resumes it" };
        var jobsK = Jobs();
        var dataK = new Option<string>("--data") { Description = "Natural images: fashion-mnist, mnist:DIR or cifar10:DIR", DefaultValueFactory = _ => "fashion-mnist" };
        var classesK = new Option<string>("--classes") { Description = "The classes, two or more (e.g. 0,1 or 0,1,2,3,4,5,6,7,8,9): two give ±1 labels, +1 for the first; more give one-hot targets (chance 1/K)", DefaultValueFactory = _ => Kawaguchi2019Reproduction.DefaultClasses };
        var kawaguchi = new Command("kawaguchi2019", "Kawaguchi & Huang (2019): natural vs random data on nets with the guarantee (two classes, every layer; ten classes, the output layer alone), the output layer alone at m_H/n from 0.5 to 4 (the threshold m* = n, the loss floor below it, the cost near it), and the parameters GD needs against n with every layer trained")
            { quickK, seedsK, outK, jobsK, dataK, classesK };
        kawaguchi.SetAction(r =>
        {
            bool q = r.GetValue(quickK);
            var options = new KawaguchiOptions(r.GetValue(dataK)!, r.GetValue(classesK)!, q, r.GetValue(seedsK));
            Kawaguchi2019Reproduction.Validate(options);
            string dir = r.GetValue(outK) ?? (q ? "out/kawaguchi2019-quick" : "out/kawaguchi2019");
            var (failed, report, claims) = ProgressOutput.Run(ctx, (live, progress) =>
            {
                var la = live.Backend(r);
                int asked = r.GetValue(jobsK);
                int j = asked > 0 ? asked : SweepRunner.DefaultJobs(la is OpenBlasBackend ob ? ob.Threads : 1);
                // The every-layer searches' nets are a few dozen units wide: a run a core, unless --jobs says otherwise.
                return Kawaguchi2019Reproduction.Run(options, dir, la, j, live.Threads(r), live.Note, progress, asked > 0 ? asked : Math.Max(j, Environment.ProcessorCount));
            });
            PrintClaims(ctx.Out, claims);
            ctx.Out.WriteLine($"wrote {report} and {Path.Combine(dir, Claims.FileName)}");
            if (failed == 0) return App.Ok;
            ctx.Err.WriteLine($"overparam: error: {failed} trial(s) failed; see overparam sweep status on the parts in {dir}");
            return App.RunFailed;
        });
        var quickJ = new Option<bool>("--quick") { Description = "Two seeds a part instead of five (n = 10, m = 50,000, 3,000 steps each): about 50 s on a 2-core machine, against 100 s without" };
        var seedsJ = CommonOptions.Positive(new Option<int>("--seeds") { Description = "Initialization seeds per setting (default: 2 with --quick, 5 without)", DefaultValueFactory = _ => 0 });
        seedsJ.Validators.Clear();
        var outJ = new Option<string?>("--out") { Description = "Folder of the parts and the report (default: out/jentzen2021 or out/jentzen2021-quick); running again resumes it" };
        var jobsJ = Jobs();
        var jentzen = new Command("jentzen2021", "Jentzen & Kröger (arXiv 2102.11840): biases make distinct inputs enough (d = 1), a repeated input is not, and v1's pairwise independent inputs (d = 2)")
            { quickJ, seedsJ, outJ, jobsJ };
        jentzen.SetAction(r =>
        {
            bool q = r.GetValue(quickJ);
            int k = r.GetValue(seedsJ);
            if (k < 0) throw new IO.InputException($"--seeds must be at least 1, got {k}");
            string dir = r.GetValue(outJ) ?? (q ? "out/jentzen2021-quick" : "out/jentzen2021");
            var (failed, report, claims) = ProgressOutput.Run(ctx, (live, progress) =>
            {
                var la = live.Backend(r);
                int j = r.GetValue(jobsJ) is > 0 and var asked ? asked : SweepRunner.DefaultJobs(la is OpenBlasBackend ob ? ob.Threads : 1);
                return Jentzen2021Reproduction.Run(new JentzenOptions(q, k), dir, la, j, live.Threads(r), live.Note, progress);
            });
            PrintClaims(ctx.Out, claims);
            ctx.Out.WriteLine($"wrote {report} and {Path.Combine(dir, Claims.FileName)}");
            if (failed == 0) return App.Ok;
            ctx.Err.WriteLine($"overparam: error: {failed} trial(s) failed; see overparam sweep status on the parts in {dir}");
            return App.RunFailed;
        });
        var cmd = new Command("reproduce", "Reproduce a paper's experiment as written, with figures and a report");
        cmd.Subcommands.Add(kawaguchi);
        cmd.Subcommands.Add(jentzen);
        cmd.Subcommands.Add(du);
        cmd.Subcommands.Add(deep);
        cmd.Subcommands.Add(arora);
        return cmd;
    }

    /// <summary>Each claim's verdict and kind, then the headline count.</summary>
    private static void PrintClaims(TextWriter w, IReadOnlyList<Claim> claims)
    {
        foreach (var c in claims) w.WriteLine($"  {c.Verdict,-14} {c.Kind.ToString().ToLowerInvariant(),-12} {c.Id}");
        w.WriteLine($"  {Claims.Headline(claims)}");
    }

    /// <summary>How a compute node starts this same overparam: the dotnet host and this build's overparam.dll.</summary>
    internal static IReadOnlyList<string> SelfCommand()
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return [host, "exec", typeof(App).Assembly.Location];
    }

    private static int RunSlurm(CliContext ctx, ParseResult r, SweepSpec spec, SweepFolder folder, int jobs, int cpus)
    {
        var (data, report, trials, failed) = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var pending = SweepRunner.Prepare(spec, folder);
            if (pending.Count > 0)
            {
                string script = SlurmArray.WriteScript(folder, SelfCommand(), cpus, spec.Name);
                live.Note($"sweep {spec.Name}: submitting {pending.Count} trial(s) as a Slurm array ({script})");
                var (_, listed) = folder.ReadTrials();
                var watched = pending.Select(i => listed[i]).ToList();
                var part = SweepRunner.Progress(progress, $"sweep {spec.Name} on Slurm", "trial", watched);
                var (code, output) = SlurmArray.Submit(script, pending, jobs, SlurmArray.Watch(folder, watched, part));
                part.End();
                live.Note($"sbatch: {output.ReplaceLineEndings(" ")} (exit {code})");
            }
            var (data, report) = AggregateAndReport(live, folder, spec.Name);
            var (_, trials) = folder.ReadTrials();
            return (data, report, trials.Count, trials.Count(t => folder.State(t.Id) != TrialState.Done));
        });
        ctx.Out.WriteLine($"sweep {spec.Name} on Slurm: {trials} trials, {trials - failed} done, {failed} not done");
        PrintGroups(ctx.Out, data);
        ctx.Out.WriteLine($"wrote {report}");
        return failed == 0 ? App.Ok : App.RunFailed;
    }

    private static int RunTrial(CliContext ctx, ParseResult r, SweepFolder folder, int index)
    {
        var (_, trials) = folder.ReadTrials();
        if (index < 0 || index >= trials.Count)
            throw new IO.InputException($"--index {index}: the sweep in {folder.Dir} has trials 0..{trials.Count - 1}");
        var trial = trials[index];
        if (folder.State(trial.Id) == TrialState.Done)
        {
            ctx.Out.WriteLine($"{trial.Id}: already done");
            return App.Ok;
        }
        // A Slurm array task: its log (stderr) shows the run's steps and the time left.
        string? error = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var la = live.Backend(r);
            var steps = TrainCommand.Steps(progress, int.Parse(trial.Settings["steps"], CultureInfo.InvariantCulture));
            string? e = SweepRunner.RunTrial(trial, folder, la, live.Threads(r), steps.Report);
            steps.End();
            return e;
        });
        ctx.Out.WriteLine(error == null ? $"{trial.Id}: done" : $"{trial.Id}: FAILED: {error}");
        return error == null ? App.Ok : App.RunFailed;
    }

    private static (SweepData Data, string Report) AggregateAndReport(CliContext ctx, SweepFolder folder, string name) =>
        ReproductionReports.AggregateAndReport(folder, name, ctx.Note);

    private static int RunAndReport(CliContext ctx, ParseResult r, SweepSpec spec, SweepFolder folder, int jobs)
    {
        var (result, data, report) = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var la = live.Backend(r);
            int j = jobs > 0 ? jobs : SweepRunner.DefaultJobs(la is OpenBlasBackend ob ? ob.Threads : 1);
            var result = SweepRunner.Run(spec, folder, j, la, live.Threads(r), live.Note, progress: progress);
            var (data, report) = AggregateAndReport(live, folder, spec.Name);
            return (result, data, report);
        });
        ctx.Out.WriteLine($"sweep {spec.Name}: {result.Total} trials: {result.AlreadyDone} already done, {result.RanOk} ran, {result.Failed} failed, in {result.Seconds:F1} s");
        PrintGroups(ctx.Out, data);
        ctx.Out.WriteLine($"wrote {folder.Dir}/aggregate.csv, summary.csv, figures/, {report}");
        if (result.Failed == 0) return App.Ok;
        ctx.Err.WriteLine($"overparam: error: {result.Failed} trial(s) failed; see overparam sweep status {folder.Dir}");
        return App.RunFailed;
    }

    private static void PrintGroups(TextWriter w, SweepData data)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";
        w.WriteLine($"  {"setting",-28} {"seeds",5} {"final loss",11} {"rate",8} {"1-ηλ0/2",8} {"max_dist",9} {"patterns",9}");
        foreach (var g in data.Groups)
            w.WriteLine($"  {g.Label,-28} {g.Trials.Count,5} {F(g.FinalLoss.Mean),11} {F(g.Rate.Mean),8} {F(g.TheoryRate.Mean),8} {F(g.MaxDist.Mean),9} {F(g.PatternChange.Mean),9}");
    }

    private static int Status(CliContext ctx, SweepFolder folder)
    {
        var (_, trials) = folder.ReadTrials();
        int done = 0, failed = 0, damaged = 0, pending = 0;
        foreach (var t in trials)
        {
            var state = folder.State(t.Id);
            string extra = "";
            switch (state)
            {
                case TrialState.Failed:
                    failed++;
                    extra = "  " + (string?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.FailedFile(t.Id)))!["error"];
                    break;
                case TrialState.Damaged:
                    damaged++;
                    extra = $"  {folder.Problem(t.Id)} (rerun on resume)";
                    break;
                case TrialState.Done:
                    done++;
                    break;
                case TrialState.Pending:
                    pending++;
                    break;
                default:
                    throw new InvalidOperationException($"unknown trial state {state}");
            }
            ctx.Out.WriteLine($"{state.ToString().ToLowerInvariant(),-8} {t.Id}{extra}");
        }
        ctx.Out.WriteLine($"{done} done, {failed} failed, {damaged} damaged, {pending} pending, of {trials.Count}");
        return failed == 0 && damaged == 0 && pending == 0 ? App.Ok : App.RunFailed;
    }
}
