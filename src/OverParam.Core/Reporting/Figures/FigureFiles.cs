using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using OverParam.IO;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace OverParam.Reporting.Figures;

/// <summary>
/// Writes a <see cref="Figure"/> as <c>NAME.svg</c> (vector, scales in a browser), <c>NAME.pdf</c> (one page of the figure's
/// printed size, for LaTeX's \includegraphics), <c>NAME.png</c> (300 dpi, with its resolution recorded) and <c>NAME.csv</c>
/// (the plotted data, <see cref="FigureCsv"/>); each file atomically.
/// </summary>
public sealed class FigureFiles : IDisposable
{
    /// <summary>The extensions written for every figure, in order.</summary>
    public static readonly string[] Extensions = [".svg", ".pdf", ".png", ".csv"];

    private readonly GlyphText _text = new();

    /// <summary>Writes the four files of <paramref name="f"/> into <paramref name="dir"/>; returns the SVG's text (for a page to inline).</summary>
    public string Write(Figure f, string dir)
    {
        string Path1(string ext) => Path.Combine(dir, f.Name + ext);
        string svg = Svg(f);
        AtomicFile.WriteAllText(Path1(".svg"), svg);
        WriteBytes(Path1(".pdf"), Pdf(f));
        WriteBytes(Path1(".png"), Png(f));
        AtomicFile.WriteAllText(Path1(".csv"), FigureCsv.Write(f));
        return svg;
    }

    /// <summary>The SVG document: text as outlines, a viewBox so it scales, and its printed size in inches.</summary>
    public string Svg(Figure f)
    {
        var (w, h) = FigureRenderer.Size(f, _text);
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(SKRect.Create((float)w, (float)h), managed))
            FigureRenderer.Render(f, canvas, 1, RenderTarget.VectorGraphic, _text);
        string svg = Encoding.UTF8.GetString(stream.ToArray());
        // Skia writes width and height in pixels; a viewBox and the size in inches let a page scale the figure.
        int start = svg.IndexOf("<svg", StringComparison.Ordinal), end = svg.IndexOf('>', start);
        string root = string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{w / 96:0.###}in\" height=\"{h / 96:0.###}in\" viewBox=\"0 0 {w:0.##} {h:0.##}\" role=\"img\">" +
            $"<title>{System.Security.SecurityElement.Escape(f.Title)}</title>");
        return Renumber(root + svg[(end + 1)..].TrimEnd() + "\n");
    }

    /// <summary>
    /// Skia names clip paths from a process-wide counter ("cl_15b"): renamed in order of appearance, so the same figure gives
    /// the same bytes, and two figures inlined in one page cannot share a name (<paramref name="svg"/>'s own prefix).
    /// </summary>
    private static string Renumber(string svg)
    {
        const string clip = @"\bcl_[0-9a-f]+\b";
        string content = Regex.Replace(svg, clip, "cl");
        string figure = "f" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..8].ToLowerInvariant();
        var names = new Dictionary<string, string>();
        return Regex.Replace(svg, clip, m =>
        {
            if (!names.TryGetValue(m.Value, out var name)) names[m.Value] = name = $"{figure}_{names.Count}";
            return name;
        });
    }

    /// <summary>The PDF: one page of the printed size (points), vector, no fonts to embed (text is outlines).</summary>
    public byte[] Pdf(Figure f)
    {
        var (w96, h96) = FigureRenderer.Size(f, _text);
        float w = (float)(w96 * 0.75), h = (float)(h96 * 0.75);
        using var stream = new MemoryStream();
        var meta = new SKDocumentPdfMetadata { Title = f.Title, Creator = "OverParam", Producer = "OverParam", RasterDpi = Figure.PngDpi };
        using (var doc = SKDocument.CreatePdf(stream, meta))
        {
            var canvas = doc.BeginPage(w, h);
            FigureRenderer.Render(f, canvas, 72f / 96f, RenderTarget.VectorGraphic, _text);
            doc.EndPage();
            doc.Close();
        }
        return stream.ToArray();
    }

    /// <summary>The PNG at <see cref="Figure.PngDpi"/>, with a pHYs chunk so that programs read its resolution.</summary>
    public byte[] Png(Figure f)
    {
        double scale = Figure.PngDpi / 96.0;
        var (w, h) = FigureRenderer.Size(f, _text);
        using var surface = SKSurface.Create(new SKImageInfo((int)Math.Round(w * scale), (int)Math.Round(h * scale)));
        FigureRenderer.Render(f, surface.Canvas, (float)scale, RenderTarget.PixelGraphic, _text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return WithResolution(data.ToArray(), Figure.PngDpi);
    }

    /// <summary>Inserts (or replaces) the pHYs chunk after IHDR: pixels per metre on both axes.</summary>
    internal static byte[] WithResolution(byte[] png, int dpi)
    {
        const int ihdrEnd = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, data, CRC
        var chunk = new byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, 9);
        Encoding.ASCII.GetBytes("pHYs", chunk.AsSpan(4));
        uint perMetre = (uint)Math.Round(dpi / 0.0254);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), perMetre);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), perMetre);
        chunk[16] = 1; // unit: metre
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), Crc32.HashToUInt32(chunk.AsSpan(4, 13)));
        var rest = png.AsSpan(ihdrEnd);
        var output = new MemoryStream(png.Length + chunk.Length);
        output.Write(png, 0, ihdrEnd);
        output.Write(chunk);
        // Drop a pHYs the encoder may already have written, so there is exactly one.
        int pos = 0;
        while (pos < rest.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(rest[pos..]);
            bool isPhys = rest.Slice(pos + 4, 4).SequenceEqual("pHYs"u8);
            if (!isPhys) output.Write(rest.Slice(pos, 12 + len));
            pos += 12 + len;
        }
        return output.ToArray();
    }

    private static void WriteBytes(string path, byte[] bytes)
    {
        using var f = AtomicFile.Create(path);
        f.Stream.Write(bytes);
        f.Commit();
    }

    /// <inheritdoc/>
    public void Dispose() => _text.Dispose();
}
