using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>
/// The summary files of each verb whose files are records: the record's type (or, for train, each model kind's record,
/// <see cref="ModelKind.SummaryType"/>), title and description, and so its schema.
/// </summary>
public static class SummaryFiles
{
    /// <summary>One summary file of a verb.</summary>
    /// <param name="Verb">The verb, as <c>overparam schema summary --verb</c> names it.</param>
    /// <param name="File">The file it writes, relative to its output folder, e.g. "summary.json" or "trials/ID/settings.json".</param>
    /// <param name="Types">The records serialized into it, each with its title: one, or one per kind (a schema's anyOf).</param>
    /// <param name="Description">What the file holds.</param>
    public sealed record Entry(string Verb, string File, IReadOnlyList<(string Title, Type Type)> Types, string Description)
    {
        /// <summary>A file written from one record.</summary>
        public Entry(string verb, string file, Type type, string description) : this(verb, file, [(file, type)], description) { }

        /// <summary>Its schema (draft 2020-12): the record's, or anyOf each record's.</summary>
        public JsonObject Schema() => Types.Count == 1
            ? JsonSchemas.For(Types[0].Type, $"{Verb} {File}", Description)
            : JsonSchemas.AnyOf($"{Verb} {File}", Description, Types);
    }

    /// <summary>Every typed summary, in the order of the verbs' help; a verb's first file is the one <c>--verb</c> alone names.</summary>
    public static readonly IReadOnlyList<Entry> All =
    [
        new("data", "summary.json", typeof(DataSummary), "The data set exactly as training and the kernels see it, and for natural images its sources, classes and preprocessing (overparam data)."),
        new("gram", "summary.json", typeof(GramSummary), "The infinite-width Gram matrix's spectrum, the data's geometry and the theorem's hypotheses on the data (overparam gram)."),
        new("train", "summary.json", TrainTypes(), "A training run's settings, outcome and its theorem's certificate, one record per model kind (overparam train, and every trial of a sweep or a threshold search)."),
        new("predict", "summary.json", typeof(PredictSummary), "The infinite-width kernel's predictions on held-out points after K steps and as k → ∞ (overparam predict)."),
        new("sweep", "sweep.json", typeof(SweepFile), "The trials of a sweep, each with the values of its axes and every setting of its run (overparam sweep; a threshold search writes one too)."),
        new("sweep", "trials/ID/settings.json", typeof(TrialEntry), "One trial's id, axes and settings, beside its summary.json (a train summary) and metrics.csv."),
        new("sweep", "failed/ID.json", typeof(FailedTrial), "A trial that raised an error, with the error; a rerun of the sweep tries it again."),
        new("threshold", "fit.json", typeof(Thresholds.FitFile), "The power laws fitted to the measured over-parameterization thresholds, with bootstrap intervals (overparam threshold)."),
        new("threshold", "threshold.json", typeof(Thresholds.ThresholdSpecFile), "The threshold search's options: sizes, seeds, criterion and the settings of every run (overparam threshold)."),
    ];

    /// <summary>The verbs, as <c>--verb</c> takes them, each once.</summary>
    public static IReadOnlyList<string> Verbs => [.. All.Select(e => e.Verb).Distinct()];

    /// <summary>Each model kind's summary record, titled with the kinds that write it (train's schema is anyOf them).</summary>
    private static IReadOnlyList<(string Title, Type Type)> TrainTypes() =>
        [.. ModelKinds.All.GroupBy(k => k.SummaryType).Select(g => ($"--model {string.Join(", ", g.Select(k => k.Name))}", g.Key))];

    /// <summary>The entry of <paramref name="verb"/>'s file <paramref name="file"/>, or its first file.</summary>
    /// <exception cref="InputException">A verb without typed summaries, or a file the verb does not write.</exception>
    public static Entry Of(string verb, string? file = null)
    {
        var files = All.Where(e => e.Verb == verb).ToList();
        if (files.Count == 0) throw new InputException($"--verb: no summary schema for '{verb}'; one of {string.Join(", ", Verbs)}");
        return file == null ? files[0] : files.FirstOrDefault(e => e.File == file)
            ?? throw new InputException($"--file: {verb} writes no typed file '{file}'; one of {string.Join(", ", files.Select(e => e.File))}");
    }

    /// <summary>The schema of <paramref name="verb"/>'s summary (<paramref name="file"/>, or its first).</summary>
    /// <exception cref="InputException">A verb without a typed summary, or a file it does not write.</exception>
    public static JsonObject Schema(string verb, string? file = null) => Of(verb, file).Schema();
}
