using OverParam.IO;
namespace OverParam.Data;

/// <summary>
/// Loads features and labels from files (<c>.npy</c>, an array of an <c>.npz</c> named as <c>x.npz:NAME</c>, or
/// <c>.csv</c>), checking every value at the boundary:
/// features must be a 2-D array (n×d), labels a 1-D array (n) or an n×1 column, every value finite.
/// </summary>
public static class DataFiles
{
    /// <summary>Reads the n×d feature matrix.</summary>
    public static (double[] X, int N, int D) ReadFeatures(string path)
    {
        var (values, shape) = ReadTable(path);
        if (shape.Length != 2)
            throw InputException.InFile(path, "shape", $"features must be a 2-D array (n, d), got shape ({string.Join(", ", shape)})");
        RequireFinite(path, values, shape[1]);
        RequireFiniteNorms(path, values, shape[1]);
        return (values, shape[0], shape[1]);
    }

    /// <summary>Reads n labels from a 1-D array or an n×1 column.</summary>
    public static double[] ReadLabels(string path)
    {
        var (values, shape) = ReadTable(path);
        bool column = shape.Length == 1 || (shape.Length == 2 && shape[1] == 1);
        if (!column)
            throw InputException.InFile(path, "shape", $"labels must be a 1-D array (n,) or a column (n, 1), got shape ({string.Join(", ", shape)})");
        RequireFinite(path, values, 1);
        return values;
    }

    /// <summary>Reads a matrix that must have exactly <paramref name="rows"/> × <paramref name="cols"/> finite values;
    /// <paramref name="what"/> names it and its shape in the error (e.g. "a (width, outputs)").</summary>
    public static double[] ReadMatrix(string path, string what, int rows, int cols)
    {
        var (values, shape) = ReadTable(path);
        if (shape.Length != 2 || shape[0] != rows || shape[1] != cols)
            throw InputException.InFile(path, "shape", $"({string.Join(", ", shape)}), expected {what} = ({rows}, {cols})");
        RequireFinite(path, values, cols);
        return values;
    }

    /// <summary>Loads features and, when <paramref name="labelsPath"/> is given, labels of matching length.</summary>
    public static Dataset Load(string featuresPath, string? labelsPath)
    {
        var (x, n, d) = ReadFeatures(featuresPath);
        double[]? y = labelsPath == null ? null : ReadLabels(labelsPath);
        if (y != null && y.Length != n)
            throw InputException.InFile(labelsPath!, "", $"{y.Length} labels, but {featuresPath} has {n} rows; expected one label per row");
        if (n < 1 || d < 1) throw InputException.InFile(featuresPath, "shape", $"expected at least one row and one column, got ({n}, {d})");
        return new Dataset(featuresPath, n, d, x, y);
    }

    /// <summary>Whether <paramref name="spec"/> names a file that is there (for x.npz:X, whether x.npz is).</summary>
    public static bool Exists(string spec) => File.Exists(Npz.TrySplit(spec, out string file, out _) ? file : spec);

    private static (double[] Values, int[] Shape) ReadTable(string path)
    {
        if (Npz.TrySplit(path, out string npz, out string? name))
        {
            var z = Npz.Read(npz, name);
            return (z.Data, z.Shape);
        }
        if (Directory.Exists(path)) throw InputException.InFile(path, "", $"is a folder; expected {Expected}");
        if (!File.Exists(path)) throw InputException.InFile(path, "", "no such file");
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".npy":
                var a = Npy.Read(path);
                return (a.Data, a.Shape);
            case ".csv":
                var (v, rows, cols) = Csv.Read(path);
                return (v, [rows, cols]);
            default:
                throw InputException.InFile(path, "", $"unknown file type; expected {Expected}");
        }
    }

    private const string Expected = "a .npy or .csv file, or an array of a .npz file (x.npz:NAME)";

    /// <summary>
    /// Every ‖x_i‖² must be a finite float64: every kernel is a function of inner products, and one that overflows to
    /// Inf turns the Gram matrix into NaN. Entries up to about 1e153 in size pass.
    /// </summary>
    private static void RequireFiniteNorms(string path, double[] values, int cols)
    {
        if (cols == 0) return;
        for (int i = 0; i < values.Length / cols; i++)
        {
            double sq = 0;
            foreach (double v in values.AsSpan(i * cols, cols)) sq += v * v;
            if (!double.IsFinite(sq))
                throw InputException.InFile(path, $"row {i}", "‖x‖² overflows float64; rescale the data (entries up to about 1e153 fit)");
        }
    }

    /// <summary>Fails on the first NaN or ±Inf, naming its row and column (0-based, as NumPy indexes them).</summary>
    private static void RequireFinite(string path, double[] values, int cols)
    {
        for (int k = 0; k < values.Length; k++)
            if (!double.IsFinite(values[k]))
                throw InputException.InFile(path, $"row {k / cols}, column {k % cols}", $"{values[k]} is not a finite number");
    }
}
