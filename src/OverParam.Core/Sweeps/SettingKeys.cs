using System.Globalization;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Sweeps;

/// <summary>
/// The settings a sweep can fix or vary, with their types and defaults: one name per option of <c>overparam train</c>
/// (snake_case). Values are kept as canonical strings so that a trial's settings, and so its id, are stable.
/// </summary>
public static class SettingKeys
{
    /// <summary>A setting: its kind and default.</summary>
    /// <param name="Name">The key as written in a spec.</param>
    /// <param name="Kind">int (32-bit), long, real, bool, rate, precision, model, form, activation or string.</param>
    /// <param name="Default">Its value when a spec does not give it.</param>
    /// <param name="Help">One line for listings.</param>
    /// <param name="HashedAtDefault">Whether the trial id's hash includes it at its default. Keys added after sweeps
    /// were first written are left out there, so that a sweep started by an earlier version resumes with the same ids.</param>
    /// <param name="Min">The least value an int or real key takes (null: any).</param>
    /// <param name="Max">The greatest (null: any).</param>
    /// <param name="Open">Whether Min and Max themselves are excluded (c_res, delta: the open interval (0, 1)).</param>
    public sealed record Key(string Name, string Kind, string Default, string Help, bool HashedAtDefault = true, double? Min = null, double? Max = null,
        bool Open = false)
    {
        /// <summary>Whether <paramref name="v"/> lies in the key's range.</summary>
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
    }

    /// <summary>Every key, in the order summaries list them.</summary>
    public static readonly IReadOnlyList<Key> All =
    [
        new("data", "string", "sphere", "sphere, circle, line, a .npy/.csv path, or mnist:DIR, fashion-mnist, cifar10:DIR"),
        new("labels", "string", "gaussian", "gaussian, sign, teacher, a .npy/.csv path; natural data: true (its own) or random"),
        new("n", "int", "100", "points (synthetic data)", Min: 1),
        new("d", "int", "10", "dimension (sphere)", Min: 1),
        new("data_seed", "long", "0", "seed of the data and labels"),
        new("normalize", "bool", "false", "project inputs onto the sphere"),
        new("project", "int", "0", "D: a seeded Gaussian random projection of the inputs to R^D, before normalize (0: none)", HashedAtDefault: false, Min: 0),
        new("model", "model", ModelKinds.Default.Name, "two-layer, fc or resnet"),
        new("depth", "int", "3", "H (fc, resnet)", Min: 1),
        new("activation", "activation", "softplus", "σ (fc, resnet)"),
        new("c_res", "real", "0.5", "c_res (resnet, conv-resnet)", Min: 0, Max: 1, Open: true),
        new("channels", "int", "1", "d0, input channels (conv-resnet)", Min: 1),
        new("patch", "int", "3", "q, patch size (conv-resnet)", Min: 1),
        new("width", "int", "1000", "m", Min: 1),
        new("bias", "bool", "false", "trained biases"),
        new("train_output", "bool", "false", "train a too"),
        new("init_scale", "real", "1", "κ: w_r(0) ~ N(0, κ²I), two-layer (Arora et al.)", HashedAtDefault: false, Min: 0, Open: true),
        new("test_n", "int", "0", "held-out points for test_mse (sphere data)", HashedAtDefault: false, Min: 0),
        new("form", "form", "auto", "two-layer step: primal, dual (one n×n×m product) or auto (the cheaper)", HashedAtDefault: false),
        new("split", "split", "train", "natural data: train or test", HashedAtDefault: false),
        new("classes", "classes", "all", "natural data: the classes kept, e.g. 0,1", HashedAtDefault: false),
        new("center", "bool", "false", "natural data: subtract the training mean image", HashedAtDefault: false),
        new("shuffle_seed", "seed-or-none", "none", "natural data: shuffle before taking the first n", HashedAtDefault: false),
        new("label_noise", "real", "0", "natural data: fraction of labels replaced", HashedAtDefault: false, Min: 0, Max: 1),
        new("inputs", "inputs", "images", "natural data: images, or random (N(0, 1) noise)", HashedAtDefault: false),
        new("test_split", "split-or-none", "none", "natural data: the held-out split (test), for test_mse and test_accuracy", HashedAtDefault: false),
        new("lr", "rate", "auto", "η, or auto (1/λ_max of H∞)"),
        new("steps", "int", "100", "K", Min: 0),
        new("tol", "real", "0", "stop at loss ≤ tol", Min: 0),
        new("rel_tol", "real", "0", "stop at loss ≤ rel_tol · L(0)", HashedAtDefault: false, Min: 0, Max: 1),
        new("train_layers", "string", "all", "all, or last (the output layer alone; fc, resnet)", HashedAtDefault: false),
        new("seed", "long", "0", "seed of the initialization"),
        new("precision", "precision", "f64", "f64 or f32"),
        new("record_every", "int", "1", "record every s steps", Min: 1),
        new("gram_every", "int", "-1", "H(k) every g steps; -1: every steps/10; 0: never", Min: -1),
        new("delta", "real", "0.1", "δ of the width bound", Min: 0, Max: 1, Open: true),
    ];

    /// <summary>Looks a key up by name.</summary>
    public static Key? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Looks a key up by name or by its command-line flag's spelling (<c>train-layers</c> for
    /// <c>train_layers</c>): a sweep spec takes an option under the name <c>train</c> gives it. The key keeps its one
    /// name in every output, so trial ids do not depend on the spelling.</summary>
    public static Key? FindSpelled(string name) => Find(name) ?? (name.Contains('-') ? Find(name.Replace('-', '_')) : null);

