using FsCheck;
using FsCheck.Fluent;
using OverParam.IO;

namespace OverParam.Tests.IO;

/// <summary>
/// RFC 4180 as <see cref="CsvTable"/> writes it and <see cref="CsvReader"/> reads it: quoted commas, quotes and line
/// breaks round-trip exactly, Python's csv module reads the same cells, and malformed quoting names the line.
/// </summary>
public class CsvFormatTests
{
    private static List<string[]> ReadAll(string text, bool comments = false)
    {
        using var r = new CsvReader(new StringReader(text), "t.csv", comments);
        return r.ReadAll();
    }

    /// <summary>Cells that need every part of the quoting rule, and some that need none.</summary>
    private static readonly string[][] Hostile =
    [
        ["Du et al. ICML 2019, Thm 5.1", "say \"hi\"", "two\nlines", ""],
        ["\"", ",", "\"\"", "plain"],
        ["a,\"b\"\n,c", " spaced ", "#not a comment", "1e-05"],
    ];

    [Fact]
    public void Quoted_commas_quotes_and_line_breaks_round_trip_exactly()
    {
        var table = new CsvTable(["a", "b", "c", "d"]);
        foreach (var row in Hostile) table.Add(row);
        var back = ReadAll(table.ToString());
        Assert.Equal(["a", "b", "c", "d"], back[0]);
        Assert.Equal(Hostile, back.Skip(1).ToArray());
        Assert.Equal(3, table.Rows);
    }

    [Fact]
    public void Any_cells_round_trip()
    {
        // Cells over the characters the quoting rule is about ('\r' left out: a line break in a field reads as '\n'),
        // after a row number, so that no record is a blank line (which readers skip).
        var cell = Gen.Elements('a', ',', '"', '\n', ' ', '#', '1').ArrayOf().Select(c => new string(c));
        var rows = Gen.Choose(1, 5).SelectMany(width => cell.ArrayOf(width).ArrayOf());
        Prop.ForAll(rows.ToArbitrary(), cells =>
        {
            if (cells.Length == 0) return true;
            var numbered = cells.Select((r, i) => (string[])[i.ToString(System.Globalization.CultureInfo.InvariantCulture), .. r]).ToArray();
            var table = new CsvTable(Enumerable.Range(0, numbered[0].Length).Select(i => $"c{i}"));
            foreach (var r in numbered) table.Add(r);
            var back = ReadAll(table.ToString());
            return back.Count == numbered.Length + 1 && back.Skip(1).Zip(numbered).All(p => p.First.SequenceEqual(p.Second));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_line_without_quotes_and_its_quoted_twin_give_the_same_fields()
    {
        Assert.Equal(ReadAll("1,2.5,,x\n"), ReadAll("\"1\",2.5,\"\",\"x\"\n"));
        Assert.Equal([["1", "2"], ["3", "4"]], ReadAll("1,2\r\n\r\n  \n# note\n3,4", comments: true));
        Assert.Equal([["a", "line one\nline two"]], ReadAll("a,\"line one\r\nline two\"\r\n")); // CRLF inside a field reads as \n
    }

    [Fact]
    public void A_record_spanning_lines_reports_the_line_it_begins_on()
    {
        using var r = new CsvReader(new StringReader("h\n\"a\nb\nc\"\nnext\n"), "t.csv");
        Assert.True(r.Next());
        Assert.True(r.Next());
        Assert.Equal((2, "a\nb\nc"), (r.Line, r.Field(0).ToString()));
        Assert.True(r.Next());
        Assert.Equal((5, "next"), (r.Line, r.Field(0).ToString()));
        Assert.False(r.Next());
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n2,3\n", "t.csv: line 2: a quoted field is still open at the end of the file")]
    [InlineData("a,b\n1,x\"y\n", "t.csv: line 2, field 2: a quote inside an unquoted field")]
    [InlineData("a,b\n\"1\"2,3\n", "t.csv: line 2, field 1: '2' after a closing quote")]
    public void Malformed_quoting_is_one_line_naming_the_file_and_line(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => ReadAll(text));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("a-b")]
    [InlineData("")]
    [InlineData("x,y")]
    public void A_column_name_numpy_would_change_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new CsvTable(["ok", name]));
    }

    [Fact]
    public void Rows_must_be_as_wide_as_the_header_and_labels_need_no_quoting()
    {
        var t = new CsvTable(["a", "b"]);
        Assert.Throws<ArgumentException>(() => t.Add(["1"]));
        Assert.Equal("0;1", CsvTable.Label("0,1"));
        Assert.Equal("x_y_z_w", CsvTable.Label("x\"y#z\nw"));
        Assert.Equal("images", CsvTable.Label("images"));
        Assert.Equal(["", "", "0.1", "1E-05"], new[] { double.NaN, double.PositiveInfinity, 0.1, 1e-5 }.Select(CsvTable.Number));
    }

    [SkippableFact]
    public void Python_csv_reads_the_cells_we_wrote()
    {
        Skip.If(PythonNumpy.WhyMissing != null, PythonNumpy.WhyMissing);
        using var dir = new TestData.TempDir();
        var table = new CsvTable(["a", "b", "c", "d"]);
        foreach (var row in Hostile) table.Add(row);
        table.Write(dir["t.csv"]);
        var (code, stdout, stderr) = PythonNumpy.Run("""
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                print(json.dumps([list(r.values()) for r in csv.DictReader(f)]))
            """, dir["t.csv"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(Hostile, System.Text.Json.JsonSerializer.Deserialize<string[][]>(stdout));
    }
}
