using OverParam.Reporting;
using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>The outputs of a finished sweep, the same for <c>sweep</c>, <c>aggregate</c> and every reproduction.</summary>
public static class ReproductionReports
{
    /// <summary>
    /// aggregate.csv, summary.csv, figures and report.html of a sweep; a reproduction (found by its exact sweep name) gets
    /// its title, notes and claims.json, any other sweep its name as title. Damaged trials are left out and logged.
    /// </summary>
    public static (SweepData Data, string Report) AggregateAndReport(SweepFolder folder, string name, Action<string>? log)
    {
        var data = Aggregation.Load(folder);
        foreach (var (t, problem) in data.Damaged)
            log?.Invoke($"trial {t.Id} is damaged ({problem}): left out; running the sweep again redoes it");
        Aggregation.Write(data, folder);
        var reproduction = ReproductionRegistry.Find(name);
        if (reproduction != null) Claims.Write(folder.Dir, reproduction.Name, reproduction.Claims(data));
        return (data, SweepReport.Write(data, folder, reproduction?.Title ?? name, reproduction?.Notes(data)));
    }
}
