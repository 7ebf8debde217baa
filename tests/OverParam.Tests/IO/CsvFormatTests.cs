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
        using var r = CsvReader.FromText(text, "t.csv", comments);
        return r.ReadAll();
    }

    /// <summary>Cells that need every part of the quoting rule, and some that need none.</summary>
    private static readonly string[][] Hostile =
    [
        ["Du et al. ICML 2019, Thm 5.1", "say \"hi\"", "two\nlines", ""],
        ["\"", ",", "\"\"", "plain"],
        ["a,\"b\"\n,c", " spaced ", "#not a comment", "1e-05"],
        ["crlf\r\ninside", "\r", "x", "y"],
    ];

    [Fact]
    public void Quoted_commas_quotes_and_line_breaks_round_trip_exactly()
    {
        var table = new CsvTable(["a", "b", "c", "d"]);
        foreach (var row in Hostile) table.Add(row);
        var back = ReadAll(table.ToString());
        Assert.Equal(["a", "b", "c", "d"], back[0]);
        Assert.Equal(Hostile, back.Skip(1).ToArray());
        Assert.Equal(Hostile.Length, table.Rows);
    }

    [Fact]
    public void Any_cells_round_trip()
    {
        // Cells over the characters the quoting rule is about, after a row number, so that no record is a blank line
        // (which readers skip).
        var cell = Gen.Elements('a', ',', '"', '\n', '\r', ' ', '#', '1').ArrayOf().Select(c => new string(c));
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
        Assert.Equal([["1", "2"], ["3", "4"]], ReadAll("1,2\r\n\r\n# note\n3,4", comments: true));
        Assert.Equal([["# not a comment here"]], ReadAll("# not a comment here\n"));
    }

    [Fact]
    public void A_record_spanning_lines_reports_the_line_it_begins_on_and_numbers_parse_from_their_bytes()
    {
        using var r = CsvReader.FromText("h,v\n\"a\nb\nc\",\" 2.5 \"\n\nnext,\"1,5\"\n", "t.csv");
        Assert.True(r.Next());
        Assert.True(r.Next());
        Assert.Equal((2, "a\nb\nc"), (r.Line, r.Text(0)));
        Assert.True(r.TryNumber(1, out double v) && v == 2.5);
        Assert.True(r.Next());
        Assert.Equal((6, "next"), (r.Line, r.Text(0)));
        Assert.False(r.TryNumber(1, out _)); // a decimal comma is not read as a thousands separator
        Assert.False(r.Next());
    }

    /// <summary>
    /// Numbers parse to the same double as <see cref="double.Parse(string, IFormatProvider)"/>, bit for bit: every value
    /// the tool writes with "R", and decimal strings of 17 to 25 digits, subnormals and the extremes, which need correct
    /// rounding.
    /// </summary>
    [Fact]
    public void Numbers_read_bit_for_bit_as_double_parse_reads_them()
    {
        var rng = new Random(20261207);
        var texts = new List<string> { "0", "-0", "5E-324", "4.9406564584124654E-324", "2.2250738585072011E-308", "1.7976931348623157E+308",
            "0.1", "1e23", "8.98846567431158E+307", "9007199254740993", "2.47032822920623272e-324", "1.00000000000000011102230246251565404236316680908203125" };
        for (int i = 0; i < 20000; i++)
        {
            double d = BitConverter.Int64BitsToDouble(rng.NextInt64());
            if (double.IsFinite(d)) texts.Add(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            texts.Add((rng.NextDouble() * Math.Pow(10, rng.Next(-30, 30))).ToString("E" + rng.Next(16, 25), System.Globalization.CultureInfo.InvariantCulture));
        }
        using var r = CsvReader.FromText("x\n" + string.Join("\n", texts) + "\n", "t.csv");
        Assert.True(r.Next());
        foreach (var text in texts)
        {
            Assert.True(r.Next());
            Assert.True(r.TryNumber(0, out double v), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(v));
        }
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n2,3\n", "t.csv: line 2: malformed CSV: a quoted field that is never closed")]
    [InlineData("a,b\n1,x\"y\n", "t.csv: line 2: malformed CSV: a quote inside an unquoted field")]
    [InlineData("a,b\n\"1\"2,3\n", "t.csv: line 2: malformed CSV: text after the closing quote of a quoted field")]
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
