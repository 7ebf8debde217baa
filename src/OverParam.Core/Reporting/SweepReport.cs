using System.Globalization;
using System.Net;
using System.Text;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Reporting;

/// <summary>
/// The sweep's report: figures as standalone SVG files in figures/, and report.html, one self-contained page (inline
/// SVG and CSS, no scripts, nothing fetched) with the figures, each setting's theorem check, and the settings.
/// </summary>
public static class SweepReport
{
    /// <summary>Writes figures/ (each figure as SVG, PDF, PNG and CSV) and report.html into the sweep folder; returns the report's path.</summary>
    /// <param name="data">The aggregated sweep.</param>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="title">The page's title.</param>
    /// <param name="notesHtml">Extra HTML placed after the title (e.g. what a paper states vs our choices), or null.</param>
    public static string Write(SweepData data, SweepFolder folder, string title, string? notesHtml = null)
    {
        string figures = ReportFigures.Write(SweepFigures.Build(data), folder.Dir);

        var h = new StringBuilder();
        h.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title>\n<style>{Css}</style></head><body>\n");
        h.Append($"<h1>{E(title)}</h1>\n<p class=\"meta\">OverParam {E(Json.Version)} · {data.Done.Count} of {data.Trials.Count} trials finished · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>\n");
        if (notesHtml != null) h.Append(notesHtml).Append('\n');
        h.Append("<h2>Figures</h2>\n<div class=\"figs\">\n");
        h.Append(figures);
        h.Append("</div>\n");
        Summary(h, data);
        Certificates(h, data);
        Settings(h, data);
        h.Append("</body></html>\n");
        string path = Path.Combine(folder.Dir, "report.html");
        AtomicFile.WriteAllText(path, h.ToString());
        return path;
    }

    /// <summary>The start of a report page: doctype, title, style, the heading and a line naming the version, the run and the time.</summary>
    public static string Head(string title, string run) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title>\n<style>{Css}</style></head><body>\n" +
        $"<h1>{E(title)}</h1>\n<p class=\"meta\">OverParam {E(Json.Version)} · {E(run)} · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>\n";

    internal const string Css =
        "body{font-family:Helvetica,Arial,sans-serif;max-width:1120px;margin:24px auto;padding:0 16px;color:#222}" +
        "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}.meta{color:#666}" +
        ".figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:16px}figure{margin:0}" +
        ".fig.wide{grid-column:1/-1}.fig svg{width:100%;height:auto;display:block}" +
        "figcaption{font-size:12px;color:#444}.files{color:#666;white-space:nowrap}table{border-collapse:collapse;font-size:13px;margin:8px 0}" +
        "td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f4f4f4}" +
        ".ok{color:#1a7f37}.fail{color:#b42318}.warn{color:#9a6700}td.num{text-align:right;font-variant-numeric:tabular-nums}";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    /// <summary>A rate per step; one within 1e-3 of 1 as "1 − x", where four significant digits would print "1".</summary>
    internal static string Rate(double v) =>
        double.IsFinite(v) && v < 1 && 1 - v < 1e-3 ? "1 − " + (1 - v).ToString("0.##e-00", CultureInfo.InvariantCulture) : N(v);

    private static string RatePlusMinus(Stat s) => double.IsFinite(s.Sd) ? $"{Rate(s.Mean)} ± {N(s.Sd)}" : Rate(s.Mean);

    private static string PlusMinus(Stat s) => double.IsFinite(s.Sd) ? $"{N(s.Mean)} ± {N(s.Sd)}" : N(s.Mean);

