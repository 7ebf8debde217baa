using System.Globalization;
using System.Text;
using OverParam.IO;

namespace OverParam.Training;

/// <summary>
/// The per-step record of a run, in columns allocated once for the whole run (recording allocates nothing). A row is
/// started with <see cref="BeginRow"/> and its cells written by column (<see cref="Set"/>); a cell not written at a step
/// (the Gram columns between --gram-every steps) is NaN and written empty. Columns are read back by name, and asking
/// for one the run did not record is an error.
/// </summary>
public sealed class Metrics
{
    private readonly double[][] _cols;
    private readonly Dictionary<MetricColumn, int> _index = [];

    /// <summary>This record's columns, in order.</summary>
    public IReadOnlyList<MetricColumn> Schema { get; }

    /// <summary>This record's column names, in order.</summary>
    public string[] Columns { get; }

    /// <summary>Rows recorded so far.</summary>
    public int Count { get; private set; }

    /// <summary>Room for <paramref name="capacity"/> rows of <paramref name="schema"/> (names unique).</summary>
    public Metrics(int capacity, IReadOnlyList<MetricColumn> schema)
    {
        Schema = schema;
        Columns = [.. schema.Select(c => c.Name)];
        if (Columns.Distinct().Count() != Columns.Length) throw new ArgumentException("column names must be unique", nameof(schema));
        for (int c = 0; c < schema.Count; c++) _index[schema[c]] = c;
        _cols = new double[schema.Count][];
        for (int c = 0; c < _cols.Length; c++) _cols[c] = new double[capacity];
    }

    /// <summary>Column <paramref name="column"/>, the first <see cref="Count"/> rows.</summary>
    public ReadOnlySpan<double> this[MetricColumn column] => this[column.Name];

    /// <summary>Column <paramref name="name"/>, the first <see cref="Count"/> rows.</summary>
    public ReadOnlySpan<double> this[string name]
    {
        get
        {
            int c = Array.IndexOf(Columns, name);
            if (c < 0) throw new ArgumentException($"no column '{name}': this run recorded {string.Join(", ", Columns)}", nameof(name));
            return _cols[c].AsSpan(0, Count);
        }
    }

    /// <summary>Whether the run recorded column <paramref name="name"/>.</summary>
    public bool Has(string name) => Columns.Contains(name);

    /// <summary>Whether the run recorded <paramref name="column"/>.</summary>
    public bool Has(MetricColumn column) => Has(column.Name);

    /// <summary>The recorded step numbers k.</summary>
    public int[] Steps()
    {
        var steps = this[MetricColumns.Step.Name];
        var k = new int[steps.Length];
        for (int i = 0; i < k.Length; i++) k[i] = (int)steps[i];
        return k;
    }

    /// <summary>Starts a new row, every cell NaN until set.</summary>
    public void BeginRow()
    {
        foreach (var col in _cols) col[Count] = double.NaN;
        Count++;
    }

    /// <summary>Sets <paramref name="column"/>'s cell of the current row.</summary>
    public void Set(MetricColumn column, double value) => _cols[_index[column]][Count - 1] = value;

    /// <summary>Writes metrics.csv (invariant culture, round-trip precision; NaN as an empty cell).</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', Columns));
        for (int r = 0; r < Count; r++)
        {
            for (int c = 0; c < _cols.Length; c++)
            {
                if (c > 0) sb.Append(',');
                double v = _cols[c][r];
                if (!double.IsNaN(v)) sb.Append(c == 0 ? ((long)v).ToString(CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
