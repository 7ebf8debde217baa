using OverParam.Experiments;

namespace OverParam.Sweeps;

/// <summary>
/// One option of a training run, declared once: <c>overparam train</c>'s flag (and check's, gram's, predict's where they
/// take it), the sweep key, <c>overparam threshold</c>'s per-run option and the reproductions' settings are all made from
/// this value (<see cref="SettingKeys.All"/>; docs/extending.md, "Adding an option").
/// </summary>
/// <param name="Flag">The command-line flag, e.g. <c>--c-res</c>; the sweep key is its snake_case (<see cref="Name"/>).</param>
/// <param name="Kind">How a value is read (<see cref="SettingValues"/>): int (32-bit), long, real, bool, rate, choice,
/// classes, seed-or-none, split-or-none, real-or-none, path-or-none or string.</param>
/// <param name="Default">The canonical value where a spec or command line does not give one.</param>
public sealed record Setting(string Flag, string Kind, string Default)
{
    /// <summary>The key in sweep specs, settings.json and trial ids: the flag without its dashes, in snake_case.</summary>
    public string Name { get; } = Flag.TrimStart('-').Replace('-', '_');

    /// <summary>One line for listings: a sweep key's meaning, threshold's "Every run: …" options.</summary>
    public required string Help { get; init; }

    /// <summary>The command line's --help text.</summary>
    public required string Description { get; init; }

    /// <summary>The least value an int or real setting takes (null: any).</summary>
    public double? Min { get; init; }

    /// <summary>The greatest (null: any).</summary>
    public double? Max { get; init; }

    /// <summary>Whether Min and Max themselves are excluded (c_res, delta: the open interval (0, 1)).</summary>
    public bool Open { get; init; }

    /// <summary>The words a choice takes, in the order --help lists them.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>
    /// The models that read it; null: every model. A sweep that sets it with none of these models is refused, and so is a
    /// command line that gives it with a --model (or gram's and predict's --kernel) not among them (<see cref="NotReadBy"/>).
    /// </summary>
    public IReadOnlyList<ModelKind>? Models { get; init; }

    /// <summary>
    /// Whether the trial id's hash includes it at its default. Keys added after sweeps were first written are left out
    /// there, so that a sweep started by an earlier version resumes with the same ids.
    /// </summary>
    public bool HashedAtDefault { get; init; } = true;

    /// <summary>
    /// Whether sweep.json, settings.json, threshold.json and the report list it at its default. The keys added with the
    /// options vocabulary (issue 25 §3) are listed only away from their defaults, so that a folder written at the defaults
    /// is the one an earlier version wrote.
    /// </summary>
    public bool ListedAtDefault { get; init; } = true;

    /// <summary>
    /// The value when the command line does not give the option, where the command line has no default of its own (its
    /// --help shows none): "none" for an optional file or bound, "all" for --classes. Null: the command line's default is
    /// <see cref="Default"/>.
    /// </summary>
    public string? Unset { get; init; }

    /// <summary>Whether the model kind <paramref name="kind"/> reads it.</summary>
    public bool AppliesTo(ModelKind kind) => Models is not { } models || models.Contains(kind);

    /// <summary>The models that read it, for messages: "resnet and conv-resnet".</summary>
    public string ModelsText => ModelKinds.Listed((Models ?? ModelKinds.All).Select(k => k.Name), "and");

    /// <summary>
    /// The one line that refuses it, given as <paramref name="given"/> (a flag, or a sweep spec's section.key), where none
    /// of <paramref name="models"/> reads it: "--c-res: an option of resnet and conv-resnet, not of two-layer, the model
    /// this run trains; leave it out or set --model". Sweep specs, threshold and every verb of the command line say it so.
    /// </summary>
    /// <param name="given">Where it was given, as the message names it.</param>
    /// <param name="models">The models of the run, none of which reads it.</param>
    /// <param name="role">What they are to the run: "the model this run trains", "the network of kernel du2019".</param>
    /// <param name="choose">What sets the model: "--model", "--kernel", or a spec's "model".</param>
    public string NotReadBy(string given, IEnumerable<ModelKind> models, string role, string choose) =>
        $"{given}: an option of {ModelsText}, not of {ModelKinds.Listed(models.Select(k => k.Name), "and")}, {role}; leave it out or set {choose}";

    /// <summary>Whether <paramref name="v"/> lies in the setting's range.</summary>
    public bool InRange(double v) =>
        (Min is not { } lo || (Open ? v > lo : v >= lo)) && (Max is not { } hi || (Open ? v < hi : v <= hi));

    /// <summary>The range in words, e.g. " ≥ 1" or " in (0, 1)".</summary>
    public string RangeText => (Min, Max) switch
    {
        ({ } lo, { } hi) => Open ? $" in ({lo}, {hi})" : $" in [{lo}, {hi}]",
        ({ } lo, null) => Open ? $" > {lo}" : $" ≥ {lo}",
        (null, { } hi) => Open ? $" < {hi}" : $" ≤ {hi}",
        _ => "",
    };

    /// <summary>Whether <paramref name="value"/> (canonical) is its default, as the hash and the listings ask.</summary>
    public bool IsDefault(string value) => value == SettingValues.Canonical(this, Default, out _);
}