    /// <summary>
    /// Checks <paramref name="value"/> against the key's kind and returns its canonical text, or null with the
    /// expectation in <paramref name="expected"/>.
    /// </summary>
    public static string? Canonical(Key key, string value, out string expected)
    {
        var inv = CultureInfo.InvariantCulture;
        expected = key.Kind switch
        {
            "int" => $"a whole number{key.RangeText}{(key.Max == null ? $" up to {int.MaxValue}" : "")}",
            "long" => "a whole number",
            "real" => $"a number{key.RangeText}",
            "bool" => "true or false",
            "rate" => "a number > 0 or 'auto'",
            "precision" => "f64 or f32",
            "model" => ModelKinds.Listed(ModelKinds.Names),
            "form" => "primal, dual or auto",
            "split" => "train or test",
            "split-or-none" => "test, train or none",
            "classes" => "all, or classes 0 to 9 separated by commas",
            "seed-or-none" => "a whole number, or none",
            "inputs" => "images or random",
            "activation" => string.Join(", ", Activation.Names),
            _ => "a string",
        };
        switch (key.Kind)
        {
            case "int":
                return int.TryParse(value, NumberStyles.Integer, inv, out int i) && key.InRange(i) ? i.ToString(inv) : null;
            case "long":
                return long.TryParse(value, NumberStyles.Integer, inv, out long l) ? l.ToString(inv) : null;
            case "real":
                return double.TryParse(value, NumberStyles.Float, inv, out double r) && double.IsFinite(r) && key.InRange(r) ? r.ToString("R", inv) : null;
            case "bool":
                return value is "true" or "True" or "false" or "False" ? value.ToLowerInvariant() : null;
            case "rate":
                if (value == "auto") return value;
                return double.TryParse(value, NumberStyles.Float, inv, out double eta) && eta > 0 && double.IsFinite(eta) ? eta.ToString("R", inv) : null;
            case "precision":
                return value is "f64" or "f32" ? value : null;
            case "model":
                return ModelKinds.Names.Contains(value) ? value : null;
            case "form":
                return value is "primal" or "dual" or "auto" ? value : null;
            case "split":
                return value is "train" or "test" ? value : null;
            case "split-or-none":
                return value is "train" or "test" or "none" ? value : null;
            case "inputs":
                return value is "images" or "random" ? value : null;
            case "seed-or-none":
                return value == "none" ? value : long.TryParse(value, NumberStyles.Integer, inv, out long seed) ? seed.ToString(inv) : null;
            case "classes":
                if (value == NaturalOptions.AllClasses) return value;
                try { return string.Join(",", NaturalOptions.ParseClasses(value)); }
                catch (IO.InputException) { return null; }
            case "activation":
                return Activation.Names.Contains(value) ? value : null;
            default:
                return value.Length > 0 ? value : null;
        }
    }

    /// <summary>The training spec of a full set of canonical settings.</summary>
    public static TrainSpec ToTrainSpec(IReadOnlyDictionary<string, string> s)
    {
        var inv = CultureInfo.InvariantCulture;
        int I(string k) => int.Parse(s[k], inv);
        bool B(string k) => s[k] == "true";
        double R(string k) => double.Parse(s[k], inv);
        int steps = I("steps"), gram = I("gram_every");
        if (NaturalData.Parse(s["data"]) == null && (s["split"] != "train" || s["classes"] != "all" || s["center"] != "false" || s["shuffle_seed"] != "none"
                || s["label_noise"] != "0" || s["inputs"] != "images" || s["labels"] is "true" or "random"))
            throw new IO.InputException($"split, classes, center, shuffle_seed, label_noise, inputs and labels true/random are for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {s["data"]}");
        var natural = NaturalData.Parse(s["data"]) == null ? null : new NaturalOptions(s["split"],
            s["classes"] == NaturalOptions.AllClasses ? null : NaturalOptions.ParseClasses(s["classes"]), B("center"),
            s["shuffle_seed"] == "none" ? null : long.Parse(s["shuffle_seed"], inv), R("label_noise"), s["inputs"] == "random");
        var data = new DataSpec(s["data"], s["labels"] == "true" ? null : s["labels"], I("n"), I("d"), long.Parse(s["data_seed"], inv), B("normalize"), natural, I("project"));
        var model = ModelKinds.ByName(s["model"]).Spec(new ModelFlags(I("width"), B("bias"), B("train_output"), R("init_scale"),
            I("depth"), s["activation"], R("c_res"), I("channels"), I("patch")));
        return new TrainSpec(data, model, s["lr"] == "auto" ? null : R("lr"), steps, R("tol"), long.Parse(s["seed"], inv),
            s["precision"] == "f32" ? Precision.F32 : Precision.F64, I("record_every"), gram < 0 ? Math.Max(1, steps / 10) : gram,
            R("delta"), null, TestN: I("test_n"), Form: StepForms.Parse(s["form"]),
            TestSplit: s["test_split"] == "none" ? null : s["test_split"], RelativeTolerance: R("rel_tol"),
            TrainLayers: TrainedLayerNames.Parse(s["train_layers"], "train_layers")).Validate();
    }

    /// <summary>
    /// Natural data whose labels were not given trains on its own labels ("true"), as train does; the vocabulary's
    /// default, gaussian, would silently put synthetic labels on the images. Called by every place that builds settings
    /// from defaults (sweep specs, threshold).
    /// </summary>
    public static void DefaultNaturalLabels(IDictionary<string, string> settings, bool labelsGiven)
    {
        if (!labelsGiven && Data.NaturalData.Parse(settings["data"]) != null) settings["labels"] = "true";
    }
}
