using System.CommandLine;
using OverParam.IO;
using OverParam.Reproductions;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary>
/// <c>overparam reproduce</c>: one subcommand per registered reproduction (<see cref="ReproductionRegistry.All"/>), each
/// built from its registration: the shared --quick, --seeds, --out and --jobs, then the paper's own options.
/// </summary>
public static class ReproduceCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("reproduce", "Reproduce a paper's experiment as written, with figures and a report");
        foreach (var reproduction in ReproductionRegistry.All) cmd.Subcommands.Add(Subcommand(ctx, reproduction));
        return cmd;
    }

    /// <summary>The subcommand of <paramref name="reproduction"/>: its options, and an action that runs the form asked for.</summary>
    private static Command Subcommand(CliContext ctx, Reproduction reproduction)
    {
        var quick = new Option<bool>("--quick") { Description = reproduction.QuickHelp };
        var seeds = reproduction.Seeds is { } s ? Seeds(s) : null;
        var outDir = new Option<string?>("--out") { Description = reproduction.OutHelp };
        var jobs = SweepRuns.Jobs();
        var own = reproduction.Options.Select(o => new Option<string?>(o.Name)
        {
            Description = o.Description,
            DefaultValueFactory = o.Default is { } d ? _ => d : null,
        }).ToList();
        var cmd = new Command(reproduction.Name, reproduction.Description) { quick };
        if (seeds != null) cmd.Options.Add(seeds);
        cmd.Options.Add(outDir);
        cmd.Options.Add(jobs);
        foreach (var o in own) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            int k = seeds == null ? 0 : r.GetValue(seeds);
            if (k < 0) throw new InputException($"--seeds must be at least 1, got {k}");
            var form = reproduction.Form(new ReproductionArgs(r.GetValue(quick), k, own.ToDictionary(o => o.Name, o => r.GetValue(o))));
            string dir = r.GetValue(outDir) ?? form.DefaultOut;
            return form switch
            {
                SweepForm sweep => SweepRuns.RunAndReport(ctx, r, sweep.Spec, new SweepFolder(dir), r.GetValue(jobs)),
                PartsForm parts => RunParts(ctx, r, parts, dir, r.GetValue(jobs)),
                _ => throw new InvalidOperationException($"reproduce {reproduction.Name}: unknown form {form.GetType().Name}"),
            };
        });
        return cmd;
    }

    /// <summary>--seeds: at least 1, or with a default of 0 ("the form's default") any count but a negative one, refused when run.</summary>
    private static Option<int> Seeds(ReproductionSeeds s)
    {
        var seeds = CommonOptions.Positive(new Option<int>("--seeds") { Description = s.Description, DefaultValueFactory = _ => s.Default });
        if (s.Default == 0) seeds.Validators.Clear();
        return seeds;
    }

    /// <summary>Runs (or resumes) the parts into <paramref name="dir"/>, then prints the claims; exit 1 if a trial failed.</summary>
    private static int RunParts(CliContext ctx, ParseResult r, PartsForm form, string dir, int jobs)
    {
        var (failed, report, claims) = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var la = live.Backend(r);
            return form.Run(new PartsRun(dir, la, SweepRuns.JobsFor(jobs, la), jobs, live.Threads(r), live.Note, progress));
        });
        PrintClaims(ctx.Out, claims);
        ctx.Out.WriteLine($"wrote {report} and {Path.Combine(dir, Claims.FileName)}");
        if (failed == 0) return App.Ok;
        ctx.Err.WriteLine($"overparam: error: {failed} trial(s) failed; see overparam sweep status on the parts in {dir}");
        return App.RunFailed;
    }

    /// <summary>Each claim's verdict and kind, then the headline count.</summary>
    private static void PrintClaims(TextWriter w, IReadOnlyList<Claim> claims)
    {
        foreach (var c in claims) w.WriteLine($"  {c.Verdict,-14} {c.Kind.ToString().ToLowerInvariant(),-12} {c.Id}");
        w.WriteLine($"  {Claims.Headline(claims)}");
    }
}
