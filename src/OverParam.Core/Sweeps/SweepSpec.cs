using System.Security.Cryptography;
using System.Text;
using OverParam.Data;
using OverParam.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OverParam.Sweeps;

/// <summary>One trial of a sweep: its stable id, the values of the swept axes, and every resolved setting.</summary>
/// <param name="Id">"width-100_seed-0-1a2b3c4d": the axis values, then 8 hex digits of SHA-256 over all settings,
/// so that changing the base gives new ids instead of silently reusing old results.</param>
/// <param name="Axes">Axis name → canonical value.</param>
/// <param name="Settings">Every key of <see cref="SettingKeys.All"/> → canonical value.</param>
public sealed record Trial(string Id, IReadOnlyDictionary<string, string> Axes, IReadOnlyDictionary<string, string> Settings);

/// <summary>
/// A sweep: a base run plus axes, each a list of values; the trials are the Cartesian product of the axes, in the order
/// the axes are written (the last varies fastest). Parsed from YAML (JSON is YAML too):
/// <code>
/// name: widths
/// base: { n: 200, d: 200, labels: gaussian, steps: 100 }
/// axes:
///   width: [50, 200, 1000]
///   seed: [0, 1]
/// </code>
/// Settings that vary together, such as a width tied to n (m = n/2, n, 2n at every n), are <c>cases</c>: a list of
/// mappings, every one with the same keys, crossed with the axes as one more axis written first:
/// <code>
/// cases:
///   - { n: 50, width: 25 }
///   - { n: 50, width: 100 }
///   - { n: 100, width: 50 }
/// axes:
///   seed: [0, 1]
/// </code>
/// A key is given in one place only: base, one axis, or the cases. Every error names the file, the line and the key.
/// </summary>
/// <param name="Name">The sweep's name.</param>
/// <param name="Base">Every setting's value where no axis or case sets it.</param>
/// <param name="Axes">The axes, in the order written.</param>
/// <param name="Cases">The cases, each key → canonical value (every case the same keys); empty: none.</param>
public sealed record SweepSpec(string Name, IReadOnlyDictionary<string, string> Base, IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Axes,
    IReadOnlyList<IReadOnlyList<(string Key, string Value)>>? Cases = null)
{
    private static readonly string[] TopKeys = ["name", "description", "base", "cases", "axes"];

    /// <summary>The names of the swept settings: the cases' keys, then the axes'.</summary>
    public IReadOnlyList<string> AxisNames => [.. (Cases is [var first, ..] ? first.Select(p => p.Key) : []), .. Axes.Select(a => a.Key)];

    /// <summary>Reads and checks a spec file.</summary>
    public static SweepSpec Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.InFile(path, "", $"cannot read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses spec text; <paramref name="file"/> names it in errors.</summary>
    public static SweepSpec Parse(string text, string file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw InputException.InFile(file, $"line {e.Start.Line}", $"not valid YAML: {e.Message}"); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's parser throws these too on some malformed inputs (a flow mapping broken by a stray '[', …).
            throw InputException.InFile(file, "", $"not valid YAML ({e.Message})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw InputException.InFile(file, "", "expected a mapping with keys name, base, axes");

        string name = Path.GetFileNameWithoutExtension(file);
        var baseSettings = SettingKeys.Defaults();
        var axes = new List<(string, IReadOnlyList<string>)>();
        var baseLines = new Dictionary<string, string>();
        var axisLines = new Dictionary<string, string>();
        var cases = new List<IReadOnlyList<(string Key, string Value)>>();
        var caseLines = new Dictionary<string, string>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = Scalar(file, keyNode, "a key");
            switch (key)
            {
                case "name": name = Scalar(file, valueNode, "name"); break;
                case "description": break;
                case "base":
                    foreach (var (k, v) in Mapping(file, valueNode, "base"))
                    {
                        var setting = Setting(file, k, "base");
                        if (!baseLines.TryAdd(setting.Name, Line(k)))
                            throw InputException.InFile(file, Line(k), $"base.{setting.Name}: given twice");
                        baseSettings[setting.Name] = Value(file, setting, v, $"base.{setting.Name}");
                    }
                    break;
                case "axes":
                    foreach (var (k, v) in Mapping(file, valueNode, "axes"))
                    {
                        var setting = Setting(file, k, "axes");
                        if (v is not YamlSequenceNode seq)
                            throw InputException.InFile(file, Line(v), $"axes.{setting.Name}: expected a list of values, e.g. [1, 2, 3]");
                        if (seq.Children.Count == 0)
                            throw InputException.InFile(file, Line(v), $"axes.{setting.Name}: empty axis; give at least one value");
                        if (axes.Any(a => a.Item1 == setting.Name))
                            throw InputException.InFile(file, Line(k), $"axes.{setting.Name}: given twice");
                        axes.Add((setting.Name, seq.Children.Select(c => Value(file, setting, c, $"axes.{setting.Name}")).ToList()));
                        axisLines[setting.Name] = Line(k);
                    }
                    break;
                case "cases":
                    if (cases.Count > 0) throw InputException.InFile(file, Line(keyNode), "cases: given twice");
                    cases.AddRange(ParseCases(file, valueNode, caseLines));
                    break;
                default:
                    throw InputException.InFile(file, Line(keyNode), $"'{key}': unknown key; expected one of {string.Join(", ", TopKeys)}");
            }
        }
        foreach (var (key, line) in axisLines)
            if (baseLines.TryGetValue(key, out var baseLine))
                throw InputException.InFile(file, line, $"axes.{key}: also set in base ({baseLine}); give it in one place");
        RefuseInapplicable(file, baseSettings["model"], axes, cases, [("base", baseLines), ("axes", axisLines), ("cases", caseLines)]);
        TrainSettings.DefaultNaturalLabels(baseSettings, baseLines.ContainsKey("labels") || axisLines.ContainsKey("labels") || caseLines.ContainsKey("labels"));
        foreach (var (key, line) in caseLines)
            if (baseLines.TryGetValue(key, out var baseLine) || axisLines.TryGetValue(key, out baseLine))
                throw InputException.InFile(file, line, $"cases.{key}: also set in {(axisLines.ContainsKey(key) ? "axes" : "base")} ({baseLine}); give it in one place");
        return new SweepSpec(name, baseSettings, axes, cases);
    }

    /// <summary>
    /// Refuses a key that none of the sweep's models reads (<see cref="Setting.Models"/>): c_res with two-layer alone,
    /// init_scale with fc alone. With several models (model an axis or a case) a key read by one of them is taken, and
    /// the others' trials leave it aside as train does (the deep models refuse the two-layer net's bias, train_output
    /// and init_scale away from their defaults, when the trial is checked).
    /// </summary>
    private static void RefuseInapplicable(string file, string baseModel, List<(string, IReadOnlyList<string>)> axes,
        List<IReadOnlyList<(string Key, string Value)>> cases, IEnumerable<(string Section, Dictionary<string, string> Lines)> given)
    {
        var models = axes.Where(a => a.Item1 == "model").SelectMany(a => a.Item2)
            .Concat(cases.SelectMany(c => c.Where(p => p.Key == "model").Select(p => p.Value))).DefaultIfEmpty(baseModel)
            .Distinct().Select(Experiments.ModelKinds.ByName).ToList();
        foreach (var (section, lines) in given)
            foreach (var (key, line) in lines)
            {
                var setting = SettingKeys.Get(key);
                if (models.Any(setting.AppliesTo)) continue;
                throw InputException.InFile(file, line,
                    setting.NotReadBy($"{section}.{key}", models, $"the model{(models.Count > 1 ? "s" : "")} this sweep trains", "model"));
            }
    }

    /// <summary>The cases: a non-empty list of mappings with the same keys (<paramref name="lines"/> gets each key's first
    /// line, so that base and the axes are checked against it).</summary>
    private static List<IReadOnlyList<(string Key, string Value)>> ParseCases(string file, YamlNode node, Dictionary<string, string> lines)
    {
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
            throw InputException.InFile(file, Line(node), "cases: expected a non-empty list of mappings, e.g. [{ n: 50, width: 25 }, { n: 100, width: 50 }]");
        var list = new List<IReadOnlyList<(string, string)>>();
        List<string>? keys = null;
        foreach (var item in seq.Children)
        {
            var pairs = new List<(string Key, string Value)>();
            foreach (var (k, v) in Mapping(file, item, "a case"))
            {
                var setting = Setting(file, k, "cases");
                if (pairs.Any(p => p.Key == setting.Name)) throw InputException.InFile(file, Line(k), $"cases.{setting.Name}: given twice in one case");
                pairs.Add((setting.Name, Value(file, setting, v, $"cases.{setting.Name}")));
            }
            var these = pairs.Select(p => p.Key).ToList();
            if (these.Count == 0) throw InputException.InFile(file, Line(item), "cases: an empty case; give at least one setting");
            keys ??= these;
            if (!these.Order().SequenceEqual(keys.Order()))
                throw InputException.InFile(file, Line(item), $"cases: every case must set the same keys ({string.Join(", ", keys)}), this one sets {string.Join(", ", these)}");
            // One order for every case, the first's: trial ids and sweep.json list the keys in it.
            list.Add([.. keys.Select(k => pairs.First(p => p.Key == k))]);
            foreach (var k in these) lines.TryAdd(k, Line(item));
        }
        return list;
    }

    /// <summary>The trials, in axis order (the last axis varies fastest).</summary>
    public IReadOnlyList<Trial> Trials()
    {
        IEnumerable<IReadOnlyList<(string Key, string Value)>> combos = Cases is { Count: > 0 } ? Cases : [[]];
        foreach (var (key, values) in Axes)
            combos = combos.SelectMany(c => values.Select(v => (IReadOnlyList<(string, string)>)[.. c, (key, v)]));
        var trials = new List<Trial>();
        foreach (var combo in combos)
        {
            var settings = new Dictionary<string, string>(Base);
            foreach (var (k, v) in combo) settings[k] = v;
            var axes = combo.ToDictionary(p => p.Key, p => p.Value);
            trials.Add(new Trial(IdOf(axes, settings), axes, settings));
        }
        var dup = trials.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new InputException($"sweep '{Name}': two trials have the same settings ({dup.Key}); remove the repeated axis value");
        return trials;
    }

    /// <summary>The trial id: readable axis values, then a hash of every setting.</summary>
    public static string IdOf(IReadOnlyDictionary<string, string> axes, IReadOnlyDictionary<string, string> settings)
    {
        string canonical = string.Join("\n", SettingKeys.All
            .Where(k => k.HashedAtDefault || settings[k.Name] != SettingValues.Canonical(k, k.Default, out _))
            .Select(k => $"{k.Name}={settings[k.Name]}"));
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..8].ToLowerInvariant();
        string readable = string.Join("_", axes.Select(p => $"{p.Key}-{Sanitize(p.Value)}"));
        return readable.Length == 0 ? hash : $"{readable}-{hash}";
    }

    private static string Sanitize(string v)
    {
        var s = new string(v.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        return s.Length > 24 ? s[..24] : s;
    }

    private static string Line(YamlNode node) => $"line {node.Start.Line}";

    private static string Scalar(string file, YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } v } ? v : throw InputException.InFile(file, Line(node), $"{what}: expected a single value");

    private static IEnumerable<(YamlNode, YamlNode)> Mapping(string file, YamlNode node, string what) =>
        node is YamlMappingNode m
            ? m.Children.Select(p => (p.Key, p.Value))
            : throw InputException.InFile(file, Line(node), $"{what}: expected a mapping of setting: value");

    private static Setting Setting(string file, YamlNode keyNode, string section)
    {
        string key = Scalar(file, keyNode, $"a key in {section}");
        return SettingKeys.FindSpelled(key) ?? throw InputException.InFile(file, Line(keyNode),
            $"{section}.{key}: unknown key; expected one of {string.Join(", ", SettingKeys.All.Select(k => k.Name))} (every option of train, or its flag's spelling: train-layers for train_layers)");
    }

    private static string Value(string file, Setting key, YamlNode node, string where)
    {
        string raw = Scalar(file, node, where);
        string value = SettingValues.Canonical(key, raw, out string expected)
            ?? throw InputException.InFile(file, Line(node), $"{where}: expected {expected}, got '{raw}'");
        // A data or labels value that names no built-in must be a file that is there now, not a failure at run time.
        var builtIn = key.Name == "data" ? DataSpec.BuiltIn : key.Name == "labels" ? [.. DataSpec.BuiltInLabels, "true", "random"] : null;
        var natural = key.Name == "data" ? NaturalData.Parse(value) : null;
        if (natural != null && !Directory.Exists(natural.Dir))
            throw InputException.InFile(file, Line(node), $"{where}: {natural.Dir}: no such folder");
        if (builtIn != null && natural == null && !builtIn.Contains(value) && !DataFiles.Exists(value))
            throw InputException.InFile(file, Line(node), $"{where}: '{raw}' is neither one of {string.Join(", ", builtIn)}{(key.Name == "data" ? ", a natural data set (mnist:DIR, fashion-mnist, cifar10:DIR)" : "")} nor an existing file");
        // So is a file of initial weights or of a held-out set (init_from: a folder written with save_weights).
        if (key.Kind == "path-or-none" && value != SettingValues.None && !(key.Name == "init_from" ? Directory.Exists(value) : DataFiles.Exists(value)))
            throw InputException.InFile(file, Line(node), $"{where}: '{raw}' is neither none nor an existing {(key.Name == "init_from" ? "folder" : "file")}");
        return value;
    }
}
