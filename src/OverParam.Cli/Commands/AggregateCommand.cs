using System.CommandLine;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam aggregate</c>: a sweep's tables, figures and report (a reproduction's with its notes and claims).</summary>
public static class AggregateCommand
{
    public static Command Create(CliContext ctx)
    {
        var dirArg = new Argument<string>("DIR") { Description = "Sweep folder" };
        var cmd = new Command("aggregate", "Write aggregate.csv (one row per trial and step), summary.csv (mean and spread over seeds), figures/ (SVG, PDF, PNG and CSV of each) and report.html") { dirArg };
        cmd.SetAction(r =>
        {
            var folder = new SweepFolder(r.GetValue(dirArg)!);
            var (data, report) = SweepRuns.AggregateAndReport(ctx, folder, folder.ReadName());
            ctx.Out.WriteLine($"wrote {report}");
            SweepRuns.PrintGroups(ctx.Out, data);
            return App.Ok;
        });
        return cmd;
    }
}
