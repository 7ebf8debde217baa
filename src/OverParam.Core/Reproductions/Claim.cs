using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Reproductions;

/// <summary>One claim of a paper that a reproduction's report checks.</summary>
/// <param name="Id">A stable snake_case key, e.g. "fc_degrades_faster_than_resnet".</param>
/// <param name="Statement">The claim in words: the paper's, or our reading of it where the report says so.</param>
/// <param name="Measured">The numbers the verdict rests on, by name (NaN where a group is missing).</param>
/// <param name="Holds">Whether the measurement supports the claim.</param>
public sealed record Claim(string Id, string Statement, IReadOnlyDictionary<string, double> Measured, bool Holds);

/// <summary>A reproduction's claims as claims.json and as the report's table.</summary>
public static class Claims
{
    /// <summary>The file next to report.html.</summary>
    public const string FileName = "claims.json";

    /// <summary>{"reproduction": name, "claims": [{id, statement, measured: {name: number}, holds}, …]}.</summary>
    public static JsonObject ToJson(string reproduction, IReadOnlyList<Claim> claims) => new()
    {
        ["reproduction"] = reproduction,
        ["claims"] = new JsonArray(claims.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["statement"] = c.Statement,
            ["measured"] = new JsonObject(c.Measured.Select(p => KeyValuePair.Create(p.Key, Json.Number(p.Value)))),
            ["holds"] = c.Holds,
        }).ToArray()),
    };

    /// <summary>Writes claims.json into <paramref name="dir"/> atomically; returns its path.</summary>
    public static string Write(string dir, string reproduction, IReadOnlyList<Claim> claims)
    {
        string path = Path.Combine(dir, FileName);
        AtomicFile.WriteAllText(path, Json.Write(ToJson(reproduction, claims)));
        return path;
    }

    /// <summary>The report's table: claim, measured values, verdict.</summary>
    public static string Table(IReadOnlyList<Claim> claims)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";
        var sb = new StringBuilder("<table><tr><th>claim</th><th>measured</th><th>holds</th></tr>\n");
        foreach (var c in claims)
            sb.Append($"<tr><td>{E(c.Statement)}</td><td>{E(string.Join(", ", c.Measured.Select(p => $"{p.Key} = {F(p.Value)}")))}</td>"
                + $"<td class=\"{(c.Holds ? "ok" : "fail")}\">{(c.Holds ? "yes" : "no")}</td></tr>\n");
        return sb.Append("</table>\n").ToString();
    }
}
