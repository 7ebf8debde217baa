using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Reproductions;

/// <summary>A reproduction's claims as claims.json, as the report's table, and as its headline count.</summary>
public static class Claims
{
    /// <summary>The file next to report.html.</summary>
    public const string FileName = "claims.json";

    /// <summary>Writes claims.json into <paramref name="dir"/> atomically; returns its path.</summary>
    public static string Write(string dir, string reproduction, IReadOnlyList<Claim> claims)
    {
        string path = Path.Combine(dir, FileName);
        AtomicFile.WriteAllText(path, Json.Write(ClaimsFile.Of(reproduction, claims)));
        return path;
    }

    /// <summary>
    /// "3 of 4 claims hold (the paper's and our readings); extensions: 1 of 1 holds; 1 illustration, not tested": the
    /// paper's and reading claims are the count, extensions are named apart, illustrations never count.
    /// </summary>
    public static string Headline(IReadOnlyList<Claim> claims)
    {
        string Count(IEnumerable<Claim> cs)
        {
            var list = cs.ToList();
            int unmeasured = list.Count(c => c.Holds == null);
            return $"{list.Count(c => c.Holds == true)} of {list.Count} hold" + (unmeasured > 0 ? $" ({unmeasured} not decided)" : "");
        }
        var counted = claims.Where(c => c.Counted).ToList();
        var extensions = claims.Where(c => c.Kind == ClaimKind.Extension).ToList();
        int illustrations = claims.Count(c => c.Kind == ClaimKind.Illustration);
        var parts = new List<string> { $"claims (the paper's and our readings): {Count(counted)}" };
        if (extensions.Count > 0) parts.Add($"our extensions: {Count(extensions)}");
        if (illustrations > 0) parts.Add($"{illustrations} illustration{(illustrations == 1 ? "" : "s")}, shown and not tested");
        return string.Join("; ", parts);
    }

    /// <summary>The report's table: claim, kind and source, criterion, the values judged, verdict; the headline above it.</summary>
    public static string Table(IReadOnlyList<Claim> claims)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";
        var sb = new StringBuilder($"<p class=\"headline\"><b>{E(Headline(claims))}</b></p>\n");
        sb.Append("<table><tr><th>claim</th><th>kind</th><th>criterion (stated before the run)</th><th>measured</th><th>holds</th></tr>\n");
        foreach (var c in claims)
        {
            string criteria = string.Join("<br>", c.Tests.Select(t => E($"{t.Criterion.Quantity} at {t.Criterion.At} in {t.Criterion.Interval}")));
            string values = string.Join("<br>", c.Tests.Select(t => E(string.Join(", ", t.Values.Select(F)))));
            string others = E(string.Join(", ", c.Measured.Select(p => $"{p.Key} = {F(p.Value)}")));
            string css = c.Holds switch { true => "ok", false => "fail", null => "warn" };
            sb.Append($"<tr><td>{E(c.Statement)}<br><small><code>{E(c.Id)}</code></small></td>")
              .Append($"<td>{E(c.Kind.ToString().ToLowerInvariant())}<br><small>{E(c.Source)}</small></td>")
              .Append($"<td>{criteria}</td><td>{values}<br><small>{others}</small></td>")
              .Append($"<td class=\"{css}\">{(c.Kind == ClaimKind.Illustration ? "(shown) " : "")}{c.Holds switch { true => "yes", false => "no", null => "not decided" }}</td></tr>\n");
        }
        return sb.Append("</table>\n").ToString();
    }
}
