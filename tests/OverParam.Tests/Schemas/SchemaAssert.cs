using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;
using OverParam.Reproductions;

namespace OverParam.Tests.Schemas;

/// <summary>Validates output files against the schemas <c>overparam schema</c> prints (JsonSchema.Net, draft 2020-12).</summary>
internal static class SchemaAssert
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>The schema of <paramref name="file"/> (and <paramref name="verb"/>), generated once a process.</summary>
    public static JsonSchema Of(string file, string? verb = null) =>
        Schemas.GetOrAdd($"{file}/{verb}", _ => JsonSchema.FromText(OverParam.Experiments.Json.Write(OutputSchemas.Of(file, verb))));

    /// <summary>Fails with every violation, each with its place in the document, unless <paramref name="json"/> is valid.</summary>
    public static void Valid(JsonSchema schema, string json, string what)
    {
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors != null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
        Assert.Fail($"{what} does not match its schema:\n{string.Join("\n", errors.Take(20))}");
    }

    /// <summary>Validates every claims.json under <paramref name="dir"/> but those under <paramref name="except"/>; returns how many.</summary>
    public static int ClaimsUnder(string dir, string? except = null)
    {
        var files = Directory.GetFiles(dir, Claims.FileName, SearchOption.AllDirectories)
            .Where(f => except == null || !f.StartsWith(except, StringComparison.Ordinal)).ToList();
        foreach (var f in files) Valid(Of("claims"), File.ReadAllText(f), f);
        return files.Count;
    }
}
