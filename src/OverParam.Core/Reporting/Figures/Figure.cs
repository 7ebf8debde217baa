namespace OverParam.Reporting.Figures;

/// <summary>What a line shows, which sets how it is drawn.</summary>
public enum LineKind
{
    /// <summary>A measurement: solid, with its band over seeds when one is given, named in the legend.</summary>
    Measured,
    /// <summary>A theorem's prediction for the measurement of the same colour: dashed, named once per panel by the panel's theory legend.</summary>
    Theory,
    /// <summary>A fixed reference such as P = n: dotted, grey, named in the legend.</summary>
    Reference,
}

/// <summary>
/// One curve of a panel. NaN values (and, on a log axis, non-positive ones) break the line.
/// </summary>
/// <param name="Label">Words for the legend and the CSV ("m = 50"); no comma or quote, so the tidy CSV needs no quoting.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values, as many as x (the mean over seeds for a measurement over several).</param>
/// <param name="Kind">Measured, theory or reference.</param>
/// <param name="Lo">Lower edge of the band around <paramref name="Y"/> (min over seeds, or a 95% interval), or null.</param>
/// <param name="Hi">Upper edge of the band, or null.</param>
/// <param name="Markers">Draw a dot at each point (sparse series such as λ_min(H(k)) every g steps, or one point per n).</param>
/// <param name="Color">Palette index of the series; a theory line takes its measurement's index.</param>
public sealed record Line(string Label, double[] X, double[] Y, LineKind Kind = LineKind.Measured, double[]? Lo = null, double[]? Hi = null,
    bool Markers = false, int Color = 0);

/// <summary>An axis: its label in OxyPlot's markup (<c>λ_{min}</c> for a subscript, <c>10^{3}</c> for a superscript) and its scale.</summary>
public sealed record FigureAxis(string Label, bool Log = false);

/// <summary>One panel of a figure: a title (e.g. "FC, H = 3"), two axes and at most <see cref="Figure.MaxSeries"/> series.</summary>
/// <param name="Title">The panel's title, or "" for a single-panel figure.</param>
/// <param name="X">The x axis.</param>
/// <param name="Y">The y axis.</param>
/// <param name="Lines">The curves.</param>
/// <param name="TheoryLegend">The legend's words for the dashed lines (which theorem and what it predicts), or null when there are none.</param>
public sealed record Panel(string Title, FigureAxis X, FigureAxis Y, IReadOnlyList<Line> Lines, string? TheoryLegend = null)
{
    /// <summary>The series: one per colour (a measurement with its band and its theory line counts once).</summary>
    public int SeriesCount => Lines.Where(l => l.Kind != LineKind.Theory).Select(l => (l.Kind, l.Color, l.Label)).Distinct().Count();
}

/// <summary>
/// A figure made for a paper: one or more panels with shared axes, drawn at a single-column (3.4 in) or double-column
/// (7 in) width with 8 pt text, and written as SVG, PDF, PNG (300 dpi) and a tidy CSV of its data.
/// </summary>
/// <param name="Name">The file name without extension ("loss").</param>
/// <param name="Title">What it shows, for the report's caption and the CSV's readers (not drawn: a paper's caption says it).</param>
/// <param name="Panels">The panels, drawn row by row, at most <see cref="Columns"/> to a row.</param>
/// <param name="Caption">How to read it (line styles, formulas, the theorem), for the report; or null.</param>
public sealed record Figure(string Name, string Title, IReadOnlyList<Panel> Panels, string? Caption = null)
{
    /// <summary>Most series a panel may hold; more become small multiples.</summary>
    public const int MaxSeries = 8;

    /// <summary>Most panels side by side.</summary>
    public const int Columns = 3;

    /// <summary>Single-column width of a two-column paper, inches.</summary>
    public const double SingleColumnInches = 3.4;

    /// <summary>Double-column (full page) width, inches.</summary>
    public const double DoubleColumnInches = 7.0;

    /// <summary>Text size at the printed width, points.</summary>
    public const double FontPoints = 8;

    /// <summary>Resolution of the PNG.</summary>
    public const int PngDpi = 300;

    /// <summary>Width in inches: one column for one panel, the page for several.</summary>
    public double WidthInches => Panels.Count == 1 ? SingleColumnInches : DoubleColumnInches;

    /// <summary>Panels per row.</summary>
    public int ColumnCount => Math.Min(Panels.Count, Columns);

    /// <summary>Rows of panels.</summary>
    public int RowCount => (Panels.Count + ColumnCount - 1) / ColumnCount;

    /// <summary>Height of a row of panels in inches; the legend under them adds its own height.</summary>
    public double PanelHeightInches => Panels.Count == 1 ? 2.4 : 2.1;
}
