using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OverParam.Sweeps;

/// <summary>
/// sweep.json, the trial list of a sweep (or of a threshold search, which grows it round by round): its name, its axes
/// and every trial with its settings. Written by <see cref="SweepFolder.WriteTrials(string, IReadOnlyList{string}, IReadOnlyList{Trial})"/>.
/// </summary>
[Description("sweep.json: the trials of a sweep or of a threshold search, each with the values of the axes and every setting of its run.")]
public sealed record SweepFile(
    [property: Description("The sweep's name (the spec's name, or the threshold search's --name).")] string Name,
    [property: Description("The axes the trials vary, in the spec's order.")] IReadOnlyList<string> Axes,
    [property: Description("Every trial, in the order they run.")] IReadOnlyList<TrialEntry> Trials,
    [property: Description("The overparam version that wrote the list.")] string OverparamVersion);

/// <summary>
/// A trial as sweep.json, its folder's settings.json and failed/ID.json hold it: its id and its settings as JSON values of
/// their kind (<see cref="SettingsJson"/>: "n": 200, "bias": false, "data": "sphere"), as files list them
/// (<see cref="SettingKeys.Listed"/>: a key added later only away from its default).
/// </summary>
[Description("A trial: its id, the values of the sweep's axes, and every setting of its training run (the keys of sweep specs, docs/usage.md).")]
public record TrialEntry(
    [property: Description("The trial's id: its axes' values and a hash of its settings, e.g. \"width-50_seed-0-1a2b3c4d\"; its folder is trials/ID.")] string Id,
    [property: Description("The values of the sweep's axes, by axis.")] IReadOnlyDictionary<string, JsonValue> Axes,
    [property: Description("Every setting of the run, by sweep key: numbers as numbers, true/false as booleans, words as strings.")] IReadOnlyDictionary<string, JsonValue> Settings)
{
    /// <summary>The entry of <paramref name="t"/>.</summary>
    public static TrialEntry Of(Trial t) => new(t.Id, SettingsJson.Values(t.Axes), SettingsJson.Values(SettingKeys.Listed(t.Settings)));
}

/// <summary>failed/ID.json: a trial that raised an error, with the error (a rerun of the sweep tries it again).</summary>
[Description("failed/ID.json: a trial that raised an error; a rerun of the sweep tries it again.")]
public sealed record FailedTrial(string Id, IReadOnlyDictionary<string, JsonValue> Axes, IReadOnlyDictionary<string, JsonValue> Settings,
    [property: JsonPropertyOrder(1)][property: Description("The error, in one line.")] string Error,
    [property: JsonPropertyOrder(1)][property: Description("When it failed, UTC, yyyy-MM-ddTHH:mm:ssZ.")] string FailedUtc)
    : TrialEntry(Id, Axes, Settings)
{
    /// <summary>The record of <paramref name="t"/> failing now with <paramref name="error"/>.</summary>
    public static FailedTrial Of(Trial t, string error) => new(t.Id, SettingsJson.Values(t.Axes), SettingsJson.Values(SettingKeys.Listed(t.Settings)), error,
        DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
}
