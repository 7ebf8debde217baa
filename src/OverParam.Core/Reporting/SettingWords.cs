using OverParam.Sweeps;

namespace OverParam.Reporting;

/// <summary>
/// A setting in the papers' words for legends and panel titles: "m = 50", "H = 4", "η = 0.5", "ResNet", instead of the
/// sweep's keys ("width=50"). Words hold no comma, quote or '#' (figure CSVs stay unquoted and numpy reads no comment
/// in them): several settings are joined by " · ".
/// </summary>
public static class SettingWords
{
    /// <summary>The papers' symbol of each sweep key that has one (Du et al. ICLR 2019: m, n, d, η; ICML 2019: H, c_res, q).</summary>
    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["width"] = "m",
        ["n"] = "n",
        ["d"] = "d",
        ["depth"] = "H",
        ["lr"] = "η",
        ["init_scale"] = "κ",
        ["c_res"] = "c_{res}",
        ["channels"] = "d_{0}",
        ["patch"] = "q",
        ["steps"] = "K",
        ["delta"] = "δ",
        ["label_noise"] = "label noise",
    };

    /// <summary>Display names of the models.</summary>
    private static readonly Dictionary<string, string> Models = new()
    {
        ["two-layer"] = "two-layer",
        ["fc"] = "FC",
        ["resnet"] = "ResNet",
        ["conv-resnet"] = "conv ResNet",
    };

    /// <summary>One setting: "m = 50", "FC", "labels: random".</summary>
    public static string Of(string key, string value)
    {
        // As CsvTable writes axis values: a comma as ';', and what a CSV reader takes for a quote, a comment or a line end as '_'.
        string v = value.Replace(',', ';').Replace('"', '_').Replace('#', '_').Replace('\n', '_').Replace('\r', '_');
        if (key == "model") return Models.GetValueOrDefault(v, v);
        if (Symbols.TryGetValue(key, out var symbol)) return $"{symbol} = {v}";
        return $"{key.Replace('_', ' ')}: {v}";
    }

    /// <summary>Several settings joined by " · ", or "all settings" when there are none.</summary>
    public static string Of(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var words = settings.Select(kv => Of(kv.Key, kv.Value)).ToList();
        return words.Count == 0 ? "all settings" : string.Join(" · ", words);
    }

    /// <summary>The group's setting in words.</summary>
    public static string Of(GroupSummary g) => Of(g.Key);

    /// <summary>
    /// The theorem a trial's certificate names, shortened to the paper and number ("Du et al. ICLR 2019, Thm 4.1"): the
    /// part before a parenthesis or a " with " clause.
    /// </summary>
    public static string Theorem(TrialData t)
    {
        string s = (string?)t.Summary["certificate"]?["theorem"] ?? "";
        foreach (var cut in new[] { " (", " with ", " [" })
        {
            int i = s.IndexOf(cut, StringComparison.Ordinal);
            if (i > 0) s = s[..i];
        }
        return s;
    }
}
