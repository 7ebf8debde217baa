using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Reproductions;

/// <summary>The summary.json of each verb whose summary is a record: the record's type, title and description, and so its schema.</summary>
public static class SummaryFiles
{
    /// <summary>One verb's summary file.</summary>
    /// <param name="Verb">The verb, as <c>overparam schema summary --verb</c> names it.</param>
    /// <param name="File">The file it writes, e.g. "summary.json".</param>
    /// <param name="Type">The record serialized into it.</param>
    /// <param name="Description">What the file holds.</param>
    public sealed record Entry(string Verb, string File, Type Type, string Description);

    /// <summary>Every typed summary, in the order of the verbs' help.</summary>
    public static readonly IReadOnlyList<Entry> All =
    [
        new("gram", "summary.json", typeof(GramSummary), "The infinite-width Gram matrix's spectrum, the data's geometry and the theorem's hypotheses on the data (overparam gram)."),
        new("predict", "summary.json", typeof(PredictSummary), "The infinite-width kernel's predictions on held-out points after K steps and as k → ∞ (overparam predict)."),
        new("threshold", "fit.json", typeof(Thresholds.FitFile), "The power laws fitted to the measured over-parameterization thresholds, with bootstrap intervals (overparam threshold)."),
    ];

    /// <summary>The verbs, as <c>--verb</c> takes them.</summary>
    public static IReadOnlyList<string> Verbs => [.. All.Select(e => e.Verb)];

    /// <summary>The schema of <paramref name="verb"/>'s summary.</summary>
    /// <exception cref="InputException">A verb without a typed summary.</exception>
    public static JsonObject Schema(string verb)
    {
        var e = All.FirstOrDefault(e => e.Verb == verb)
            ?? throw new InputException($"--verb: no summary schema for '{verb}'; one of {string.Join(", ", Verbs)}");
        return JsonSchemas.For(e.Type, $"{e.Verb} {e.File}", e.Description);
    }
}
