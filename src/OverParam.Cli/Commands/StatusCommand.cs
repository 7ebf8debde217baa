using System.CommandLine;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam sweep status</c>: the trials of a sweep, done, failed (with the error), damaged or pending.</summary>
public static class StatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var dirArg = new Argument<string>("DIR") { Description = "Sweep folder" };
        var status = new Command("status", "List the trials of a sweep: done, failed (with the error) or pending") { dirArg };
        status.SetAction(r => Run(ctx, new SweepFolder(r.GetValue(dirArg)!)));
        return status;
    }

    /// <summary>One line per trial, then the counts; exit 1 unless every trial is done.</summary>
    private static int Run(CliContext ctx, SweepFolder folder)
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
