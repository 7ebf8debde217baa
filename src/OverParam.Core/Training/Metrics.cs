using System.Globalization;
using System.Text;
using OverParam.IO;

namespace OverParam.Training;

/// <summary>
/// The per-step record of a run, in columns allocated once for the whole run (recording allocates nothing).
/// Cells not measured at a step (the Gram columns between --gram-every steps) are NaN and written empty.
/// </summary>
public sealed class Metrics
{
    /// <summary>Column names of a two-layer run's metrics.csv, in order.</summary>
    public static readonly string[] TwoLayerColumns =
    [
        "step", "loss", "envelope", "max_dist", "r_prime", "pattern_change", "weight_dist_fro", "max_output_dist",
        "lambda_min_H", "gram_drift", "gram_dist_inf", "kernel_residual", "residual_gap",
    ];

    private readonly double[][] _cols;

    /// <summary>This record's column names, in order.</summary>
    public string[] Columns { get; }

    /// <summary>Rows recorded so far.</summary>
    public int Count { get; private set; }

    /// <summary>Room for <paramref name="capacity"/> rows of <paramref name="columns"/> (the two-layer columns by default).</summary>
    public Metrics(int capacity, string[]? columns = null)
    {
        Columns = columns ?? TwoLayerColumns;
        _cols = new double[Columns.Length][];
        for (int c = 0; c < _cols.Length; c++) _cols[c] = new double[capacity];
    }

    /// <summary>Column <paramref name="name"/>, the first <see cref="Count"/> rows.</summary>
    public ReadOnlySpan<double> this[string name] => _cols[Array.IndexOf(Columns, name)].AsSpan(0, Count);

    /// <summary>The recorded step numbers k.</summary>
    public int[] Steps()
    {
        var steps = this["step"];
        var k = new int[steps.Length];
        for (int i = 0; i < k.Length; i++) k[i] = (int)steps[i];
        return k;
    }

    /// <summary>Appends a row: values in <see cref="Columns"/> order.</summary>
    public void Add(ReadOnlySpan<double> row)
    {
        if (row.Length != Columns.Length) throw new ArgumentException($"a row has {Columns.Length} values", nameof(row));
        for (int c = 0; c < row.Length; c++) _cols[c][Count] = row[c];
        Count++;
    }

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
