using OverParam.IO;
namespace OverParam.Data;

/// <summary>
/// n inputs x_i ∈ R^d (row-major, <c>X[i*d + j]</c>) with optional targets y_i ∈ R^{d_y}: scalar labels (d_y = 1), or
/// d_y outputs a point (row-major n × d_y, <c>Y[i*d_y + k]</c>; one-hot targets of more than two classes).
/// </summary>
/// <param name="Source">Where it came from: a file path or a synthetic description, echoed into every summary.</param>
/// <param name="N">Number of points n ≥ 1.</param>
/// <param name="D">Input dimension d ≥ 1.</param>
/// <param name="X">Features, length n·d.</param>
/// <param name="Y">Targets, length n·d_y, or null when none were given.</param>
/// <param name="Outputs">d_y ≥ 1, the targets per point (the networks' outputs).</param>
public sealed record Dataset(string Source, int N, int D, double[] X, double[]? Y, int Outputs = 1)
{
    /// <summary>
    /// The random projection these inputs went through (<c>--project</c>), or null: a held-out set is projected with the
    /// same P before it is compared with them (<see cref="HeldOutSpec.Load"/>).
    /// </summary>
    public RandomProjection? Projection { get; init; }

    /// <summary>Row i of X.</summary>
    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * D, D);

    /// <summary>Checks the shapes; call when building a dataset from parts.</summary>
    public Dataset Validate()
    {
        if (N < 1 || D < 1) throw new InputException($"{Source}: expected at least one point of dimension ≥ 1, got n = {N}, d = {D}");
        if (X.Length != (long)N * D) throw new InputException($"{Source}: features hold {X.Length} values, expected n·d = {N}·{D}");
        if (Outputs < 1) throw new InputException($"{Source}: expected at least one output per point, got {Outputs}");
        if (Y != null && Y.Length != (long)N * Outputs)
            throw new InputException(Outputs == 1 ? $"{Source}: {N} inputs but {Y.Length} labels; expected one label per input"
                : $"{Source}: {N} inputs but {Y.Length} target values; expected {Outputs} per input");
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

    /// <summary>A copy with scalar labels <paramref name="y"/> (d_y = 1).</summary>
    public Dataset WithLabels(double[] y, string? source = null) =>
        (this with { Y = y, Outputs = 1, Source = source ?? Source }).Validate();

    /// <summary>Refuses targets of more than one output where only scalar labels are understood (<paramref name="what"/> names the job).</summary>
    public Dataset RequireScalarLabels(string what) => Outputs == 1 ? this
        : throw new InputException($"--classes: {Outputs} classes give one-hot targets (n × {Outputs}); {what} take(s) scalar labels: choose two classes (--classes 0,1), "
            + "or --labels none for the kernel alone; train takes one-hot targets (its output layer has one unit per class)");
}
