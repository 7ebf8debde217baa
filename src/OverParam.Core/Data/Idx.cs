using System.Buffers.Binary;
using System.IO.Compression;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): two zero bytes, a type byte (0x08: unsigned byte), the
/// number of dimensions, each dimension as a big-endian int32, then the values in row-major order. Files may be plain
/// or gzip-compressed (by the .gz name or the gzip magic 1f 8b). Byte offsets in errors count in the decompressed data.
/// </summary>
public static class Idx
{
    /// <summary>The values and dimensions of an unsigned-byte IDX file, checked against <paramref name="expectedDims"/>
    /// dimensions; a wrong magic number, a truncated file or trailing bytes are an <see cref="InputException"/> naming the file and offset.</summary>
    public static (byte[] Values, int[] Dims) Read(string path, int expectedDims)
    {
        byte[] bytes = ReadAll(path);
        if (bytes.Length < 4) throw InputException.InFile(path, "byte 0", $"truncated: {bytes.Length} bytes, an IDX header needs at least 4");
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
            throw InputException.InFile(path, "byte 0", $"magic number {bytes[0]:x2} {bytes[1]:x2} {bytes[2]:x2} {bytes[3]:x2}; expected 00 00 08 0{expectedDims} (IDX, unsigned bytes, {expectedDims} dimensions)");
        if (bytes[3] != expectedDims)
            throw InputException.InFile(path, "byte 3", $"{bytes[3]} dimensions; expected {expectedDims}");
        int header = 4 + 4 * expectedDims;
        if (bytes.Length < header) throw InputException.InFile(path, $"byte {bytes.Length}", $"truncated in the header of {header} bytes");
        var dims = new int[expectedDims];
        long count = 1;
        for (int k = 0; k < expectedDims; k++)
        {
            dims[k] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * k));
            if (dims[k] < 1) throw InputException.InFile(path, $"byte {4 + 4 * k}", $"dimension {k} is {dims[k]}; expected at least 1");
            count *= dims[k];
        }
        long expected = header + count;
        if (bytes.Length < expected)
            throw InputException.InFile(path, $"byte {bytes.Length}", $"truncated: the header promises {count} values ({expected} bytes), the file has {bytes.Length}");
        if (bytes.Length > expected)
            throw InputException.InFile(path, $"byte {expected}", $"{bytes.Length - expected} bytes after the {count} values the header promises");
        return (bytes[header..], dims);
    }

    /// <summary>The file's bytes, gunzipped when it is gzip (by name or by magic).</summary>
    internal static byte[] ReadAll(string path)
    {
        if (Directory.Exists(path)) throw InputException.InFile(path, "", "is a folder; expected a file");
        if (!File.Exists(path)) throw InputException.InFile(path, "", "no such file");
        byte[] raw = File.ReadAllBytes(path);
        if (!(raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)) return raw;
        using var ms = new MemoryStream();
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException)
        {
            // zlib says "unsupported compression method" for any damage (a bad CRC too); say where it stopped instead.
            throw InputException.InFile(path, $"byte {ms.Length} of the decompressed data",
                $"damaged gzip data (bad block or checksum) after {ms.Length} bytes were decompressed from the file's {raw.Length}");
        }
    }
}
