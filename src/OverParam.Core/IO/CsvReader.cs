using System.Text;

namespace OverParam.IO;

/// <summary>
/// Reads CSV as RFC 4180 defines it (https://www.rfc-editor.org/rfc/rfc4180, §2): records end at a line break, fields
/// are separated by commas, and a field in double quotes may hold commas, line breaks and quotes (written twice, "").
/// Records stream one at a time, so a file is never held whole.
/// <para>
/// A line with no quote in it takes the fast path: its fields are spans of the line itself, nothing is copied, and
/// <see cref="Field"/> gives each without allocating (a large numeric table parses straight from them). A line with a
/// quote is unescaped field by field into a buffer, reading further lines while a quoted field is open.
/// </para>
/// Lines that are blank (only white space) are skipped, and, when asked, lines whose first non-blank character is '#' (as
/// NumPy's genfromtxt skips comments). A line break inside a quoted field reads as '\n' (CRLF included). Malformed quoting
/// is an <see cref="InputException"/> naming the file and the line: a quote inside an unquoted field, a character
/// after a closing quote, or a quoted field still open at the end of the file.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _name;
    private readonly bool _comments;
    private readonly StringBuilder _unescaped = new();
    private string _source = "";
    private int[] _starts = new int[16], _lengths = new int[16];
    private int _lineNumber;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="name"/> (the file) starts every error message.</summary>
    /// <param name="reader">The text; disposed with this reader.</param>
    /// <param name="name">What errors call the source, e.g. its path.</param>
    /// <param name="comments">Skip lines whose first non-blank character is '#'.</param>
    public CsvReader(TextReader reader, string name, bool comments = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _name = name;
        _comments = comments;
    }

    /// <summary>Opens <paramref name="path"/> (UTF-8, a BOM skipped); a file that cannot be read is an <see cref="InputException"/>.</summary>
    public static CsvReader Open(string path, bool comments = false)
    {
        try { return new CsvReader(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16), path, comments); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.InFile(path, "", $"cannot read: {e.Message}");
        }
    }

    /// <summary>The 1-based line on which the current record begins.</summary>
    public int Line { get; private set; }

    /// <summary>The number of fields of the current record.</summary>
    public int Count { get; private set; }

    /// <summary>Field <paramref name="i"/> of the current record, unescaped; valid until the next <see cref="Next"/>.</summary>
    public ReadOnlySpan<char> Field(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
        return _source.AsSpan(_starts[i], _lengths[i]);
    }

    /// <summary>The current record's fields as strings.</summary>
    public string[] Fields()
    {
        var f = new string[Count];
        for (int i = 0; i < Count; i++) f[i] = Field(i).ToString();
        return f;
    }

    /// <summary>Moves to the next record; false at the end of the text.</summary>
    /// <exception cref="InputException">The quoting is malformed.</exception>
    public bool Next()
    {
        string? line;
        do
        {
            line = ReadLine();
            if (line == null) { Count = 0; return false; }
        }
        while (Skipped(line));
        Line = _lineNumber;
        Count = 0;
        if (line.Contains('"')) ParseQuoted(line);
        else SplitInPlace(line);
        return true;
    }

    /// <summary>Every remaining record as strings (for small tables).</summary>
    public List<string[]> ReadAll()
    {
        var rows = new List<string[]>();
        while (Next()) rows.Add(Fields());
        return rows;
    }

    private string? ReadLine()
    {
        string? line = _reader.ReadLine();
        if (line != null) _lineNumber++;
        return line;
    }

    private bool Skipped(string line)
    {
        var t = line.AsSpan().TrimStart();
        return t.IsEmpty || (_comments && t[0] == '#');
    }

    /// <summary>The fast path: no quote on the line, so every comma separates fields and the line itself holds them.</summary>
    private void SplitInPlace(string line)
    {
        _source = line;
        int start = 0;
        while (true)
        {
            int comma = line.IndexOf(',', start);
            int end = comma < 0 ? line.Length : comma;
            Add(start, end - start);
            if (comma < 0) return;
            start = comma + 1;
        }
    }

    /// <summary>The general path: each field unescaped into one buffer, further lines read while a quote is open.</summary>
    private void ParseQuoted(string line)
    {
        var b = _unescaped.Clear();
        int pos = 0;
        while (true)
        {
            int start = b.Length;
            if (pos < line.Length && line[pos] == '"')
            {
                int opened = _lineNumber;
                pos++;
                while (true)
                {
                    int q = line.IndexOf('"', pos);
                    if (q < 0)
                    {
                        b.Append(line, pos, line.Length - pos).Append('\n');
                        line = ReadLine() ?? throw InputException.InFile(_name, $"line {opened}",
                            "a quoted field is still open at the end of the file; close it with \"");
                        pos = 0;
                        continue;
                    }
                    b.Append(line, pos, q - pos);
                    if (q + 1 < line.Length && line[q + 1] == '"') { b.Append('"'); pos = q + 2; continue; }
                    pos = q + 1;
                    break;
                }
                if (pos < line.Length && line[pos] != ',')
                    throw InputException.InFile(_name, $"line {_lineNumber}, field {Count + 1}",
                        $"'{line[pos]}' after a closing quote; expected a comma or the end of the line (a quote inside a quoted field is written \"\")");
            }
            else
            {
                int comma = line.IndexOf(',', pos);
                int end = comma < 0 ? line.Length : comma;
                if (line.AsSpan(pos, end - pos).Contains('"'))
                    throw InputException.InFile(_name, $"line {_lineNumber}, field {Count + 1}",
                        "a quote inside an unquoted field; quote the whole field and write the quote twice (\"\")");
                b.Append(line, pos, end - pos);
                pos = end;
            }
            Add(start, b.Length - start);
            if (pos >= line.Length) break;
            pos++; // the comma
        }
        _source = b.ToString();
    }

    private void Add(int start, int length)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, 2 * Count);
            Array.Resize(ref _lengths, 2 * Count);
        }
        _starts[Count] = start;
        _lengths[Count] = length;
        Count++;
    }

    /// <summary>Closes the underlying reader.</summary>
    public void Dispose() => _reader.Dispose();
}
