using System.CommandLine;
using System.Globalization;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam sweep</c>: every trial of a spec, locally or as a Slurm array, and <c>sweep run-trial</c>, one trial of a
/// prepared sweep (what each Slurm array task runs); <c>sweep status</c> is <see cref="StatusCommand"/>.</summary>
public static class SweepCommand
{
    public static Command Create(CliContext ctx)
    {
        var spec = new Argument<string>("SPEC") { Description = "Sweep spec (YAML or JSON): name, base settings, axes with their values" };
        var outDir = new Option<string>("--out") { Description = "Sweep folder; running again resumes it", Required = true };
        var jobs = SweepRuns.Jobs();
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
            return SweepRuns.RunAndReport(ctx, r, s, folder, r.GetValue(jobs));
        });

        var dirArg = new Argument<string>("DIR") { Description = "Sweep folder (written by sweep --executor slurm)" };
        var index = new Option<int>("--index") { Description = "0-based trial index in sweep.json (Slurm's $SLURM_ARRAY_TASK_ID)", Required = true };
        var runTrial = new Command("run-trial", "Run one trial of a prepared sweep (what each Slurm array task does); a finished trial is skipped") { dirArg, index };
        runTrial.SetAction(r => RunTrial(ctx, r, new SweepFolder(r.GetValue(dirArg)!), r.GetValue(index)));
        cmd.Subcommands.Add(runTrial);

        cmd.Subcommands.Add(StatusCommand.Create(ctx));
        return cmd;
    }

    private static int RunSlurm(CliContext ctx, ParseResult r, SweepSpec spec, SweepFolder folder, int jobs, int cpus)
    {
        var (data, report, trials, failed) = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var pending = SweepRunner.Prepare(spec, folder);
            if (pending.Count > 0)
            {
                string script = SlurmArray.WriteScript(folder, SweepRuns.SelfCommand(), cpus, spec.Name);
                live.Note($"sweep {spec.Name}: submitting {pending.Count} trial(s) as a Slurm array ({script})");
                var (_, listed) = folder.ReadTrials();
                var watched = pending.Select(i => listed[i]).ToList();
                var part = SweepRunner.Progress(progress, $"sweep {spec.Name} on Slurm", "trial", watched);
                var (code, output) = SlurmArray.Submit(script, pending, jobs, SlurmArray.Watch(folder, watched, part));
                part.End();
                live.Note($"sbatch: {output.ReplaceLineEndings(" ")} (exit {code})");
            }
            var (data, report) = SweepRuns.AggregateAndReport(live, folder, spec.Name);
            var (_, trials) = folder.ReadTrials();
            return (data, report, trials.Count, trials.Count(t => folder.State(t.Id) != TrialState.Done));
        });
        ctx.Out.WriteLine($"sweep {spec.Name} on Slurm: {trials} trials, {trials - failed} done, {failed} not done");
        SweepRuns.PrintGroups(ctx.Out, data);
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
}
