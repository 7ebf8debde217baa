using OverParam.IO;
namespace OverParam.Data;

/// <summary>
/// n inputs x_i ∈ R^d (row-major, <c>X[i*d + j]</c>) with optional labels y ∈ R^n.
/// </summary>
/// <param name="Source">Where it came from: a file path or a synthetic description, echoed into every summary.</param>
/// <param name="N">Number of points n ≥ 1.</param>
/// <param name="D">Input dimension d ≥ 1.</param>
/// <param name="X">Features, length n·d.</param>
/// <param name="Y">Labels, length n, or null when none were given.</param>
public sealed record Dataset(string Source, int N, int D, double[] X, double[]? Y)
{
    /// <summary>Row i of X.</summary>
    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * D, D);

    /// <summary>Checks the shapes; call when building a dataset from parts.</summary>
    public Dataset Validate()
    {
        if (N < 1 || D < 1) throw new InputException($"{Source}: expected at least one point of dimension ≥ 1, got n = {N}, d = {D}");
        if (X.Length != (long)N * D) throw new InputException($"{Source}: features hold {X.Length} values, expected n·d = {N}·{D}");
        if (Y != null && Y.Length != N)
            throw new InputException($"{Source}: {N} inputs but {Y.Length} labels; expected one label per input");
        return this;
    }

    /// <summary>A copy with every x_i scaled to unit norm (the paper's ‖x_i‖ = 1; zero rows are left as they are).</summary>
    public Dataset Normalized()
    {
        var x = (double[])X.Clone();
        for (int i = 0; i < N; i++)
        {
            var row = x.AsSpan(i * D, D);
            double norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }
        return this with { X = x, Source = Source + " (normalized)" };
    }

    /// <summary>A copy with labels <paramref name="y"/>.</summary>
    public Dataset WithLabels(double[] y, string? source = null) =>
        (this with { Y = y, Source = source ?? Source }).Validate();
}
