using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Training;

namespace OverParam.Reproductions;

/// <summary>
/// The JSON Schemas (draft 2020-12) of the tool's outputs, each generated from what writes the file: claims.json from
/// <see cref="ClaimsFile"/>, a row of metrics.csv from <see cref="MetricColumns"/>, each verb's summary.json from its
/// summary record (<see cref="SummaryFiles"/>).
/// </summary>
public static class OutputSchemas
{
    /// <summary>The files a schema is printed for, as <c>overparam schema</c> names them.</summary>
    public static readonly IReadOnlyList<string> Files = ["summary", "claims", "metrics"];

    /// <summary>
    /// The schema of <paramref name="file"/> (one of <see cref="Files"/>); for summary, that of <paramref name="verb"/>'s
    /// summary file <paramref name="path"/> (one of <see cref="SummaryFiles.Verbs"/>; without a path, its first file).
    /// </summary>
    /// <exception cref="InputException">An unknown file, verb or path, or a verb or path given for a file other than summary.</exception>
    public static JsonObject Of(string file, string? verb = null, string? path = null)
    {
        if (verb != null && file != "summary") throw new InputException($"--verb is for summary, not {file}");
        if (path != null && verb == null) throw new InputException("--path needs --verb (summary --verb V --path FILE)");
        return file switch
        {
            "claims" => JsonSchemas.For(typeof(ClaimsFile), "claims.json", "The claims a reproduction checks (overparam reproduce, overparam aggregate): each with the criteria fixed before the run, the values judged and the verdict."),
            "metrics" => Metrics(),
            "summary" => SummaryFiles.Schema(verb ?? throw new InputException($"summary: name the verb with --verb ({string.Join(", ", SummaryFiles.Verbs)})"), path),
            _ => throw new InputException($"no schema for '{file}'; one of {string.Join(", ", Files)}"),
        };
    }

    /// <summary>
    /// One row of metrics.csv (and of aggregate.csv, which adds the sweep's settings) as an object: each column of
    /// <see cref="MetricColumns.All"/> a number (null: the cell is empty, not measured at that step), described by its
    /// meaning and paper reference; the per-layer columns dist_W1, dist_W2, … by pattern.
    /// </summary>
    public static JsonObject Metrics()
    {
        var properties = new JsonObject();
        foreach (var c in MetricColumns.All) properties[c.Name] = Column(c);
        return new JsonObject
        {
            ["$schema"] = JsonSchemas.Draft202012,
            ["title"] = "metrics.csv row",
            ["description"] = "One row of metrics.csv (train, sweep trials) as an object: column name to value; an empty cell is null. aggregate.csv rows add the trial's settings before these columns.",
            ["type"] = "object",
            ["properties"] = properties,
            ["patternProperties"] = new JsonObject { [MetricColumns.DistWPattern] = Column(new MetricColumn("dist_W{h}", "‖W^(h)(k) − W^(h)(0)‖_F of hidden layer h = 1, 2, …", MetricColumns.DistW(1).Reference)) },
        };
    }

    /// <summary>A column's schema: a number or null, with its meaning and reference as description.</summary>
    private static JsonObject Column(MetricColumn c) => new()
    {
        ["description"] = c.Reference == "" ? c.Meaning : $"{c.Meaning} ({c.Reference})",
        ["type"] = new JsonArray("number", "null"),
    };
}
