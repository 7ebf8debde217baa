using System.Globalization;
using System.Text;

namespace OverParam.Reporting.Figures;

/// <summary>
/// The data of a figure as a tidy CSV, one row per plotted point: <c>panel,series,kind,x,y,lo,hi</c> (kind: measured,
/// theory or reference; lo and hi the band, empty where there is none; values in round-trip precision). No field holds a
/// comma, quote or '#' (numpy's comment mark), so the file loads with <c>np.genfromtxt(..., delimiter=',', names=True, dtype=None, encoding='utf-8')</c>
/// and <c>csv.DictReader</c> alike; empty panel names are written as "all".
/// </summary>
public static class FigureCsv
{
    /// <summary>The header line's columns.</summary>
    public static readonly string[] Columns = ["panel", "series", "kind", "x", "y", "lo", "hi"];

    /// <summary>The CSV text of <paramref name="f"/>.</summary>
    public static string Write(Figure f)
    {
        var sb = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var panel in f.Panels)
        {
            string p = Field(panel.Title.Length == 0 ? "all" : panel.Title);
            foreach (var line in panel.Lines)
            {
                string s = Field(line.Label), kind = line.Kind.ToString().ToLowerInvariant();
                for (int i = 0; i < line.X.Length; i++)
                    sb.Append(p).Append(',').Append(s).Append(',').Append(kind).Append(',').Append(N(line.X[i])).Append(',').Append(N(line.Y[i]))
                      .Append(',').Append(line.Lo is { } lo ? N(lo[i]) : "").Append(',').Append(line.Hi is { } hi ? N(hi[i]) : "").Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>A number as numpy reads it: round-trip digits, "nan" and "inf" for the non-finite.</summary>
    private static string N(double v) =>
        double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A text field: refuses what would need quoting (labels are the library's own words, so this is a bug check).</summary>
    private static string Field(string s) =>
        s.IndexOfAny([',', '"', '#', '\n', '\r']) < 0 ? s : throw new ArgumentException($"figure label '{s}' holds a comma, quote, '#' or line break");
}
