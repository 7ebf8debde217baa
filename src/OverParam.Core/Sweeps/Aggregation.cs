using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.IO;
using OverParam.Training;

namespace OverParam.Sweeps;

/// <summary>A finished trial's records: metrics.csv as written (text, so aggregation copies numbers verbatim) and summary.json.</summary>
public sealed record TrialData(Trial Trial, string[] Header, IReadOnlyList<string[]> Rows, JsonNode Summary)
{
    private readonly Dictionary<string, double[]> _columns = [];

    /// <summary>
    /// Column <paramref name="column"/> as numbers (NaN for empty cells, and all NaN when this trial's model records no such
    /// column), parsed once and shared: callers must not modify it. A name no run records is an error, not NaN.
    /// </summary>
    public double[] Column(Training.MetricColumn column) => Column(column.Name);

    /// <summary>Column <paramref name="name"/> (a per-layer column such as dist_W2, or a name read from a file); see <see cref="Column(Training.MetricColumn)"/>.</summary>
    public double[] Column(string name)
    {
        if (_columns.TryGetValue(name, out var cached)) return cached;
        if (!Training.MetricColumns.IsKnown(name)) throw new ArgumentException($"no metrics column '{name}'", nameof(name));
        int c = Array.IndexOf(Header, name);
        var values = c < 0
            ? Enumerable.Repeat(double.NaN, Rows.Count).ToArray()
            : Rows.Select(r => r[c].Length == 0 ? double.NaN : double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray();
        _columns[name] = values;
        return values;
    }

    /// <summary>A number from summary.json by path, e.g. "certificate", "bounds", "lambda0"; NaN when null.</summary>
    public double Number(params string[] path)
    {
        JsonNode? n = Summary;
        foreach (var p in path) n = n?[p];
        // Parsed summaries hold JSON numbers; one built in memory may hold an int or a long.
        return n switch
        {
            null => double.NaN,
            JsonValue v when v.TryGetValue(out int i) => i,
            JsonValue v when v.TryGetValue(out long l) => l,
            _ => (double)n,
        };
    }
}

/// <summary>Mean and sample standard deviation (NaN for fewer than two values).</summary>
public readonly record struct Stat(double Mean, double Sd)
{
    /// <summary>Of the finite values in <paramref name="values"/>.</summary>
    public static Stat Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new Stat(double.NaN, double.NaN);
        double mean = v.Average();
        double sd = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new Stat(mean, sd);
    }
}

