using System.IO.Compression;
using OverParam.Data;
using OverParam.IO;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Data;

/// <summary>
/// .npz inputs (a zip of NAME.npy files, as np.savez and np.savez_compressed write them), named as <c>file.npz:NAME</c>
/// wherever a .npy is taken: archives made here byte by byte, and one written by NumPy itself.
/// </summary>
public class NpzTests
{
    private static readonly byte[] Images = NpyIntegerTests.NpyBytes("|u1", [3, 2], [0, 255, 17, 3, 128, 64]);
    private static readonly byte[] Labels = NpyIntegerTests.NpyBytes("<i8", [3], [1, 0, 0, 0, 0, 0, 0, 0, .. BitConverter.GetBytes(-1L), 1, 0, 0, 0, 0, 0, 0, 0]);

    /// <summary>Writes a zip of the given entries (NAME.npy → bytes), deflated or stored.</summary>
    internal static string Zip(string path, CompressionLevel level, params (string Entry, byte[] Bytes)[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, bytes) in entries)
        {
            using var s = zip.CreateEntry(entry, level).Open();
            s.Write(bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)] // np.savez
    [InlineData(CompressionLevel.Optimal)] // np.savez_compressed
    public void Named_arrays_read_with_their_exact_values(CompressionLevel level)
    {
        using var dir = new TestData.TempDir();
        string npz = Zip(dir["d.npz"], level, ("X.npy", Images), ("y.npy", Labels));
        var ds = DataFiles.Load(npz + ":X", npz + ":y");
        Assert.Equal((3, 2), (ds.N, ds.D));
        Assert.Equal([0, 255, 17, 3, 128, 64], ds.X);
        Assert.Equal([1, -1, 1], ds.Y!);
        Assert.True(DataFiles.Exists(npz + ":X"));
        Assert.False(DataFiles.Exists(dir["other.npz"] + ":X"));
    }

    [Fact]
    public void One_array_needs_no_name()
    {
        using var dir = new TestData.TempDir();
        string npz = Zip(dir["y.npz"], CompressionLevel.Optimal, ("arr_0.npy", Labels));
        Assert.Equal([1, -1, 1], DataFiles.ReadLabels(npz));
    }

    [Theory]
    [InlineData(":Z", "d.npz: no array 'Z'; it holds 'X', 'y' (name one as ")]
    [InlineData("", "d.npz: it holds 'X', 'y'; name one as ")]
    [InlineData(":", "d.npz:: expected an array's name after ':'; it holds 'X', 'y'")]
    public void A_missing_name_lists_the_names_there(string suffix, string expected)
    {
        using var dir = new TestData.TempDir();
        string npz = Zip(dir["d.npz"], CompressionLevel.Optimal, ("X.npy", Images), ("y.npy", Labels));
        var e = Assert.Throws<InputException>(() => DataFiles.ReadFeatures(npz + suffix));
        Assert.StartsWith(dir.Path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_or_an_entry_that_is_not_npy_names_the_file()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["bad.npz"], "not a zip");
        Assert.StartsWith($"{dir["bad.npz"]}: not a readable .npz (zip) file", Assert.Throws<InputException>(() => DataFiles.ReadFeatures(dir["bad.npz"] + ":X")).Message);
        string npz = Zip(dir["d.npz"], CompressionLevel.Optimal, ("X.npy", "plain text"u8.ToArray()));
        Assert.StartsWith($"{npz}:X: not a NumPy .npy file", Assert.Throws<InputException>(() => DataFiles.ReadFeatures(npz + ":X")).Message);
        Assert.Equal($"{dir["none.npz"]}: no such file", Assert.Throws<InputException>(() => DataFiles.ReadFeatures(dir["none.npz"] + ":X")).Message);
    }

    [Fact]
    public void The_command_line_takes_npz_arrays_and_refuses_a_wrong_name_in_one_line()
    {
        using var dir = new TestData.TempDir();
        // Five points on the circle as int8 coordinates ±(3, 4)-ish, normalized by --normalize, with int64 labels.
        var x = NpyIntegerTests.NpyBytes("|i1", [4, 2], [3, 4, 0xFD, 4, 0, 5, 5, 0]);
        var y = NpyIntegerTests.NpyBytes("<i8", [4], [.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(-1L), .. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(-1L)]);
        string npz = Zip(dir["d.npz"], CompressionLevel.Optimal, ("X.npy", x), ("y.npy", y));
        var ok = CliRunner.Run("gram", "--data", npz + ":X", "--labels", npz + ":y", "--normalize", "--out", dir["g"]);
        Assert.True(ok.ExitCode == 0, ok.Err);
        var bad = CliRunner.Run("gram", "--data", npz + ":x", "--labels", npz + ":y", "--out", dir["b"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"overparam: error: {npz}: no array 'x'; it holds 'X', 'y' (name one as {npz}:X)", bad.ErrorLine());
        Assert.False(Directory.Exists(dir["b"]));
    }

    /// <summary>NumPy's own np.savez and np.savez_compressed of uint8 images and int32 labels read back exactly.</summary>
    [SkippableFact]
    public void Numpy_savez_files_read_back_exactly()
    {
        Skip.If(PythonNumpy.WhyMissing != null, PythonNumpy.WhyMissing);
        using var dir = new TestData.TempDir();
        var (code, _, err) = PythonNumpy.Run("""
            import sys, numpy as np
            X = np.arange(12, dtype=np.uint8).reshape(4, 3) * 21
            y = np.array([1, -1, -1, 1], dtype=np.int32)
            np.savez(sys.argv[1] + '/plain.npz', X=X, y=y)
            np.savez_compressed(sys.argv[1] + '/packed.npz', X=np.asfortranarray(X), y=y.astype(np.int16))
            np.save(sys.argv[1] + '/u1.npy', X)
            """, dir.Path);
        Assert.True(code == 0, err);
        double[] expected = [.. Enumerable.Range(0, 12).Select(i => i * 21.0)];
        foreach (var f in new[] { "plain", "packed" })
        {
            var ds = DataFiles.Load(dir[$"{f}.npz"] + ":X", dir[$"{f}.npz"] + ":y");
            Assert.Equal((4, 3), (ds.N, ds.D));
            Assert.Equal(expected, ds.X);
            Assert.Equal([1, -1, -1, 1], ds.Y!);
        }
        Assert.Equal(expected, DataFiles.ReadFeatures(dir["u1.npy"]).X);
    }
}
