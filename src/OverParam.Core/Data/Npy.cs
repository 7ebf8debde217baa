using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>An array read from a NumPy file: its shape (C order) and its values as float64.</summary>
public sealed record NpyArray(int[] Shape, double[] Data, string DType)
{
    /// <summary>Number of rows (the first dimension; 1 for a scalar).</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];
}

/// <summary>
/// Reads and writes NumPy's <c>.npy</c> format (versions 1.0–3.0, https://numpy.org/neps/nep-0001-npy-format.html):
/// the magic "\x93NUMPY", a version, a little-endian header length, a Python-dict header with <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, then the raw data. Reading accepts little-endian float64 and float32, and the
/// integers uint8, int8, (u)int16, (u)int32 and (u)int64 (uint8 images, int32 or int64 class labels), in C or Fortran order,
/// every value widened to float64 (exact, except 64-bit integers beyond 2⁵³, which round); anything else is an
/// <see cref="InputException"/> naming the file and the dtypes read.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRx();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRx();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRx();

    /// <summary>Reads a whole .npy file.</summary>
    /// <exception cref="InputException">The file is missing, truncated, or not of a supported dtype.</exception>
    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.InFile(path, "", $"cannot read: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses .npy bytes; <paramref name="name"/> is used in error messages.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw InputException.InFile(name, "", "not a NumPy .npy file (missing the \\x93NUMPY magic)");
        int major = bytes[6];
        // The header length is unsigned (up to 2³² − 1 in versions 2.0 and 3.0): compared as a long, so a length past
        // int.MaxValue is a truncated header, not an overflow.
        long headerLen;
        int start;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); start = 10; }
        else if (major is 2 or 3 && bytes.Length >= 12) { headerLen = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]); start = 12; }
        else throw InputException.InFile(name, "", $"unsupported .npy version {major}.{bytes[7]}");
        if (start + headerLen > bytes.Length)
            throw InputException.InFile(name, "header", $"truncated header: its length field says {headerLen} bytes, the file has {bytes.Length - start} after it");
        string header = Encoding.Latin1.GetString(bytes.Slice(start, (int)headerLen));

        var descr = DescrRx().Match(header);
        var fortran = FortranRx().Match(header);
        var shapeM = ShapeRx().Match(header);
        if (!descr.Success || !fortran.Success || !shapeM.Success)
            throw InputException.InFile(name, "header", $"expected keys 'descr', 'fortran_order', 'shape', got {header.Trim()}");
        int[] shape = ParseShape(shapeM.Groups[1].Value, name);
        string dtype = descr.Groups[1].Value;
        int itemSize = ItemSize(dtype) ?? throw InputException.InFile(name, "dtype", $"'{dtype}' is not supported; expected {Supported}"
            + (dtype.StartsWith('>') ? " (big-endian: save a.astype(a.dtype.newbyteorder('<')))" : ""));
        long count = 1;
        foreach (int s in shape) count *= s;
        var data = bytes[(start + (int)headerLen)..];
        if (data.Length < count * itemSize)
            throw InputException.InFile(name, "data", $"truncated: shape ({string.Join(", ", shape)}) of {dtype} needs {count * itemSize} bytes, the file holds {data.Length}");
        var values = new double[count];
        var payload = data[..(int)(count * itemSize)];
        switch (dtype[1..])
        {
            case "f8": MemoryMarshal.Cast<byte, double>(payload).CopyTo(values); break;
            case "f4": Widen(MemoryMarshal.Cast<byte, float>(payload), values); break;
            case "i8": Widen(MemoryMarshal.Cast<byte, long>(payload), values); break;
            case "u8": Widen(MemoryMarshal.Cast<byte, ulong>(payload), values); break;
            case "i4": Widen(MemoryMarshal.Cast<byte, int>(payload), values); break;
            case "u4": Widen(MemoryMarshal.Cast<byte, uint>(payload), values); break;
            case "i2": Widen(MemoryMarshal.Cast<byte, short>(payload), values); break;
            case "u2": Widen(MemoryMarshal.Cast<byte, ushort>(payload), values); break;
            case "i1": Widen(MemoryMarshal.Cast<byte, sbyte>(payload), values); break;
            case "u1": Widen(payload, values); break;
            default: throw new InvalidOperationException($"dtype {dtype} has an item size but no conversion"); // ItemSize lists exactly these
        }
        if (fortran.Groups[1].Value == "True" && shape.Length == 2) values = FromFortranOrder(values, shape[0], shape[1]);
        return new NpyArray(shape, values, dtype);
    }

    /// <summary>The dtypes read, as the error for any other lists them.</summary>
    private const string Supported = "little-endian float64 '<f8' or float32 '<f4', or integer '|u1' (uint8, e.g. images), '|i1', '<u2', '<i2', "
        + "'<u4', '<i4', '<u8', '<i8'";

    /// <summary>
    /// The item size of a supported dtype, or null: little-endian ('&lt;') floats f8 and f4 and integers of 8, 4, 2 bytes,
    /// and single bytes u1 and i1, which NumPy writes with '|' (no byte order; '&lt;' is taken too).
    /// </summary>
    private static int? ItemSize(string dtype) => dtype switch
    {
        "<f8" or "<i8" or "<u8" => 8,
        "<f4" or "<i4" or "<u4" => 4,
        "<i2" or "<u2" => 2,
        "|u1" or "|i1" or "<u1" or "<i1" => 1,
        _ => null,
    };

    private static void Widen<T>(ReadOnlySpan<T> src, Span<double> dst) where T : System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < src.Length; i++) dst[i] = double.CreateChecked(src[i]);
    }

    /// <summary>Fortran order stores element (i, j) of a rows×cols array at j·rows + i; returns it in C order.</summary>
    private static double[] FromFortranOrder(double[] fortran, int rows, int cols)
    {
        var result = new double[fortran.Length];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++)
                result[i * cols + j] = fortran[j * rows + i];
        return result;
    }

    private static int[] ParseShape(string text, string name)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw InputException.InFile(name, "header", $"shape entry '{parts[i]}' is not a non-negative integer");
        return shape;
    }

    /// <summary>Writes a float64 array of the given shape (C order) as .npy version 1.0, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape) => Write(path, data, fortranOrder: false, shape);

    /// <summary>
    /// Writes <paramref name="data"/> as float64 .npy; with <paramref name="fortranOrder"/> the header says the values are
    /// column-major, so NumPy's a[i, j] is data[j·rows + i] (a row-major matrix is then read transposed, without a copy).
    /// </summary>
    public static void Write(string path, ReadOnlySpan<double> data, bool fortranOrder, params int[] shape) =>
        WriteValues(path, data, "<f8", fortranOrder, shape);

    /// <summary>Writes <paramref name="data"/> as little-endian int64 .npy (e.g. class indices), C order.</summary>
    public static void WriteInt64(string path, ReadOnlySpan<long> data, params int[] shape) =>
        WriteValues(path, data, "<i8", fortranOrder: false, shape);

    /// <summary>Values written per stream call: a span of bytes cannot exceed 2³¹ − 1, and an n×n float64 matrix
    /// beyond n = 16,383 does (gram.npy at n = 20,000 is 3.2 GB).</summary>
    private const int ChunkValues = 1 << 24;

    private static void WriteValues<T>(string path, ReadOnlySpan<T> data, string descr, bool fortranOrder, int[] shape) where T : unmanaged
    {
        long length = data.Length;
        long count = 1;
        foreach (int s in shape) count *= s;
        if (count != length) throw new ArgumentException($"shape ({string.Join(", ", shape)}) does not hold {length} values", nameof(shape));
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        var headerBytes = new byte[10 + header.Length];
        Magic.CopyTo(headerBytes, 0);
        headerBytes[6] = 1;
        headerBytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(headerBytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, headerBytes.AsSpan(10));
        using var file = IO.AtomicFile.Create(path);
        file.Stream.Write(headerBytes);
        for (int i = 0; i < data.Length; i += ChunkValues)
            file.Stream.Write(MemoryMarshal.AsBytes(data.Slice(i, Math.Min(ChunkValues, data.Length - i))));
        file.Commit();
    }
}
