namespace OverParam.Sweeps;

/// <summary>
/// The settings a sweep can fix or vary: every option of <c>overparam train</c> (<see cref="Vocabulary"/>), under its
/// flag's name in snake_case, with its kind and default. Values are kept as canonical strings (<see cref="SettingValues"/>)
/// so that a trial's settings, and so its id, are stable.
/// </summary>
public static class SettingKeys
{
    /// <summary>
    /// Every setting, in the order summaries list them and trial ids hash them. The order of the first 36 is fixed by the
    /// ids of sweeps already written; later ones follow where they belong, since they enter an id only away from their
    /// defaults (<see cref="Setting.HashedAtDefault"/>).
    /// </summary>
    public static readonly IReadOnlyList<Setting> All =
    [
        Vocabulary.Data, Vocabulary.Labels, Vocabulary.N, Vocabulary.D, Vocabulary.DataSeed, Vocabulary.Normalize, Vocabulary.Project,
        Vocabulary.Model, Vocabulary.Depth, Vocabulary.Activation, Vocabulary.CRes, Vocabulary.Channels, Vocabulary.Patch,
        Vocabulary.Width, Vocabulary.Bias, Vocabulary.TrainOutput, Vocabulary.InitScale, Vocabulary.TestN, Vocabulary.Form,
        Vocabulary.Split, Vocabulary.Classes, Vocabulary.Center, Vocabulary.ShuffleSeed, Vocabulary.LabelNoise, Vocabulary.Inputs,
        Vocabulary.TestSplit, Vocabulary.Lr, Vocabulary.Steps, Vocabulary.Tol, Vocabulary.RelTol, Vocabulary.TrainLayers,
        Vocabulary.Seed, Vocabulary.Precision, Vocabulary.RecordEvery, Vocabulary.GramEvery, Vocabulary.Delta,
        // Added with the options vocabulary (issue 25 §3): hashed and listed only away from their defaults.
        Vocabulary.LabelBound, Vocabulary.InitW, Vocabulary.InitA, Vocabulary.InitB, Vocabulary.InitFrom, Vocabulary.SaveWeights,
        Vocabulary.TestData, Vocabulary.TestLabels, Vocabulary.RefreshEvery,
    ];

    /// <summary>Looks a setting up by its key.</summary>
    public static Setting? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The setting of <paramref name="name"/>; an unknown key is a programming error.</summary>
    public static Setting Get(string name) => Find(name) ?? throw new ArgumentException($"no setting '{name}'", nameof(name));

    /// <summary>Looks a key up by name or by its command-line flag's spelling (<c>train-layers</c> for
    /// <c>train_layers</c>): a sweep spec takes an option under the name <c>train</c> gives it. The key keeps its one
    /// name in every output, so trial ids do not depend on the spelling.</summary>
    public static Setting? FindSpelled(string name) => Find(name) ?? (name.Contains('-') ? Find(name.Replace('-', '_')) : null);

    /// <summary>Every setting at its default, in <see cref="All"/>'s order.</summary>
    public static Dictionary<string, string> Defaults() => All.ToDictionary(k => k.Name, k => k.Default);

    /// <summary>
    /// The settings as files list them (sweep.json, settings.json, threshold.json, the report): every one but those
    /// listed only away from their defaults (<see cref="Setting.ListedAtDefault"/>) and at them. A name that is no
    /// setting is kept.
    /// </summary>
    public static Dictionary<string, string> Listed(IEnumerable<KeyValuePair<string, string>> settings) =>
        settings.Where(p => Find(p.Key) is not { ListedAtDefault: false } s || !s.IsDefault(p.Value)).ToDictionary();

    /// <summary>
    /// Settings read back from a file, with every setting it leaves out at its default: a file written by an earlier
    /// version, or one that lists a setting only away from its default (<see cref="Listed"/>).
    /// </summary>
    public static Dictionary<string, string> Completed(IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>(settings);
        foreach (var k in All) all.TryAdd(k.Name, k.Default);
        return all;
    }
}
