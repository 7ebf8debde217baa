using System.Globalization;

namespace OverParam.Data;

/// <summary>
/// Where a run's data comes from, as given on the command line or in a sweep spec.
/// </summary>
/// <param name="Data">"sphere" (n points uniform on S^{d−1}), "circle" (n equally spaced points on S¹), or a .npy/.csv path.</param>
/// <param name="Labels">null (none), "gaussian", "sign", "teacher", or a .npy/.csv path.</param>
/// <param name="N">Points, for synthetic data.</param>
/// <param name="D">Dimension, for "sphere".</param>
/// <param name="Seed">Seed of the synthetic data and labels.</param>
/// <param name="Normalize">Project every input onto the unit sphere (‖x_i‖ = 1, the papers' hypothesis).</param>
public sealed record DataSpec(string Data, string? Labels, int N, int D, long Seed, bool Normalize)
{
    /// <summary>Built-in data set names.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["sphere", "circle"];

    /// <summary>Built-in label names.</summary>
    public static readonly IReadOnlyList<string> BuiltInLabels = ["gaussian", "sign", "teacher"];

    /// <summary>Loads or generates the data set, checking every value.</summary>
    /// <exception cref="InputException">A file is missing or malformed, or a size is out of range.</exception>
    public Dataset Load()
    {
        var ds = Data switch
        {
            "sphere" => Synthetic.Sphere(N, D, Seed),
            "circle" => Synthetic.Circle(N),
            _ => DataFiles.Load(Data, IsBuiltInLabel ? null : Labels),
        };
        if (IsBuiltInLabel)
        {
            var kind = Enum.Parse<LabelKind>(Labels!, ignoreCase: true);
            ds = ds.WithLabels(Synthetic.Labels(ds, kind, Seed), ds.Source + $", labels {Labels}(seed={Seed.ToString(CultureInfo.InvariantCulture)})");
        }
        else if (Labels != null && BuiltIn.Contains(Data))
        {
            var y = DataFiles.ReadLabels(Labels);
            if (y.Length != ds.N)
                throw InputException.InFile(Labels, "", $"{y.Length} labels, but the {Data} data has n = {ds.N} points");
            ds = ds.WithLabels(y, ds.Source + ", labels " + Labels);
        }
        return Normalize ? ds.Normalized() : ds;
    }

    /// <summary>
    /// <paramref name="n"/> held-out points from the training data's distribution, for test error: sphere points from their
    /// own stream, labelled by the same rule (the same teacher; fresh draws for gaussian and sign labels).
    /// </summary>
    public Dataset LoadHeldOut(int n)
    {
        if (Data != "sphere" || !IsBuiltInLabel)
            throw new InputException($"--test-n draws held-out points for sphere data with gaussian, sign or teacher labels; got data '{Data}', labels '{Labels}'");
        var ds = Synthetic.Sphere(n, D, Seed, heldOut: true);
        var kind = Enum.Parse<LabelKind>(Labels!, ignoreCase: true);
        return ds.WithLabels(Synthetic.Labels(ds, kind, Seed, heldOut: true), ds.Source + $", labels {Labels}(seed={Seed.ToString(CultureInfo.InvariantCulture)})");
    }

    private bool IsBuiltInLabel => Labels != null && BuiltInLabels.Contains(Labels);
}