    private static void Summary(StringBuilder h, SweepData data)
    {
        h.Append("<h2>Prediction and measurement</h2>\n<table><tr><th>setting</th><th>seeds</th><th>diverged</th><th>final loss</th>" +
                 "<th>loss rate per step, fitted</th><th>rate the setting's theorem asks: 1 − ηλ/2</th><th>max_r ‖w_r − w_r(0)‖</th><th>R'</th>" +
                 "<th>patterns changed at the end</th><th>λ0</th></tr>\n");
        foreach (var g in data.Groups)
            h.Append($"<tr><td>{E(g.Label)}</td><td class=\"num\">{g.Trials.Count}</td><td class=\"num\">{g.Diverged}</td>" +
                     $"<td class=\"num\">{PlusMinus(g.FinalLoss)}</td><td class=\"num\">{RatePlusMinus(g.Rate)}</td><td class=\"num\">{Rate(g.TheoryRate.Mean)}</td>" +
                     $"<td class=\"num\">{PlusMinus(g.MaxDist)}</td><td class=\"num\">{N(g.RPrime.Mean)}</td>" +
                     $"<td class=\"num\">{PlusMinus(g.PatternChange)}</td><td class=\"num\">{N(g.Lambda0.Mean)}</td></tr>\n");
        h.Append("</table>\n<p>A fitted rate below the asked-for rate means the loss fell faster than the setting's theorem guarantees (λ is its " +
                 "λ_min: λ0 of H∞ for the two-layer net, λ_min(K^(H)) for the deep ones; each setting's theorem is named below). " +
                 "The rate is exp of the least-squares slope of ln L(k) against k (steps with L(k) &gt; 1e-20·L(0)).</p>\n");
    }

    private static void Certificates(StringBuilder h, SweepData data)
    {
        h.Append("<h2>Theorem check per setting</h2>\n<p>Each setting is checked against the theorem its certificate names (Du et al. ICLR 2019 " +
                 "Thm 4.1; Arora et al. ICML 2019 Thm 4.1 from a small initialization κ ≠ 1; Du et al. ICML 2019 Thm 5.1, 6.1 or 7.1 for the deep nets), " +
                 "with that theorem's width and step and the hidden constants of Ω(·) and O(·) set to 1. " +
                 "“k/N” counts the seeds for which an item holds; the detail is the first seed's.</p>\n");
        foreach (var g in data.Groups)
        {
            var first = g.Trials[0].Summary["certificate"]!;
            h.Append($"<h3>{E(g.Label)}: {E((string?)first["theorem"] ?? "no theorem named")}</h3>\n<table><tr><th>item</th><th>holds</th><th>detail (first seed)</th></tr>\n");
            foreach (var section in new[] { "hypotheses", "observed" })
                foreach (var (name, node) in first[section]!.AsObject())
                {
                    // "passed": null marks an item the run did not measure (e.g. λ_min(H(k)) with gram_every 0): not a failure.
                    var passed = g.Trials.Select(t => (bool?)t.Summary["certificate"]![section]![name]!["passed"]).ToList();
                    int holds = passed.Count(p => p == true), measured = passed.Count(p => p != null);
                    string cls = measured == 0 ? "" : holds == measured ? "ok" : "fail";
                    string count = measured == 0 ? "not measured" : $"{holds}/{measured}";
                    h.Append($"<tr><td>{E(section == "observed" ? "observed: " + name : name)}</td><td class=\"{cls}\">{count}</td><td>{E((string)node!["detail"]!)}</td></tr>\n");
                }
            h.Append("</table>\n");
        }
    }

    private static void Settings(StringBuilder h, SweepData data)
    {
        h.Append("<h2>Settings</h2>\n<table><tr><th>setting</th><th>value</th></tr>\n");
        var first = data.Trials[0].Settings;
        foreach (var key in SettingKeys.All)
        {
            var values = data.Trials.Select(t => t.Settings[key.Name]).Distinct().ToList();
            if (!key.ListedAtDefault && values.All(key.IsDefault)) continue; // as sweep.json lists them
            string shown = values.Count == 1 ? values[0] : "swept: " + string.Join(", ", values);
            h.Append($"<tr><td>{E(key.Name)}</td><td>{E(shown)}</td></tr>\n");
        }
        h.Append("</table>\n");
        var lr = data.Done.Select(t => (double?)t.Summary["settings"]!["lr"]).Where(v => v != null).Distinct().ToList();
        if (lr.Count > 0) h.Append($"<p>Step sizes used (after resolving 'auto'): {E(string.Join(", ", lr.Select(v => N(v!.Value))))}.</p>\n");
        var missing = data.Trials.Where(t => !data.Done.Any(d => d.Trial.Id == t.Id)).ToList();
        if (missing.Count > 0) h.Append($"<p class=\"fail\">Not finished or failed: {E(string.Join(", ", missing.Select(t => t.Id)))}.</p>\n");
    }
}
