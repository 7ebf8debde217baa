using OverParam.Data;
using OverParam.IO;

namespace OverParam.Tests.Data;

/// <summary>Reading files written by NumPy itself (Fixtures/, made by numpy 1.24's np.save) and round-trips.</summary>
public class NpyTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static readonly double[] Expected = Enumerable.Range(0, 12).Select(i => i / 8.0).ToArray();

    [Theory]
    [InlineData("x_f8.npy", "<f8")]
    [InlineData("x_f4.npy", "<f4")]
    [InlineData("x_fortran.npy", "<f8")]
    public void Reads_numpy_float_arrays_in_C_and_Fortran_order(string file, string dtype)
    {
        var a = Npy.Read(Fixture(file));
        Assert.Equal([3, 4], a.Shape);
        Assert.Equal(dtype, a.DType);
        Assert.Equal(Expected, a.Data);
    }

    [Fact]
    public void Arrays_longer_than_one_write_chunk_round_trip()
    {
        // 2²⁴ + 3 values: the writer streams 2²⁴ at a time (a byte span cannot pass 2³¹, which gram.npy passes at n > 16,383).
        int count = (1 << 24) + 3;
        var data = new double[count];
        for (int i = 0; i < count; i++) data[i] = i * 0.5;
        using var dir = new TestData.TempDir();
        Npy.Write(dir["big.npy"], data, count);
        var back = Npy.Read(dir["big.npy"]);
        Assert.Equal([count], back.Shape);
        Assert.Equal(data[^1], back.Data[^1]);
        Assert.Equal(data[1 << 24], back.Data[1 << 24]);
        Assert.Equal(data[(1 << 24) - 1], back.Data[(1 << 24) - 1]);
    }

    [Fact]
    public void Reads_integer_labels()
    {
        Assert.Equal([1.0, -1.0, 1.0], DataFiles.ReadLabels(Fixture("y_i8.npy")));
    }

    [Theory]
    [InlineData("x_truncated.npy", "truncated")]
    [InlineData("x_c16.npy", "'<c16' is not supported")]
    [InlineData("x_f8_be.npy", "'>f8' is not supported")]
    [InlineData("x_nan.npy", "row 1, column 0: NaN is not a finite number")]
    [InlineData("x_3d.npy", "features must be a 2-D array")]
    [InlineData("y_f8.npy", "features must be a 2-D array (n, d), got shape (3)")]
    public void Bad_files_give_one_line_naming_the_file_and_the_problem(string file, string fragment)
    {
        var e = Assert.Throws<InputException>(() => DataFiles.ReadFeatures(Fixture(file)));
        Assert.Contains(file, e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Mismatched_feature_and_label_lengths_are_rejected()
    {
        using var dir = new TestData.TempDir();
        Npy.Write(dir["y.npy"], [1.0, 2.0], 2);
        var e = Assert.Throws<InputException>(() => DataFiles.Load(Fixture("x_f8.npy"), dir["y.npy"]));
        Assert.Contains("2 labels, but", e.Message);
        Assert.Contains("has 3 rows", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 7, 3 })]
    public void Written_arrays_read_back_identically(int[] shape)
    {
        using var dir = new TestData.TempDir();
        int count = shape.Aggregate(1, (a, b) => a * b);
        var data = TestData.Gaussian(count, count);
        Npy.Write(dir["a.npy"], data, shape);
        var back = Npy.Read(dir["a.npy"]);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Equal(0, (new FileInfo(dir["a.npy"]).Length - count * 8) % 64); // header padded to 64 bytes, as NumPy does
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary file left beside it
    }

    [Fact]
    public void Missing_magic_is_not_mistaken_for_data()
    {
        var e = Assert.Throws<InputException>(() => Npy.Parse("hello world, not numpy"u8, "fake.npy"));
        Assert.Contains("fake.npy", e.Message);
    }
}
