namespace OverParam.Reporting.Svg;

/// <summary>One line of a chart. NaN (and, on a log axis, non-positive) values break the line.</summary>
/// <param name="Label">Legend text; null keeps it out of the legend.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values, as many as x.</param>
/// <param name="Color">An SVG colour.</param>
/// <param name="Dash">An SVG dash pattern ("6 4" for theory lines), or null for solid.</param>
/// <param name="Markers">Draw a dot at each point (for sparse series such as λ_min(H(k)) every g steps).</param>
public sealed record Series(string? Label, double[] X, double[] Y, string Color, string? Dash = null, bool Markers = false);

/// <summary>The corner the legend sits in: choose the one the curves leave empty.</summary>
public enum LegendCorner
{
    /// <summary>Top right.</summary>
    TopRight,
    /// <summary>Bottom left: for decreasing curves.</summary>
    BottomLeft,
    /// <summary>Bottom right: for curves that rise to a plateau.</summary>
    BottomRight,
}

/// <summary>A line chart: title, axis labels with units, linear or log-10 axes.</summary>
public sealed record Chart(string Title, string XLabel, string YLabel, bool LogY, IReadOnlyList<Series> Series,
    int Width = 520, int Height = 340, string? Note = null, LegendCorner Legend = LegendCorner.TopRight, bool LogX = false)
{
    /// <summary>Okabe–Ito colours: distinguishable with colour-blindness and in greyscale print.</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>Dash pattern for a theorem's prediction drawn next to a measurement.</summary>
    public const string TheoryDash = "6 4";
}
