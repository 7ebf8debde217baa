using OverParam.Data;
using OverParam.IO;

namespace OverParam.Tests.Data;

public class CsvTests
{
    private static string Write(TestData.TempDir dir, string text)
    {
        var path = dir["data.csv"];
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_a_table_with_header_comments_and_blank_lines()
    {
        using var dir = new TestData.TempDir();
        var path = Write(dir, "# made by hand\nx1,x2\n1,2\n\n3.5,-4e-1\n");
        var (x, n, d) = DataFiles.ReadFeatures(path);
        Assert.Equal((2, 2), (n, d));
        Assert.Equal([1, 2, 3.5, -0.4], x);
    }

    [Fact]
    public void Reads_quoted_names_and_numbers_as_rfc_4180_writes_them()
    {
        using var dir = new TestData.TempDir();
        // A header with a comma and a quote inside its names (as pandas writes them), numbers quoted or not, CRLF line ends.
        var path = Write(dir, "\"x, first\",\"the \"\"second\"\"\"\r\n\"1.5\",2\r\n-3,\" 4e-1 \"\r\n");
        var (x, n, d) = DataFiles.ReadFeatures(path);
        Assert.Equal((2, 2), (n, d));
        Assert.Equal([1.5, 2, -3, 0.4], x);
    }

    [Fact]
    public void A_quote_left_open_names_the_line_it_opened_on()
    {
        using var dir = new TestData.TempDir();
        var path = Write(dir, "x1,x2\n1,2\n3,\"4\n5,6\n");
        var e = Assert.Throws<InputException>(() => DataFiles.ReadFeatures(path));
        Assert.StartsWith($"{path}: line 3: malformed CSV: a quoted field that is never closed", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("1,2\n3,\"1,5\"\n", "line 2, column 2: '1,5' is not a number")]
    [InlineData("1,2\n3,abc\n", "line 2, column 2: 'abc' is not a number")]
    [InlineData("1,2\n3\n", "line 2: 1 columns, expected 2")]
    [InlineData("1,2\nNaN,1\n", "line 2, column 1: NaN is not a finite number")]
    [InlineData("a,b\n", "no data rows")]
    public void Bad_csv_names_the_file_line_and_column(string text, string fragment)
    {
        using var dir = new TestData.TempDir();
        var path = Write(dir, text);
        var e = Assert.Throws<InputException>(() => DataFiles.ReadFeatures(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Labels_must_be_one_column()
    {
        using var dir = new TestData.TempDir();
        var path = Write(dir, "1,2\n3,4\n");
        Assert.Contains("labels must be a 1-D array", Assert.Throws<InputException>(() => DataFiles.ReadLabels(path)).Message);
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_rejected()
    {
        Assert.Contains("no such file", Assert.Throws<InputException>(() => DataFiles.ReadFeatures("/nonexistent/x.npy")).Message);
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["x.txt"], "1");
        Assert.Contains("expected a .npy or .csv file, or an array of a .npz file (x.npz:NAME)", Assert.Throws<InputException>(() => DataFiles.ReadFeatures(dir["x.txt"])).Message);
    }
}
