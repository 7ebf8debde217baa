using System.Globalization;
using OverParam.Data;

namespace OverParam.Sweeps;

/// <summary>
/// How a setting's value is read, by its kind (<see cref="Setting.Kind"/>): the check and the canonical text. Values are
/// kept as canonical strings so that a trial's settings, and so its id, are stable ("1e-2" and "0.01" are one value).
/// </summary>
public static class SettingValues
{
    /// <summary>The kinds whose value is written as a JSON number when it is one (<see cref="SettingsJson"/>).</summary>
    public static readonly IReadOnlySet<string> NumberKinds = new HashSet<string> { "int", "long", "real", "rate", "seed-or-none", "real-or-none" };

    /// <summary>The word of the "-or-none" kinds (and of --labels on the command line) for "not given".</summary>
    public const string None = "none";

    /// <summary>What a value of <paramref name="setting"/> must be, in words: "a whole number ≥ 1 up to 2147483647".</summary>
    public static string Expected(Setting setting) => setting.Kind switch
    {
        "int" => $"a whole number{setting.RangeText}{(setting.Max == null ? $" up to {int.MaxValue}" : "")}",
        "long" => "a whole number",
        "real" => $"a number{setting.RangeText}",
        "real-or-none" => $"a number{setting.RangeText}, or none",
        "bool" => "true or false",
        "rate" => "a number > 0 or 'auto'",
        "choice" => Experiments.ModelKinds.Listed(setting.Choices),
        "split-or-none" => "test, train or none",
        "classes" => "all, or classes 0 to 9 separated by commas",
        "seed-or-none" => "a whole number, or none",
        "path-or-none" => "a file path, or none",
        "string" => "a string",
        _ => throw new ArgumentException($"setting {setting.Name}: unknown kind '{setting.Kind}'", nameof(setting)),
    };

    /// <summary>
    /// Checks <paramref name="value"/> against the setting's kind and returns its canonical text, or null with the
    /// expectation in <paramref name="expected"/>.
    /// </summary>
    public static string? Canonical(Setting setting, string value, out string expected)
    {
        var inv = CultureInfo.InvariantCulture;
        expected = Expected(setting);
        switch (setting.Kind)
        {
            case "int":
                return int.TryParse(value, NumberStyles.Integer, inv, out int i) && setting.InRange(i) ? i.ToString(inv) : null;
            case "long":
                return long.TryParse(value, NumberStyles.Integer, inv, out long l) ? l.ToString(inv) : null;
            case "real":
                return Real(setting, value);
            case "real-or-none":
                return value == None ? value : Real(setting, value);
            case "bool":
                return value is "true" or "True" or "false" or "False" ? value.ToLowerInvariant() : null;
            case "rate":
                if (value == "auto") return value;
                return double.TryParse(value, NumberStyles.Float, inv, out double eta) && eta > 0 && double.IsFinite(eta) ? eta.ToString("R", inv) : null;
            case "choice":
                return setting.Choices.Contains(value) ? value : null;
            case "split-or-none":
                return value is "train" or "test" or None ? value : null;
            case "seed-or-none":
                return value == None ? value : long.TryParse(value, NumberStyles.Integer, inv, out long seed) ? seed.ToString(inv) : null;
            case "classes":
                if (value == NaturalOptions.AllClasses) return value;
                try { return string.Join(",", NaturalOptions.ParseClasses(value)); }
                catch (IO.InputException) { return null; }
            default:
                return value.Length > 0 ? value : null;
        }
    }

    /// <summary>A finite number in the setting's range, as the shortest text that reads back to it.</summary>
    private static string? Real(Setting setting, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && double.IsFinite(r) && setting.InRange(r)
            ? r.ToString("R", CultureInfo.InvariantCulture) : null;
}
