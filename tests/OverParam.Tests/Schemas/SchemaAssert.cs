using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;
using OverParam.IO;
using OverParam.Reproductions;
using OverParam.Training;

namespace OverParam.Tests.Schemas;

/// <summary>Validates output files against the schemas <c>overparam schema</c> prints (JsonSchema.Net, draft 2020-12).</summary>
internal static class SchemaAssert
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>The schema of <paramref name="file"/> (and <paramref name="verb"/>'s <paramref name="path"/>), generated once a process.</summary>
    public static JsonSchema Of(string file, string? verb = null, string? path = null) =>
        Schemas.GetOrAdd($"{file}/{verb}/{path}", _ => JsonSchema.FromText(OverParam.Experiments.Json.Write(OutputSchemas.Of(file, verb, path))));

    /// <summary>
    /// The schema with no property required: for files committed by earlier versions, which may lack a field added since,
    /// but whose every field must still be declared, with its type.
    /// </summary>
    public static JsonSchema Lenient(string file, string? verb = null, string? path = null) =>
        Schemas.GetOrAdd($"{file}/{verb}/{path}/lenient", _ => JsonSchema.FromText(WithoutRequired(OutputSchemas.Of(file, verb, path)).ToJsonString()));

    private static JsonNode WithoutRequired(JsonNode node)
    {
        if (node is JsonObject o)
        {
            o.Remove("required");
            foreach (var p in o.ToList()) if (p.Value != null) WithoutRequired(p.Value);
        }
        else if (node is JsonArray a) foreach (var x in a) if (x != null) WithoutRequired(x);
        return node;
    }

    /// <summary>Fails with every violation, each with its place in the document, unless <paramref name="json"/> is valid.</summary>
    public static void Valid(JsonSchema schema, string json, string what)
    {
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors != null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
        Assert.Fail($"{what} does not match its schema:\n{string.Join("\n", errors.Take(20))}");
    }

    /// <summary>Validates every claims.json under <paramref name="dir"/> (<paramref name="lenient"/>: committed by an earlier version); returns how many.</summary>
    public static int ClaimsUnder(string dir, bool lenient = false)
    {
        var files = Directory.GetFiles(dir, Claims.FileName, SearchOption.AllDirectories);
        foreach (var f in files) Valid(lenient ? Lenient("claims") : Of("claims"), File.ReadAllText(f), f);
        return files.Length;
    }

    /// <summary>
    /// Checks a metrics.csv (or, with <paramref name="leading"/>, an aggregate.csv whose first columns are the trial and the
    /// sweep's axes): every other header is a declared <see cref="MetricColumns"/> column, and every row, as an object of
    /// those columns (empty cells null), matches <c>overparam schema metrics</c>. Returns the number of rows.
    /// </summary>
    public static int MetricsCsv(string path, bool leading = false)
    {
        using var csv = CsvReader.Open(path);
        if (!csv.Next()) return 0;
        var header = csv.Fields();
        int first = leading ? Array.FindIndex(header, MetricColumns.IsKnown) : 0;
        Assert.True(first >= 0, $"{path}: no metrics column in {string.Join(",", header)}");
        var undeclared = header.Skip(first).Where(h => !MetricColumns.IsKnown(h)).ToList();
        Assert.True(undeclared.Count == 0, $"{path}: columns not declared in MetricColumns: {string.Join(", ", undeclared)}");
        int rows = 0;
        while (csv.Next())
        {
            var row = new JsonObject();
            for (int i = first; i < header.Length; i++)
                row[header[i]] = csv.IsEmpty(i) ? null : csv.TryNumber(i, out double v) ? v : csv.Text(i);
            Valid(Of("metrics"), row.ToJsonString(), $"{path} row {++rows}");
        }
        return rows;
    }

    /// <summary>
    /// Validates every typed file that <paramref name="verb"/> wrote into <paramref name="dir"/> against its schema
    /// (<see cref="SummaryFiles"/>: train's summary.json, sweep.json, a trial's settings.json, …); a sweep's or a threshold
    /// search's folder also has its trial list and each trial's files. Returns how many files were validated.
    /// </summary>
    public static int SummaryOf(string verb, string dir, bool lenient = false)
    {
        int count = 0;
        foreach (var entry in SummaryFiles.All.Where(e => e.Verb == verb || (verb == "threshold" && e.Verb == "sweep")))
            foreach (var path in Matching(dir, entry.File))
            {
                Valid(lenient ? Lenient("summary", entry.Verb, entry.File) : Of("summary", entry.Verb, entry.File), File.ReadAllText(path), path);
                count++;
            }
        if (verb is "sweep" or "threshold") // each trial's summary.json is a training run's
            foreach (var path in Matching(dir, "trials/ID/summary.json"))
            {
                Valid(lenient ? Lenient("summary", "train") : Of("summary", "train"), File.ReadAllText(path), path);
                count++;
            }
        return count;
    }

    /// <summary>The files under <paramref name="dir"/> that <paramref name="file"/> names, "ID" standing for any trial.</summary>
    private static IEnumerable<string> Matching(string dir, string file)
    {
        IEnumerable<string> places = [dir];
        var parts = file.Split('/');
        foreach (var part in parts[..^1])
            places = places.SelectMany(p => part == "ID" ? (Directory.Exists(p) ? Directory.GetDirectories(p) : []) : [Path.Combine(p, part)]);
        string last = parts[^1].Replace("ID", "*", StringComparison.Ordinal);
        return places.Where(Directory.Exists).SelectMany(p => Directory.GetFiles(p, last)).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal);
    }
}
