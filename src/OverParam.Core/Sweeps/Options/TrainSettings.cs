using System.Globalization;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Sweeps;

/// <summary>
/// The one way from settings (canonical strings, <see cref="SettingKeys"/>) to a run's specs: <c>overparam train</c>,
/// check, gram, predict and data collect their options into the same dictionary a sweep's trial holds, and call these.
/// </summary>
public static class TrainSettings
{
    /// <summary>The training spec of a full set of settings (a key left out takes its default), checked.</summary>
    public static TrainSpec ToTrainSpec(IReadOnlyDictionary<string, string> settings)
    {
        var s = Reader(settings);
        int steps = s.Int("steps"), gram = s.Int("gram_every");
        var data = ToDataSpec(settings);
        var model = ModelKinds.ByName(s["model"]).Spec(ModelFlags(settings));
        return new TrainSpec(data, model, s["lr"] == "auto" ? null : s.Real("lr"), steps, s.Real("tol"), s.Long("seed"),
            s["precision"] == "f32" ? Precision.F32 : Precision.F64, s.Int("record_every"), gram < 0 ? Math.Max(1, steps / 10) : gram,
            s.Real("delta"), s.RealOrNone("label_bound"), s.PathOrNone("init_w"), s.PathOrNone("init_a"), s.PathOrNone("init_b"), s.Bool("save_weights"),
            TestN: s.Int("test_n"), TestData: s.PathOrNone("test_data"), TestLabels: s.PathOrNone("test_labels"), Form: StepForms.Parse(s["form"]),
            RefreshEvery: s.Int("refresh_every"), InitFrom: s.PathOrNone("init_from"), TestSplit: s.PathOrNone("test_split"),
            RelativeTolerance: s.Real("rel_tol"), TrainLayers: TrainedLayerNames.Parse(s["train_layers"], "train_layers")).Validate();
    }

    /// <summary>
    /// The data spec of the settings. The natural-data options set away from their defaults on other data are refused;
    /// labels "true" are the data set's own (null), as is "none" on synthetic data (no labels either way).
    /// </summary>
    public static DataSpec ToDataSpec(IReadOnlyDictionary<string, string> settings)
    {
        var s = Reader(settings);
        bool natural = NaturalData.Parse(s["data"]) != null;
        if (!natural && (s["split"] != "train" || s["classes"] != NaturalOptions.AllClasses || s["center"] != "false" || s["shuffle_seed"] != SettingValues.None
                || s["label_noise"] != "0" || s["inputs"] != "images" || s["labels"] is "true" or "random"))
            throw new IO.InputException($"split, classes, center, shuffle_seed, label_noise, inputs and labels true/random are for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {s["data"]}");
        var options = natural ? new NaturalOptions(s["split"],
            s["classes"] == NaturalOptions.AllClasses ? null : NaturalOptions.ParseClasses(s["classes"]), s.Bool("center"),
            s["shuffle_seed"] == SettingValues.None ? null : s.Long("shuffle_seed"), s.Real("label_noise"), s["inputs"] == "random") : null;
        string? labels = s["labels"] switch
        {
            "true" => null,
            SettingValues.None when !natural => null,
            var l => l,
        };
        return new DataSpec(s["data"], labels, s.Int("n"), s.Int("d"), s.Long("data_seed"), s.Bool("normalize"), options, s.Int("project"));
    }

    /// <summary>The held-out set of the settings, following <paramref name="data"/>.</summary>
    public static HeldOutSpec ToHeldOutSpec(IReadOnlyDictionary<string, string> settings, DataSpec data)
    {
        var s = Reader(settings);
        return new(data, s.Int("test_n"), s.PathOrNone("test_data"), s.PathOrNone("test_labels"), s.PathOrNone("test_split"));
    }

    /// <summary>Every model option of the settings, before the kind reads its own (<see cref="ModelKind.Spec"/>).</summary>
    public static ModelFlags ModelFlags(IReadOnlyDictionary<string, string> settings)
    {
        var s = Reader(settings);
        return new(s.Int("width"), s.Bool("bias"), s.Bool("train_output"), s.Real("init_scale"), s.Int("depth"), s["activation"], s.Real("c_res"),
            s.Int("channels"), s.Int("patch"));
    }

    /// <summary>
    /// Natural data whose labels were not given trains on its own labels ("true"), as train does; the vocabulary's
    /// default, gaussian, would silently put synthetic labels on the images. Called by every place that builds settings
    /// from defaults (sweep specs, threshold, the command line).
    /// </summary>
    public static void DefaultNaturalLabels(IDictionary<string, string> settings, bool labelsGiven)
    {
        if (!labelsGiven && NaturalData.Parse(settings["data"]) != null) settings["labels"] = "true";
    }

    private static SettingReader Reader(IReadOnlyDictionary<string, string> settings) => new(settings);

    /// <summary>Typed reads of canonical settings; a key left out reads as its default.</summary>
    private readonly struct SettingReader(IReadOnlyDictionary<string, string> settings)
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public string this[string key] => settings.TryGetValue(key, out var v) ? v : SettingKeys.Get(key).Default;
        public int Int(string key) => int.Parse(this[key], Inv);
        public long Long(string key) => long.Parse(this[key], Inv);
        public double Real(string key) => double.Parse(this[key], Inv);
        public bool Bool(string key) => this[key] == "true";
        public double? RealOrNone(string key) => this[key] == SettingValues.None ? null : Real(key);
        public string? PathOrNone(string key) => this[key] == SettingValues.None ? null : this[key];
    }
}
