using System.Buffers.Binary;
using System.Text;
using OverParam.Data;
using OverParam.IO;

namespace OverParam.Tests.Data;

/// <summary>
/// Integer .npy inputs (uint8 images, int32 and int64 labels, and the other widths), from bytes laid out as NumPy's format
/// says (https://numpy.org/neps/nep-0001-npy-format.html), so no Python is needed: every value widened to float64 exactly.
/// </summary>
public class NpyIntegerTests
{
    /// <summary>A version 1.0 .npy file: magic, version, header length, the header dict padded to 64 bytes, then the data.</summary>
    internal static byte[] NpyBytes(string descr, int[] shape, byte[] data, bool fortran = false)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int pad = (64 - (10 + dict.Length + 1) % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        var bytes = new byte[10 + header.Length + data.Length];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header).CopyTo(bytes, 10);
        data.CopyTo(bytes, 10 + header.Length);
        return bytes;
    }

    /// <summary>Each dtype with its extremes and a value between, as little-endian bytes, and the values they hold.</summary>
    public static TheoryData<string, byte[], double[]> Dtypes() => new()
    {
        { "|u1", [0, 1, 128, 255], [0, 1, 128, 255] },
        { "<u1", [0, 7, 200, 255], [0, 7, 200, 255] },
        { "|i1", [0x80, 0xFF, 0, 0x7F], [-128, -1, 0, 127] },
        { "<u2", [0, 0, 0xFF, 0xFF, 0x34, 0x12, 1, 0], [0, 65535, 0x1234, 1] },
        { "<i2", [0, 0x80, 0xFF, 0xFF, 0xFF, 0x7F, 2, 0], [-32768, -1, 32767, 2] },
        { "<u4", [.. LE(0u), .. LE(uint.MaxValue), .. LE(123456789u), .. LE(1u)], [0, uint.MaxValue, 123456789, 1] },
        { "<i4", [.. LE(int.MinValue), .. LE(-1), .. LE(int.MaxValue), .. LE(9)], [int.MinValue, -1, int.MaxValue, 9] },
        { "<u8", [.. LE(0UL), .. LE(1UL << 53), .. LE(42UL), .. LE(3UL)], [0, 1L << 53, 42, 3] },
        { "<i8", [.. LE(-(1L << 53)), .. LE(-1L), .. LE(1L << 53), .. LE(5L)], [-(1L << 53), -1, 1L << 53, 5] },
    };

    private static byte[] LE(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    private static byte[] LE(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }
    private static byte[] LE(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }
    private static byte[] LE(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Integer_arrays_read_as_their_exact_values(string descr, byte[] data, double[] expected)
    {
        var a = Npy.Parse(NpyBytes(descr, [2, 2], data), "x.npy");
        Assert.Equal([2, 2], a.Shape);
        Assert.Equal(descr, a.DType);
        Assert.Equal(expected, a.Data);
        // In Fortran order the same bytes are the transpose.
        var f = Npy.Parse(NpyBytes(descr, [2, 2], data, fortran: true), "x.npy");
        Assert.Equal([expected[0], expected[2], expected[1], expected[3]], f.Data);
    }

    [Fact]
    public void Uint8_images_and_int32_labels_load_as_a_data_set()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllBytes(dir["x.npy"], NpyBytes("|u1", [3, 2], [0, 255, 17, 3, 128, 64]));
        File.WriteAllBytes(dir["y.npy"], NpyBytes("<i4", [3], [.. LE(1), .. LE(-1), .. LE(1)]));
        var ds = DataFiles.Load(dir["x.npy"], dir["y.npy"]);
        Assert.Equal((3, 2), (ds.N, ds.D));
        Assert.Equal([0, 255, 17, 3, 128, 64], ds.X);
        Assert.Equal([1, -1, 1], ds.Y!);
    }

    [Theory]
    [InlineData(">i4", "'>i4' is not supported; expected little-endian float64 '<f8' or float32 '<f4', or integer '|u1'")]
    [InlineData(">i4", "(big-endian: save a.astype(a.dtype.newbyteorder('<')))")]
    [InlineData("|b1", "'|b1' is not supported")]
    [InlineData("<f2", "'<f2' is not supported")]
    public void Other_dtypes_are_one_line_naming_the_file_and_the_dtypes_read(string descr, string expected)
    {
        var e = Assert.Throws<InputException>(() => Npy.Parse(NpyBytes(descr, [2], [0, 0, 0, 0, 0, 0, 0, 0]), "x.npy"));
        Assert.StartsWith("x.npy: dtype: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_short_integer_payload_is_truncated()
    {
        var e = Assert.Throws<InputException>(() => Npy.Parse(NpyBytes("<u2", [3], [1, 0, 2, 0, 3]), "x.npy"));
        Assert.Equal("x.npy: data: truncated: shape (3) of <u2 needs 6 bytes, the file holds 5", e.Message);
    }
}
