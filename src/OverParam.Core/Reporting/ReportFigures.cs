using System.Net;
using OverParam.IO;
using OverParam.Reporting.Figures;

namespace OverParam.Reporting;

/// <summary>
/// A report's figures: each written into <c>figures/</c> as SVG, PDF, PNG and CSV (<see cref="FigureFiles"/>), and its
/// HTML block for the page (the SVG inline, so report.html stays one self-contained file, with the title, caption and links).
/// </summary>
public static class ReportFigures
{
    /// <summary>Writes every figure into <paramref name="dir"/>/figures; returns the HTML of the figures, in order.</summary>
    public static string Write(IReadOnlyList<Figure> figures, string dir)
    {
        string figDir = Path.Combine(dir, "figures");
        Directory.CreateDirectory(figDir);
        Orphans.Remove(figDir); // temporary files of a killed run
        using var files = new FigureFiles();
        var html = new System.Text.StringBuilder();
        foreach (var f in figures)
        {
            string svg = files.Write(f, figDir);
            string links = string.Join(" · ", FigureFiles.Extensions.Select(e => $"<a href=\"figures/{E(f.Name + e)}\">{E(e[1..])}</a>"));
            html.Append($"<figure class=\"fig{(f.Panels.Count > 1 ? " wide" : "")}\">{svg}<figcaption><b>{E(f.Title)}.</b> " +
                        $"{E(f.Caption ?? "")} <span class=\"files\">figures/{E(f.Name)}: {links}</span></figcaption></figure>\n");
        }
        return html.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