/// <summary>One setting (the axes other than the seeds) summarized over its seeds.</summary>
public sealed record GroupSummary(IReadOnlyDictionary<string, string> Key, IReadOnlyList<TrialData> Trials, int Diverged,
    Stat FinalLoss, Stat Rate, Stat TheoryRate, Stat MaxDist, Stat RPrime, Stat PatternChange, Stat Lambda0)
{
    /// <summary>"width=100, lr=0.5" (or "all" for a sweep without non-seed axes).</summary>
    public string Label => Key.Count == 0 ? "all" : string.Join(", ", Key.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>A sweep's finished trials, grouped by setting.</summary>
/// <param name="Axes">The swept axes.</param>
/// <param name="Trials">Every trial of the sweep.</param>
/// <param name="Done">The finished trials whose files verify.</param>
/// <param name="Groups">The finished trials grouped by setting.</param>
/// <param name="Damaged">Trials whose files are there but do not verify, with what is wrong: left out, rerun on resume.</param>
public sealed record SweepData(IReadOnlyList<string> Axes, IReadOnlyList<Trial> Trials, IReadOnlyList<TrialData> Done,
    IReadOnlyList<GroupSummary> Groups, IReadOnlyList<(Trial Trial, string Problem)> Damaged);

/// <summary>
/// Aggregates a sweep: aggregate.csv (one row per trial and recorded step, the axis values as columns) and summary.csv
/// (per setting: mean and spread over seeds of the final loss, the fitted linear rate, max_dist, pattern_change).
/// </summary>
public static class Aggregation
{
    /// <summary>Axes whose values are replicates: grouped over, not plotted as settings.</summary>
    public static readonly string[] SeedAxes = ["seed", "data_seed"];

    /// <summary>
    /// Steps whose loss fell below 1e-20 × L(0) are left out of the rate fit: by then float64 rounding, not the
    /// dynamics, sets the loss (it floors near 1e-30 × L(0)).
    /// </summary>
    public const double RateFitFloor = 1e-20;

    /// <summary>A finished trial's metrics.csv and summary.json (verified by the caller: <see cref="SweepFolder.Problem"/>).</summary>
    public static TrialData Read(SweepFolder folder, Trial t)
    {
        string dir = folder.TrialDir(t.Id);
        using var csv = CsvReader.Open(Path.Combine(dir, "metrics.csv"));
        var header = csv.Next() ? csv.Fields() : [];
        return new TrialData(t, header, csv.ReadAll(), JsonNode.Parse(File.ReadAllText(Path.Combine(dir, OutputFolder.SummaryFile)))!);
    }

    /// <summary>Loads every finished trial of the sweep.</summary>
    public static SweepData Load(SweepFolder folder)
    {
        var (axes, trials) = folder.ReadTrials();
        var done = new List<TrialData>();
        var damaged = new List<(Trial, string)>();
        foreach (var t in trials)
        {
            if (!File.Exists(Path.Combine(folder.TrialDir(t.Id), OutputFolder.SummaryFile))) continue; // pending or failed
            if (folder.Problem(t.Id) is { } problem) // verified once here; the caller reports these
            {
                damaged.Add((t, problem));
                continue;
            }
            done.Add(Read(folder, t));
        }
        var groupAxes = axes.Where(a => !SeedAxes.Contains(a)).ToList();
        var groups = done
            .GroupBy(d => string.Join("\u0001", groupAxes.Select(a => d.Trial.Axes[a])))
            .Select(g => Summarize(groupAxes.ToDictionary(a => a, a => g.First().Trial.Axes[a]), g.ToList()))
            .ToList();
        return new SweepData(axes, trials, done, groups, damaged);
    }

    private static GroupSummary Summarize(IReadOnlyDictionary<string, string> key, List<TrialData> trials) => new(
        key, trials,
        trials.Count(t => (bool)t.Summary["diverged"]!),
        Stat.Of(trials.Select(t => t.Number("final_loss"))),
        Stat.Of(trials.Select(t => EmpiricalRate(t.Column(MetricColumns.Step), t.Column(MetricColumns.Loss)))),
        Stat.Of(trials.Select(t => t.Number("certificate", "bounds", "contraction"))),
        Stat.Of(trials.Select(t => t.Column(MetricColumns.MaxDist).DefaultIfEmpty(double.NaN).Max())),
        Stat.Of(trials.Select(t => t.Number("certificate", "bounds", "r_prime"))),
        Stat.Of(trials.Select(t => t.Column(MetricColumns.PatternChange)[^1])),
        Stat.Of(trials.Select(t => t.Number("lambda0"))));

    /// <summary>
    /// The empirical linear rate ρ of L(k) ≈ C ρ^k: exp of the least-squares slope of ln L(k) against k over the recorded
    /// steps with L(k) &gt; <see cref="RateFitFloor"/> × L(0). NaN with fewer than two such steps.
    /// </summary>
    public static double EmpiricalRate(ReadOnlySpan<double> steps, ReadOnlySpan<double> loss)
    {
        double floor = loss[0] * RateFitFloor, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int i = 0; i < loss.Length; i++)
        {
            if (!(loss[i] > floor) || !double.IsFinite(loss[i])) continue;
            double x = steps[i], y = Math.Log(loss[i]);
            sx += x; sy += y; sxx += x * x; sxy += x * y;
            count++;
        }
        if (count < 2) return double.NaN;
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        return Math.Exp(slope);
    }

    /// <summary>summary.csv's columns after the setting's keys and before the <see cref="SummaryQuantities"/>, in order.</summary>
    public static readonly string[] SummaryColumns =
    [
        "trials", "diverged", "final_loss_mean", "final_loss_sd", "rate_mean", "rate_sd", "theory_rate_mean",
        "max_dist_mean", "max_dist_sd", "r_prime_mean", "pattern_change_mean", "pattern_change_sd", "lambda0_mean",
    ];

    /// <summary>
    /// Writes aggregate.csv and summary.csv into the sweep folder (atomically). aggregate.csv's columns are the trial id, the
    /// axes, and the union of every trial's metrics columns in the order they first appear (trials of different models
    /// record different ones), each row as wide as the header, empty where a trial has no such column; its numbers are
    /// metrics.csv's text, copied. summary.csv has one row per setting: its non-seed axes, <see cref="SummaryColumns"/>,
    /// then NAME_mean and NAME_sd of each of <see cref="SummaryQuantities"/> that the trials record. Axis values are
    /// written as <see cref="CsvTable.Label"/> makes them (sweep.json keeps them exactly), so both load with
    /// np.genfromtxt(path, delimiter=',', names=True).
    /// </summary>
    public static void Write(SweepData data, SweepFolder folder)
    {
        IO.Orphans.Remove(folder.Dir);
        var header = data.Done.SelectMany(t => t.Header).Distinct().ToList();
        var aggregate = new CsvTable(["trial", .. data.Axes, .. header]);
        foreach (var t in data.Done)
        {
            string[] prefix = [t.Trial.Id, .. data.Axes.Select(a => CsvTable.Label(t.Trial.Axes[a]))];
            var at = header.Select(c => Array.IndexOf(t.Header, c)).ToArray();
            foreach (var row in t.Rows) aggregate.Add([.. prefix, .. at.Select(c => c < 0 ? "" : row[c])]);
        }
        aggregate.Write(Path.Combine(folder.Dir, "aggregate.csv"));

        var keys = data.Axes.Where(a => !SeedAxes.Contains(a)).ToList();
        var quantities = SummaryQuantities.Present(data.Done);
        var summary = new CsvTable([.. keys, .. SummaryColumns, .. quantities.SelectMany(q => new[] { q.Name + "_mean", q.Name + "_sd" })]);
        foreach (var g in data.Groups)
        {
            summary.Add(
            [
                .. keys.Select(k => CsvTable.Label(g.Key[k])),
                g.Trials.Count.ToString(CultureInfo.InvariantCulture), g.Diverged.ToString(CultureInfo.InvariantCulture),
                N(g.FinalLoss.Mean), N(g.FinalLoss.Sd), N(g.Rate.Mean), N(g.Rate.Sd), N(g.TheoryRate.Mean),
                N(g.MaxDist.Mean), N(g.MaxDist.Sd), N(g.RPrime.Mean), N(g.PatternChange.Mean), N(g.PatternChange.Sd), N(g.Lambda0.Mean),
                .. quantities.Select(q => Stat.Of(g.Trials.Select(q.Of))).SelectMany(st => new[] { N(st.Mean), N(st.Sd) }),
            ]);
        }
        summary.Write(Path.Combine(folder.Dir, "summary.csv"));
    }

    private static string N(double v) => CsvTable.Number(v);
}
