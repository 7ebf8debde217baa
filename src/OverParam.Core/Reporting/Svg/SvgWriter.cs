using System.Globalization;
using System.Security;
using System.Text;

namespace OverParam.Reporting.Svg;

/// <summary>Renders a <see cref="Chart"/> as a standalone SVG document (vector, no scripts, no external resources).</summary>
public static class SvgWriter
{
    private const int Left = 72, Right = 16, Top = 34, Bottom = 48;

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string s) => SecurityElement.Escape(s) ?? "";

    /// <summary>The SVG text of <paramref name="c"/>.</summary>
    public static string Render(Chart c)
    {
        var xs = c.Series.SelectMany(s => s.X).Where(v => double.IsFinite(v) && (!c.LogX || v > 0)).ToList();
        var ys = c.Series.SelectMany(s => s.Y).Where(v => double.IsFinite(v) && (!c.LogY || v > 0)).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{c.Width}\" height=\"{c.Height}\" viewBox=\"0 0 {c.Width} {c.Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(c.Title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{c.Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Esc(c.Title)}</text>\n");
        if (xs.Count == 0 || ys.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{c.Width / 2}\" y=\"{c.Height / 2}\" text-anchor=\"middle\">no data</text>\n</svg>\n");
            return sb.ToString();
        }
        int x0 = Left, x1 = c.Width - Right, y0 = c.Height - Bottom, y1 = Top;
        var ax = new Axis(xs.Min(), xs.Max(), c.LogX, x0, x1);
        var ay = new Axis(ys.Min(), ys.Max(), c.LogY, y0, y1);
        AxesAndTicks(sb, c, ax, ay, x0, x1, y0, y1);
        sb.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"plot\"><rect x=\"{x0}\" y=\"{y1}\" width=\"{x1 - x0}\" height=\"{y0 - y1}\"/></clipPath>\n<g clip-path=\"url(#plot)\">\n");
        foreach (var s in c.Series) Lines(sb, s, ax, ay);
        sb.Append("</g>\n");
        Legend(sb, c, x0, x1, y0);
        if (c.Note != null)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0}\" y=\"{c.Height - 6}\" font-size=\"9\" fill=\"#555\">{Esc(c.Note)}</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void AxesAndTicks(StringBuilder sb, Chart c, Axis ax, Axis ay, int x0, int x1, int y0, int y1)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{y1}\" width=\"{x1 - x0}\" height=\"{y0 - y1}\" fill=\"none\" stroke=\"#333\"/>\n");
        foreach (var t in ax.Ticks)
        {
            double px = ax.Pixel(t);
            if (double.IsNaN(px) || px < x0 - 0.5 || px > x1 + 0.5) continue;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(px)}\" y1=\"{y0}\" x2=\"{F(px)}\" y2=\"{y0 + 4}\" stroke=\"#333\"/><text x=\"{F(px)}\" y=\"{y0 + 16}\" text-anchor=\"middle\">{ax.Label(t)}</text>\n");
        }
        foreach (var t in ay.Ticks)
        {
            double py = ay.Pixel(t);
            if (double.IsNaN(py) || py > y0 + 0.5 || py < y1 - 0.5) continue;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0 - 4}\" y1=\"{F(py)}\" x2=\"{x1}\" y2=\"{F(py)}\" stroke=\"#e3e3e3\"/><line x1=\"{x0 - 4}\" y1=\"{F(py)}\" x2=\"{x0}\" y2=\"{F(py)}\" stroke=\"#333\"/><text x=\"{x0 - 7}\" y=\"{F(py + 4)}\" text-anchor=\"end\">{ay.Label(t)}</text>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{(x0 + x1) / 2}\" y=\"{c.Height - 18}\" text-anchor=\"middle\" font-size=\"12\">{Esc(c.XLabel)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16,{(y0 + y1) / 2}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{Esc(c.YLabel)}</text>\n");
    }

    private static void Lines(StringBuilder sb, Series s, Axis ax, Axis ay)
    {
        string dash = s.Dash == null ? "" : $" stroke-dasharray=\"{s.Dash}\"";
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 1) sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.8\"{dash} points=\"{string.Join(' ', run)}\"/>\n");
            run.Clear();
        }
        for (int i = 0; i < s.X.Length; i++)
        {
            double px = ax.Pixel(s.X[i]), py = ay.Pixel(s.Y[i]);
            if (double.IsNaN(px) || double.IsNaN(py)) { if (!s.Markers) Flush(); continue; }
            run.Add($"{F(px)},{F(py)}");
            if (s.Markers) sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(px)}\" cy=\"{F(py)}\" r=\"2.5\" fill=\"{s.Color}\"/>\n");
        }
        Flush();
    }

    private static void Legend(StringBuilder sb, Chart c, int x0, int x1, int y0)
    {
        var items = c.Series.Where(s => s.Label != null).ToList();
        if (items.Count == 0) return;
        int w = 12 + 7 * items.Max(s => s.Label!.Length) + 30, h = 16 * items.Count + 8;
        int lx = c.Legend == LegendCorner.BottomLeft ? x0 + 6 : x1 - w - 6;
        int ly = c.Legend == LegendCorner.TopRight ? Top + 6 : y0 - h - 6;
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\"><rect x=\"{lx}\" y=\"{ly}\" width=\"{w}\" height=\"{h}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n");
        for (int i = 0; i < items.Count; i++)
        {
            var s = items[i];
            int y = ly + 14 + 16 * i;
            string dash = s.Dash == null ? "" : $" stroke-dasharray=\"{s.Dash}\"";
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{lx + 6}\" y1=\"{y - 4}\" x2=\"{lx + 30}\" y2=\"{y - 4}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/><text x=\"{lx + 36}\" y=\"{y}\">{Esc(s.Label!)}</text>\n");
        }
        sb.Append("</g>\n");
    }
}
