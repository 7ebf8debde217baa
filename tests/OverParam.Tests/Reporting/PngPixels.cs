using System.Buffers.Binary;
using System.IO.Compression;

namespace OverParam.Tests.Reporting;

/// <summary>A minimal PNG reader (8-bit RGB/RGBA, non-interlaced: what Chromium writes) for checking screenshots.</summary>
internal static class PngPixels
{
    /// <summary>Width, height and the distinct colours among the pixels (capped), and the share of non-white pixels.</summary>
    public static (int Width, int Height, int DistinctColours, double NonWhite) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int pos = 8, width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        while (pos < bytes.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            var data = bytes.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new NotSupportedException("only 8-bit non-interlaced PNG");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"colour type {data[9]}") };
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var px = raw.ToArray();
        int stride = width * channels;
        var prev = new byte[stride];
        var cur = new byte[stride];
        var colours = new HashSet<int>();
        long nonWhite = 0;
        for (int y = 0; y < height; y++)
        {
            int filter = px[y * (stride + 1)];
            Array.Copy(px, y * (stride + 1) + 1, cur, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                int pred = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"filter {filter}"),
                };
                cur[i] = (byte)(cur[i] + pred);
            }
            for (int x = 0; x < width; x++)
            {
                int rgb = cur[x * channels] << 16 | cur[x * channels + 1] << 8 | cur[x * channels + 2];
                if (colours.Count < 10000) colours.Add(rgb);
                if (rgb != 0xFFFFFF) nonWhite++;
            }
            (prev, cur) = (cur, prev);
        }
        return (width, height, colours.Count, (double)nonWhite / ((long)width * height));
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
