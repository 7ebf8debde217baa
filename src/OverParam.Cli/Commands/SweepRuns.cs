using System.CommandLine;
using System.Globalization;
using OverParam.Numerics;
using OverParam.Reproductions;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary>What <c>sweep</c>, <c>aggregate</c> and <c>reproduce</c> share: --jobs, running a sweep and printing its groups.</summary>
internal static class SweepRuns
{
    /// <summary>--jobs, made afresh for each command.</summary>
    public static Option<int> Jobs() => CommonOptions.NonNegative(new Option<int>("--jobs")
    {
        Description = "Trials run at once (0, the default: cores / BLAS threads, so 1 where OpenBLAS already uses every core)",
        DefaultValueFactory = _ => 0,
    });

    /// <summary>Trials run at once: <paramref name="asked"/>, or with 0 the default for <paramref name="la"/>'s threads.</summary>
    public static int JobsFor(int asked, ILinearAlgebra la) => asked > 0 ? asked : SweepRunner.DefaultJobs(la is OpenBlasBackend ob ? ob.Threads : 1);

    /// <summary>How a compute node starts this same overparam: the dotnet host and this build's overparam.dll.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return [host, "exec", typeof(App).Assembly.Location];
    }

    /// <summary>aggregate.csv, summary.csv, figures and report.html of the sweep in <paramref name="folder"/>, notes on stderr.</summary>
    public static (SweepData Data, string Report) AggregateAndReport(CliContext ctx, SweepFolder folder, string name) =>
        ReproductionReports.AggregateAndReport(folder, name, ctx.Note);

    /// <summary>Runs (or resumes) every trial of <paramref name="spec"/>, aggregates and reports; exit 1 if a trial failed.</summary>
    public static int RunAndReport(CliContext ctx, ParseResult r, SweepSpec spec, SweepFolder folder, int jobs)
    {
        var (result, data, report) = ProgressOutput.Run(ctx, (live, progress) =>
        {
            var la = live.Backend(r);
            var result = SweepRunner.Run(spec, folder, JobsFor(jobs, la), la, live.Threads(r), live.Note, progress: progress);
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

    /// <summary>One line per group of the sweep: its seeds and the means of the final loss, rate, theory rate, max distance and pattern changes.</summary>
    public static void PrintGroups(TextWriter w, SweepData data)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";
        w.WriteLine($"  {"setting",-28} {"seeds",5} {"final loss",11} {"rate",8} {"1-ηλ0/2",8} {"max_dist",9} {"patterns",9}");
        foreach (var g in data.Groups)
            w.WriteLine($"  {g.Label,-28} {g.Trials.Count,5} {F(g.FinalLoss.Mean),11} {F(g.Rate.Mean),8} {F(g.TheoryRate.Mean),8} {F(g.MaxDist.Mean),9} {F(g.PatternChange.Mean),9}");
    }
}
