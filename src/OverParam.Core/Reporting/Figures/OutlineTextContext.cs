using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace OverParam.Reporting.Figures;

/// <summary>
/// OxyPlot's SkiaSharp render context with text drawn as glyph outlines of <see cref="GlyphText"/>: shapes go to
/// <see cref="SkiaRenderContext"/> unchanged; <see cref="DrawText"/> and <see cref="MeasureText"/> use the embedded font,
/// so layout and drawing agree on every machine. OxyPlot's markup (sub- and superscripts) calls these per fragment.
/// </summary>
internal sealed class OutlineTextContext(SkiaRenderContext inner, GlyphText text) : IRenderContext
{
    private float Scale => inner.DpiScale;

    public bool RendersToScreen => inner.RendersToScreen;

    public int ClipCount => inner.ClipCount;

    public void DrawText(ScreenPoint p, string text1, OxyColor fill, string? fontFamily, double fontSize, double fontWeight, double rotation,
        HorizontalAlignment horizontalAlignment, VerticalAlignment verticalAlignment, OxySize? maxSize)
    {
        if (string.IsNullOrEmpty(text1) || !fill.IsVisible()) return;
        float size = (float)fontSize * Scale;
        var (lineHeight, ascent, descent) = text.Metrics(size);
        var lines = text1.Split('\n');
        float dy = verticalAlignment switch
        {
            VerticalAlignment.Top => -ascent,
            VerticalAlignment.Middle => -(ascent + descent + lineHeight * (lines.Length - 1)) / 2,
            _ => -descent - lineHeight * (lines.Length - 1),
        };
        var canvas = inner.SkCanvas;
        using var restore = new SKAutoCanvasRestore(canvas);
        canvas.Translate((float)p.X * Scale, (float)p.Y * Scale);
        canvas.RotateDegrees((float)rotation);
        using var paint = new SKPaint { Color = new SKColor(fill.R, fill.G, fill.B, fill.A), Style = SKPaintStyle.Fill, IsAntialias = true };
        foreach (var line in lines)
        {
            float width = text.Width(line, size);
            float dx = horizontalAlignment switch
            {
                HorizontalAlignment.Left => 0,
                HorizontalAlignment.Center => -width / 2,
                _ => -width,
            };
            using var outline = text.Outline(line, size, dx, dy);
            canvas.DrawPath(outline, paint);
            dy += lineHeight;
        }
    }

    public OxySize MeasureText(string text1, string? fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text1)) return new OxySize(0, 0);
        var lines = text1.Split('\n');
        float size = (float)fontSize * Scale;
        float width = lines.Max(l => text.Width(l, size));
        return new OxySize(width / Scale, text.Metrics(size).LineHeight * lines.Length / Scale);
    }

    public void DrawEllipse(OxyRect extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) =>
        inner.DrawEllipse(extents, fill, stroke, thickness, mode);

    public void DrawEllipses(IList<OxyRect> extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) =>
        inner.DrawEllipses(extents, fill, stroke, thickness, mode);

    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray, LineJoin lineJoin) =>
        inner.DrawLine(points, stroke, thickness, mode, dashArray!, lineJoin);

    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray, LineJoin lineJoin) =>
        inner.DrawLineSegments(points, stroke, thickness, mode, dashArray!, lineJoin);

    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray, LineJoin lineJoin) =>
        inner.DrawPolygon(points, fill, stroke, thickness, mode, dashArray!, lineJoin);

    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray, LineJoin lineJoin) =>
        inner.DrawPolygons(polygons, fill, stroke, thickness, mode, dashArray!, lineJoin);

    public void DrawRectangle(OxyRect rectangle, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) =>
        inner.DrawRectangle(rectangle, fill, stroke, thickness, mode);

    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) =>
        inner.DrawRectangles(rectangles, fill, stroke, thickness, mode);

    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY,
        double destWidth, double destHeight, double opacity, bool interpolate) =>
        inner.DrawImage(source, srcX, srcY, srcWidth, srcHeight, destX, destY, destWidth, destHeight, opacity, interpolate);

    public void SetToolTip(string text1) { }

    public void CleanUp() => inner.CleanUp();

    public void PushClip(OxyRect clippingRectangle) => inner.PushClip(clippingRectangle);

    public void PopClip() => inner.PopClip();
}
