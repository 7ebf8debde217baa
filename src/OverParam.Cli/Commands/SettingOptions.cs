using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary>
/// Command-line options made from the options vocabulary (<see cref="Vocabulary"/>): each <see cref="Setting"/> becomes an
/// <c>Option&lt;T&gt;</c> with its flag, help, default and check, and a parse's values are collected into the settings
/// dictionary a sweep's trial holds (<see cref="Into"/>), from which <see cref="TrainSettings"/> builds the specs. One
/// instance per command: an option belongs to the command it is added to.
/// </summary>
/// <param name="keys">The settings, in the order --help lists them.</param>
/// <param name="flags">Flags that differ from the setting's own on this command (gram calls data_seed --seed).</param>
public sealed class SettingOptions(IEnumerable<string> keys, IReadOnlyDictionary<string, string>? flags = null) : ISettingGroup
{
    private readonly List<(Setting Setting, Option Option)> _options =
        [.. keys.Select(SettingKeys.Get).Select(s => (s, Create(s, flags?.GetValueOrDefault(s.Name) ?? s.Flag)))];

    /// <summary>The options, in the order given.</summary>
    public IEnumerable<Option> All => _options.Select(p => p.Option);

    /// <summary>The option of the setting <paramref name="key"/>.</summary>
    public Option this[string key] => _options.First(p => p.Setting.Name == key).Option;

    /// <summary>The typed option of <paramref name="key"/> (<see cref="Create"/> says which T).</summary>
    public Option<T> Of<T>(string key) => (Option<T>)this[key];

    /// <summary>Whether the command line gave the option of <paramref name="key"/> (not its default).</summary>
    public bool Given(ParseResult r, string key) => r.GetResult(this[key]) is { Implicit: false };

    /// <summary>
    /// Refuses an option the command line gave (not merely left at its default) that <paramref name="model"/> does not read
    /// (<see cref="Setting.AppliesTo"/>), in the sweep spec's one line (<see cref="Setting.NotReadBy"/>).
    /// </summary>
    /// <param name="r">The parse.</param>
    /// <param name="model">The model the command runs, checks or takes the kernel of.</param>
    /// <param name="role">What the model is to the command, e.g. "the model this run trains".</param>
    /// <param name="choose">The option that sets the model: --model, or gram's and predict's --kernel.</param>
    public void RefuseUnread(ParseResult r, ModelKind model, string role, string choose)
    {
        foreach (var (setting, option) in _options)
            if (r.GetResult(option) is { Implicit: false } && !setting.AppliesTo(model))
                throw new InputException(setting.NotReadBy(option.Name, [model], role, choose));
    }

    /// <summary>Writes each option's value, given or default, into <paramref name="settings"/> as canonical text.</summary>
    public void Into(ParseResult r, IDictionary<string, string> settings)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var (setting, option) in _options)
            settings[setting.Name] = option switch
            {
                Option<bool> o => r.GetValue(o) ? "true" : "false",
                Option<int> o => r.GetValue(o).ToString(inv),
                Option<long> o => r.GetValue(o).ToString(inv),
                Option<long?> o => r.GetValue(o)?.ToString(inv) ?? setting.Unset!,
                Option<double> o => r.GetValue(o).ToString("R", inv),
                Option<double?> o => r.GetValue(o)?.ToString("R", inv) ?? setting.Unset!,
                Option<string> o => r.GetValue(o) ?? setting.Unset!, // not given, with no default: the setting's unset value
                _ => throw new InvalidOperationException($"{option.Name}: no canonical text for {option.ValueType.Name}"),
            };
    }

    /// <summary>
    /// The option of <paramref name="setting"/>, spelled <paramref name="flag"/>: the value type of its kind (nullable,
    /// with no default, where the setting has an <see cref="Setting.Unset"/> value), its help and default, and its check
    /// at parse time: a choice's words, a rate, a split, and a whole number's range.
    /// </summary>
    public static Option Create(Setting setting, string flag)
    {
        var inv = CultureInfo.InvariantCulture;
        bool optional = setting.Unset != null;
        return setting.Kind switch
        {
            "bool" => new Option<bool>(flag) { Description = setting.Description },
            "int" => InRange(new Option<int>(flag) { Description = setting.Description, DefaultValueFactory = _ => int.Parse(setting.Default, inv) }, setting),
            "long" => new Option<long>(flag) { Description = setting.Description, DefaultValueFactory = _ => long.Parse(setting.Default, inv) },
            "seed-or-none" => new Option<long?>(flag) { Description = setting.Description },
            "real" => InRange(new Option<double>(flag) { Description = setting.Description, DefaultValueFactory = _ => double.Parse(setting.Default, inv) }, setting),
            "real-or-none" => new Option<double?>(flag) { Description = setting.Description },
            "choice" => new Option<string>(flag) { Description = setting.Description, DefaultValueFactory = _ => setting.Default }.OneOf([.. setting.Choices]),
            "rate" => Rate(new Option<string>(flag) { Description = setting.Description, DefaultValueFactory = _ => setting.Default }),
            "split-or-none" => Split(new Option<string?>(flag) { Description = setting.Description }),
            _ when optional => new Option<string?>(flag) { Description = setting.Description },
            _ => new Option<string>(flag) { Description = setting.Description, DefaultValueFactory = _ => setting.Default },
        };
    }

    /// <summary>A whole number's range, checked at parse time ("--width must be at least 1, got 0").</summary>
    private static Option<int> InRange(Option<int> o, Setting setting) => setting switch
    {
        { Min: 1, Max: null } => CommonOptions.Positive(o),
        { Min: 0, Max: null } => CommonOptions.NonNegative(o),
        { Min: null, Max: null } => o,
        _ => CommonOptions.Within(o, setting.InRange, setting.RangeText),
    };

    /// <summary>
    /// A real number's range, checked at parse time, its ends exactly as the declaration has them: "--c-res must be in
    /// (0, 1), got 1"; where there is no upper end, "--tol must be a finite number ≥ 0, got -1" (∞ and NaN are refused too).
    /// </summary>
    private static Option<double> InRange(Option<double> o, Setting setting) => setting switch
    {
        { Min: null, Max: null } => o,
        _ => CommonOptions.Within(o, v => double.IsFinite(v) && setting.InRange(v), setting.Max == null ? $" a finite number{setting.RangeText}" : setting.RangeText),
    };

    /// <summary>--lr: a number &gt; 0 or "auto".</summary>
    private static Option<string> Rate(Option<string> o) => o.Also(o => o.Validators.Add(res =>
    {
        var v = res.GetValueOrDefault<string>();
        if (v != "auto" && !(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)))
            res.AddError($"{o.Name} must be a number > 0 or 'auto', got '{v}'");
    }));

    /// <summary>--test-split: test or train (not given: none).</summary>
    private static Option<string?> Split(Option<string?> o) => o.Also(o => o.Validators.Add(res =>
    {
        if (res.Tokens.Count > 0 && res.Tokens[^1].Value is not ("test" or "train"))
            res.AddError($"{o.Name}: expected test or train, got '{res.Tokens[^1].Value}'");
    }));
}
