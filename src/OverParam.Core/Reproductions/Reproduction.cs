namespace OverParam.Reproductions;

/// <summary>
/// A paper's experiment, registered once in <see cref="ReproductionRegistry"/>: <c>overparam reproduce</c> builds one
/// subcommand from it, and <c>overparam aggregate</c> finds its sweeps' titles, notes and claims by their exact names.
/// </summary>
/// <param name="Name">The subcommand (<c>du2019</c>) and the stem of the default folder: <c>out/du2019</c>, <c>out/du2019-quick</c>.</param>
/// <param name="Description">The subcommand's one-line description.</param>
/// <param name="QuickHelp">What <c>--quick</c> scales down, and how long it takes.</param>
/// <param name="Seeds">The <c>--seeds</c> option, or null where the reproduction has none.</param>
/// <param name="Options">The paper's own options, after the shared <c>--quick</c>, <c>--seeds</c>, <c>--out</c> and <c>--jobs</c>.</param>
/// <param name="WritesParts">Whether a run writes parts (each a sweep or search in a subfolder, with a report and claims over
/// them) rather than one sweep; it words the help of <c>--out</c>.</param>
/// <param name="Form">The quick or full form a run asks for (<see cref="ReproductionArgs.Quick"/>): one sweep's spec or the
/// parts' run, named so that its default folder is <c>out/</c> + its name. Throws <see cref="IO.InputException"/>, naming the
/// option, when the options do not fit, before any work.</param>
/// <param name="Parts">The sweeps a run writes that have a title, notes and claims, each in a quick and a full form.</param>
public sealed record Reproduction(
    string Name,
    string Description,
    string QuickHelp,
    ReproductionSeeds? Seeds,
    IReadOnlyList<ReproductionOption> Options,
    bool WritesParts,
    Func<ReproductionArgs, ReproductionForm> Form,
    IReadOnlyList<ReproductionPart> Parts)
{
    /// <summary>What names a quick form: <c>du2019-quick</c> against <c>du2019</c>.</summary>
    public const string QuickSuffix = "-quick";

    /// <summary><paramref name="name"/> in its quick or full form.</summary>
    public static string Named(string name, bool quick) => quick ? name + QuickSuffix : name;

    /// <summary>The help of <c>--out</c>, naming both default folders.</summary>
    public string OutHelp => WritesParts
        ? $"Folder of the parts and the report (default: out/{Name} or out/{Named(Name, true)}); running again resumes it"
        : $"Sweep folder (default: out/{Name} or out/{Named(Name, true)})";

    /// <summary>Every sweep name the parts write, full and quick.</summary>
    public IEnumerable<string> SweepNames => Parts.SelectMany(p => new[] { p.SweepName(false), p.SweepName(true) });
}

/// <summary>The <c>--seeds</c> option of a reproduction.</summary>
/// <param name="Description">Its help.</param>
/// <param name="Default">Its default: at least 1, or 0 for "the form's own default", where a count below 1 is refused only
/// when negative (the form turns 0 into its default).</param>
public sealed record ReproductionSeeds(string Description, int Default);

/// <summary>A paper's own option, a string.</summary>
/// <param name="Name">Its name, with the dashes: <c>--data</c>.</param>
/// <param name="Description">Its help.</param>
/// <param name="Default">Its default, or null for none (the run then sees null).</param>
public sealed record ReproductionOption(string Name, string Description, string? Default = null);

/// <summary>The values a <c>reproduce</c> subcommand was given.</summary>
/// <param name="Quick">--quick.</param>
/// <param name="Seeds">--seeds (0 where the reproduction has no --seeds, or where 0 asks for the form's default).</param>
/// <param name="Options">Each of the paper's own options by name (<c>--data</c>), null where not given and without a default.</param>
public sealed record ReproductionArgs(bool Quick, int Seeds, IReadOnlyDictionary<string, string?> Options)
{
    /// <summary>The value of the paper's option <paramref name="name"/>; throws when the reproduction declares no such option.</summary>
    public string? Option(string name) =>
        Options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"no option {name} was declared", nameof(name));
}
