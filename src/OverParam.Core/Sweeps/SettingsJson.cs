using System.Text.Json;
using System.Text.Json.Nodes;
using OverParam.IO;

namespace OverParam.Sweeps;

/// <summary>
/// Settings (canonical strings, <see cref="SettingKeys"/>) as JSON values of their kind, in sweep.json, each trial's
/// settings.json, failed/ID.json and threshold.json: whole and real numbers as JSON numbers ("n": 200, "c_res": 0.5),
/// booleans as true and false, a rate or seed that may be a word ("auto", "none") as a number when it is one, and every
/// other kind (data, model, classes "0,1", …) as a string.
/// <para>
/// Reading gives back the canonical strings, whichever way the file wrote them: a number is canonicalized by its key
/// (so the trial ids, hashed over those strings, stay what they were), and a file of an earlier version, which stored
/// every value as a string ("n": "200"), reads unchanged.
/// </para>
/// </summary>
public static class SettingsJson
{
    /// <summary>One setting's value as JSON: a number, a boolean, or the string itself.</summary>
    public static JsonValue Value(string name, string value)
    {
        var key = SettingKeys.Find(name);
        if (key?.Kind == "bool" && value is "true" or "false") return JsonValue.Create(value == "true");
        if (key != null && SettingValues.NumberKinds.Contains(key.Kind) && IsJsonNumber(value)) return JsonNode.Parse(value)!.AsValue();
        return JsonValue.Create(value);
    }

    /// <summary>Settings as JSON values of their kind, in the dictionary's order (what the output records hold).</summary>
    public static IReadOnlyDictionary<string, JsonValue> Values(IReadOnlyDictionary<string, string> settings)
    {
        var d = new Dictionary<string, JsonValue>();
        foreach (var (k, v) in settings) d[k] = Value(k, v);
        return d;
    }

    /// <summary>
    /// Reads a settings object back to canonical strings; <paramref name="file"/> names the file in errors. A value that is
    /// neither a string, a number nor a boolean, or a number its key does not take, is an <see cref="InputException"/>.
    /// </summary>
    public static Dictionary<string, string> Read(JsonNode node, string file)
    {
        if (node is not JsonObject o) throw InputException.InFile(file, "", $"expected an object of settings, got {node.ToJsonString()}");
        var d = new Dictionary<string, string>();
        foreach (var (k, v) in o)
        {
            d[k] = v?.GetValueKind() switch
            {
                JsonValueKind.String => v.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => Canonical(k, v.ToJsonString(), file),
                _ => throw InputException.InFile(file, k, $"expected a string, a number or true/false, got {v?.ToJsonString() ?? "null"}"),
            };
        }
        return d;
    }

    private static string Canonical(string name, string number, string file) =>
        SettingKeys.Find(name) is { } key
            ? SettingValues.Canonical(key, number, out string expected) ?? throw InputException.InFile(file, name, $"expected {expected}, got {number}")
            : number;

    /// <summary>Whether <paramref name="s"/> is a JSON number literal: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? (RFC 8259 §6).</summary>
    private static bool IsJsonNumber(string s)
    {
        int i = 0, n = s.Length;
        if (i < n && s[i] == '-') i++;
        if (i == n) return false;
        if (s[i] == '0') i++;
        else if (char.IsAsciiDigit(s[i])) while (i < n && char.IsAsciiDigit(s[i])) i++;
        else return false;
        if (i < n && s[i] == '.')
        {
            int start = ++i;
            while (i < n && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        if (i < n && s[i] is 'e' or 'E')
        {
            i++;
            if (i < n && s[i] is '+' or '-') i++;
            int start = i;
            while (i < n && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        return i == n;
    }
}
