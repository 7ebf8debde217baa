using System.Globalization;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>
/// Reads a numeric CSV table: comma-separated, one row a line, the same number of columns on every line. Blank lines
/// and lines starting with '#' are skipped; a first line whose fields are all non-numeric is a header.
/// Any other non-number is an <see cref="InputException"/> naming the file, the line and the column.
/// </summary>
public static class Csv
{
    /// <summary>Reads the table; returns its values row-major with the row and column counts.</summary>
    public static (double[] Values, int Rows, int Cols) Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.InFile(path, "", $"cannot read: {e.Message}");
        }
        var values = new List<double>();
        int cols = -1, rows = 0;
        bool first = true;
        for (int ln = 0; ln < lines.Length; ln++)
        {
            string line = lines[ln].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(',');
            if (first && fields.All(f => !IsNumber(f)))
            {
                first = false;
                cols = fields.Length;
                continue; // header
            }
            first = false;
            if (cols < 0) cols = fields.Length;
            else if (fields.Length != cols)
                throw InputException.InFile(path, $"line {ln + 1}", $"{fields.Length} columns, expected {cols} like the lines before");
            for (int c = 0; c < fields.Length; c++)
            {
                if (!double.TryParse(fields[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw InputException.InFile(path, $"line {ln + 1}, column {c + 1}", $"'{fields[c].Trim()}' is not a number");
                if (!double.IsFinite(v))
                    throw InputException.InFile(path, $"line {ln + 1}, column {c + 1}", $"{fields[c].Trim()} is not a finite number");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0) throw InputException.InFile(path, "", "no data rows");
        return (values.ToArray(), rows, cols);
    }

    private static bool IsNumber(string field) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Formats a value so that it reads back to the same double ("R" round-trip, invariant culture).</summary>
    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
