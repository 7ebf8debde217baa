using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace OverParam.Reporting.Figures;

/// <summary>
/// A <see cref="Panel"/> as an OxyPlot model: log axes with 10ⁿ labels and minor ticks, measured lines solid with a band,
/// theory lines dashed in the measurement's colour, references dotted grey, the legend left to <see cref="FigureLegend"/>.
/// </summary>
public static class PanelPlot
{
    /// <summary>
    /// Okabe–Ito's colour-blind-safe palette without its yellow (too faint on white), and a brown in its place: eight
    /// colours, one per series, as <see cref="Figure.MaxSeries"/> allows.
    /// </summary>
    public static readonly OxyColor[] Palette =
    [
        OxyColor.Parse("#0072B2"), OxyColor.Parse("#D55E00"), OxyColor.Parse("#009E73"), OxyColor.Parse("#CC79A7"),
        OxyColor.Parse("#E69F00"), OxyColor.Parse("#56B4E9"), OxyColor.Parse("#000000"), OxyColor.Parse("#8C564B"),
    ];

    /// <summary>Grey of reference lines and of the theory legend's sample.</summary>
    public static readonly OxyColor ReferenceColor = OxyColor.Parse("#666666");

    /// <summary>Opacity of a band over seeds (0–255): light enough for overlapping bands to stay readable.</summary>
    private const byte BandAlpha = 56;

    /// <summary>Relative padding of an axis fitted to one panel's data.</summary>
    private const double AutoPadding = 0.04;

    /// <summary>OxyPlot's unit is 1/96 inch; a point is 1/72 inch.</summary>
    public const double UnitsPerPoint = 96.0 / 72.0;

    /// <summary>The plot model of <paramref name="panel"/>; <paramref name="xRange"/> and <paramref name="yRange"/> fix shared axes (null: fit the panel).</summary>
    /// <param name="panel">The panel.</param>
    /// <param name="xRange">Shared x range, or null.</param>
    /// <param name="yRange">Shared y range, or null.</param>
    /// <param name="yTitle">Whether to write the y axis' title (small multiples write it in the first column only).</param>
    public static PlotModel Build(Panel panel, (double Min, double Max)? xRange, (double Min, double Max)? yRange, bool yTitle = true)
    {
        double font = Figure.FontPoints * UnitsPerPoint;
        var model = new PlotModel
        {
            Title = panel.Title.Length == 0 ? null : panel.Title,
            TitleFontSize = font,
            TitleFontWeight = FontWeights.Normal,
            DefaultFontSize = font,
            PlotAreaBorderThickness = new OxyThickness(0.75),
            Padding = new OxyThickness(4, 4, 8, 4),
            Background = OxyColors.White,
            TitlePadding = 2,
        };
        model.Axes.Add(Axis(panel.X, AxisPosition.Bottom, xRange, font));
        model.Axes.Add(Axis(yTitle ? panel.Y : panel.Y with { Label = "" }, AxisPosition.Left, yRange, font));
        foreach (var line in panel.Lines.Where(l => l.Lo != null && l.Hi != null)) model.Series.Add(Band(line, panel));
        foreach (var line in panel.Lines) model.Series.Add(Curve(line, panel));
        model.IsLegendVisible = false; // the figure draws one legend under all panels (FigureLegend)
        return model;
    }

    private static OxyPlot.Axes.Axis Axis(FigureAxis a, AxisPosition position, (double Min, double Max)? range, double font)
    {
        OxyPlot.Axes.Axis axis = a.Log
            ? new LogarithmicAxis { UseSuperExponentialFormat = true, MinorTickSize = 2 }
            : new LinearAxis { MinorTickSize = 2 };
        axis.Position = position;
        axis.Title = a.Label;
        axis.FontSize = font;
        axis.TitleFontSize = font;
        axis.MajorTickSize = 3.5;
        axis.TickStyle = TickStyle.Outside;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = OxyColor.FromAColor(28, OxyColors.Black);
        axis.IntervalLength = position == AxisPosition.Left ? 28 : 48;
        // OxyPlot places a left axis' rotated title about 4 units (1/96 in) into its tick labels; 8 clears them.
        axis.AxisTitleDistance = position == AxisPosition.Left ? 8 : 2;
        if (range is { } r)
        {
            axis.Minimum = r.Min;
            axis.Maximum = r.Max;
        }
        else
        {
            axis.MinimumPadding = AutoPadding; // no point drawn on the frame
            axis.MaximumPadding = AutoPadding;
        }
        return axis;
    }

    private static LineSeries Curve(Line line, Panel panel)
    {
        var color = line.Kind == LineKind.Reference ? ReferenceColor : Palette[line.Color % Palette.Length];
        var s = new LineSeries
        {
            Title = line.Kind == LineKind.Theory ? null : line.Label,
            Color = color,
            StrokeThickness = line.Kind == LineKind.Measured ? 1.3 : 1.0,
            LineStyle = line.Kind switch { LineKind.Theory => LineStyle.Dash, LineKind.Reference => LineStyle.Dot, _ => LineStyle.Solid },
            MarkerType = line.Markers ? MarkerType.Circle : MarkerType.None,
            MarkerSize = 2.2,
            MarkerFill = color,
        };
        for (int i = 0; i < line.X.Length; i++) s.Points.Add(Point(line.X[i], line.Y[i], panel));
        return s;
    }

    private static AreaSeries Band(Line line, Panel panel)
    {
        var color = Palette[line.Color % Palette.Length];
        var s = new AreaSeries { Fill = OxyColor.FromAColor(BandAlpha, color), Color = OxyColors.Transparent, Color2 = OxyColors.Transparent, StrokeThickness = 0 };
        for (int i = 0; i < line.X.Length; i++)
        {
            var lo = Point(line.X[i], line.Lo![i], panel);
            var hi = Point(line.X[i], line.Hi![i], panel);
            if (!lo.IsDefined() || !hi.IsDefined()) continue; // a band has no gaps: skip the points it cannot place
            s.Points.Add(lo);
            s.Points2.Add(hi);
        }
        return s;
    }

    /// <summary>A data point, undefined (a break in the line) where a value is not finite or not positive on a log axis.</summary>
    private static DataPoint Point(double x, double y, Panel panel) =>
        Plottable(x, panel.X.Log) && Plottable(y, panel.Y.Log) ? new DataPoint(x, y) : DataPoint.Undefined;

    /// <summary>Whether <paramref name="v"/> can be drawn on an axis of that scale.</summary>
    public static bool Plottable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);
}
