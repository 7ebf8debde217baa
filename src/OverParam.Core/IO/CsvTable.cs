using System.Globalization;
using System.Text;

namespace OverParam.IO;

/// <summary>
/// A CSV table the tool writes: a header of column names, then rows of as many cells, '\n' after every line. Every field
/// is escaped as RFC 4180 says (quoted when it holds a comma, a quote or a line break; quotes doubled), so the text always
/// reads back to the same cells through <see cref="CsvReader"/> or Python's <c>csv</c> module.
/// <para>
/// The tables the tool writes are numeric, and also load in one line with NumPy's
/// <c>np.genfromtxt(path, delimiter=',', names=True)</c>, which knows no quoting and cuts a line at '#': so their cells
/// are numbers (<see cref="Number"/>), empty (NaN), or identifiers made safe by <see cref="Label"/>; free text (notes,
/// theorem names) goes to a JSON file beside the table. Column names must be identifiers: letters, digits and '_'.
/// </para>
/// </summary>
public sealed class CsvTable
{
    private readonly StringBuilder _text = new();

    /// <summary>A table with these columns.</summary>
    /// <exception cref="ArgumentException">No columns, a name repeated, or a name other than letters, digits and '_'.</exception>
    public CsvTable(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        foreach (var c in Columns)
            if (c.Length == 0 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                throw new ArgumentException($"column '{c}': a name is letters, digits and '_' (NumPy's genfromtxt names=True keeps no others)", nameof(columns));
        if (Columns.Distinct().Count() != Columns.Count) throw new ArgumentException($"a column is named twice: {string.Join(",", Columns)}", nameof(columns));
        _text.Append(string.Join(',', Columns)).Append('\n');
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows added so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds a row of one cell per column, each escaped by <see cref="Field"/>.</summary>
    /// <exception cref="ArgumentException">The row has more or fewer cells than the header.</exception>
    public CsvTable Add(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != Columns.Count)
            throw new ArgumentException($"a row of {cells.Count} cells in a table of {Columns.Count} columns ({string.Join(",", Columns)})", nameof(cells));
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) _text.Append(',');
            _text.Append(Field(cells[i]));
        }
        _text.Append('\n');
        Rows++;
        return this;
    }

    /// <summary>The table's text.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Writes the table to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, _text.ToString());

    /// <summary>
    /// A field as RFC 4180 writes it: unchanged, or in double quotes with every quote doubled when it holds a comma, a
    /// quote, '\r' or '\n'.
    /// </summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A finite value with round-trip precision (invariant culture, "R"); NaN and ±Inf as an empty cell.</summary>
    public static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>An integer, or an empty cell for null.</summary>
    public static string Integer(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// An identifier (an axis value such as <c>images</c>, <c>0,1</c> or a file's path) as a cell of a numeric table: ','
    /// becomes ';' (classes 0,1 read 0;1), and '"', '#', '\r' and '\n' become '_', so that no reader needs quoting and
    /// genfromtxt does not take the rest of the line for a comment. The exact value stays in the JSON beside the table.
    /// </summary>
    public static string Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(",\"#\r\n") < 0) return value;
        var s = new StringBuilder(value.Length);
        foreach (char c in value) s.Append(c switch { ',' => ';', '"' or '#' or '\r' or '\n' => '_', _ => c });
        return s.ToString();
    }
}
