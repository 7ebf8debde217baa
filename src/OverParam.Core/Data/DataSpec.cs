using System.Globalization;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>
/// Where a run's data comes from, as given on the command line or in a sweep spec.
/// </summary>
/// <param name="Data">"sphere" (n points uniform on S^{d−1}), "circle" (n equally spaced points on S¹), "line" (n equally spaced
/// scalars in (−1, 1)), or a .npy/.csv path.</param>
/// <param name="Labels">null (none), "gaussian", "sign", "teacher", or a .npy/.csv path.</param>
/// <param name="N">Points, for synthetic data; for natural data the first N images of the kept classes (0: all).</param>
/// <param name="D">Dimension, for "sphere".</param>
/// <param name="Seed">Seed of the synthetic data and labels.</param>
/// <param name="Normalize">Project every input onto the unit sphere (‖x_i‖ = 1, the papers' hypothesis).</param>
/// <param name="Natural">How a natural data set (mnist:DIR, fashion-mnist, cifar10:DIR) is cut and prepared; null: its defaults.</param>
/// <param name="Project">D of a seeded Gaussian random projection of the inputs to R^D (<see cref="RandomProjection"/>), applied
/// after every other preparation and before <paramref name="Normalize"/>; 0: none.</param>
public sealed record DataSpec(string Data, string? Labels, int N, int D, long Seed, bool Normalize, NaturalOptions? Natural = null, int Project = 0)
{
    /// <summary>Built-in data set names.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["sphere", "circle", "line"];

    /// <summary>"none": no labels at all (a natural data set's own are dropped), for the kernel's spectrum of any number of classes.</summary>
    public const string NoLabels = "none";

    /// <summary>Built-in label names.</summary>
    public static readonly IReadOnlyList<string> BuiltInLabels = ["gaussian", "sign", "teacher"];

    /// <summary>Loads or generates the data set, checking every value. Targets of more than one output (one-hot, from more
    /// than two classes) are refused unless <paramref name="outputs"/> is true: training takes them (every model has one
    /// output unit per class), the kernel jobs (gram, check) take scalar labels.</summary>
    /// <exception cref="InputException">A file is missing or malformed, or a size is out of range.</exception>
    public Dataset Load(bool outputs = false)
    {
        var ds = LoadAny();
        return outputs ? ds : ds.RequireScalarLabels("gram and check each");
    }

    private Dataset LoadAny()
    {
        if (NaturalData.Parse(Data) is { } natural) return FromNatural(LoadNatural(natural));
        if (Labels == "random") throw new InputException("--labels random draws labels from the classes of a natural data set (mnist:DIR, fashion-mnist, cifar10:DIR)");
        RequireSize();
        var ds = Data switch
        {
            "sphere" => Synthetic.Sphere(N, D, Seed),
            "circle" => Synthetic.Circle(N),
            "line" => Synthetic.Line(N),
            _ => DataFiles.Load(Data, IsBuiltInLabel || Labels == NoLabels || Labels == null ? null : LabelsFile(Labels)),
        };
        if (IsBuiltInLabel)
        {
            var kind = Enum.Parse<LabelKind>(Labels!, ignoreCase: true);
            ds = ds.WithLabels(Synthetic.Labels(ds, kind, Seed), ds.Source + $", labels {Labels}(seed={Seed.ToString(CultureInfo.InvariantCulture)})");
        }
        else if (Labels is not (null or NoLabels) && BuiltIn.Contains(Data))
        {
            var y = DataFiles.ReadLabels(LabelsFile(Labels));
            if (y.Length != ds.N)
                throw InputException.InFile(Labels, "", $"{y.Length} labels, but the {Data} data has n = {ds.N} points");
            ds = ds.WithLabels(y, ds.Source + ", labels " + Labels);
        }
        return Prepared(ds);
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

    /// <summary>
    /// Synthetic data of n × d values must fit one array and this process's memory; checked before anything is drawn, so
    /// that a mistyped size is a one-line error naming --n and --d, not an overflow.
    /// </summary>
    private void RequireSize()
    {
        if (!BuiltIn.Contains(Data)) return;
        if (N < 1) throw new InputException($"--n must be at least 1, got {N}");
        if (Data == "sphere" && D < 1) throw new InputException($"--d must be at least 1, got {D}");
        long values = (long)N * (Data switch { "circle" => 2, "line" => 1, _ => D });
        string what = Data switch { "circle" => $"--n {N} points × 2", "line" => $"--n {N} points", _ => $"--n {N} × --d {D}" };
        if (values > Array.MaxLength)
            throw new InputException($"{what} = {values} values: more than one array can hold ({Array.MaxLength})");
        if (8.0 * values > Numerics.MemoryBudget.AvailableBytes)
            throw new InputException($"{what} = {values} float64 values need {Numerics.MemoryBudget.Format(8.0 * values)}, more than the {Numerics.MemoryBudget.Format(Numerics.MemoryBudget.AvailableBytes)} this process may use");
    }

    /// <summary>
    /// A natural data set (<see cref="NaturalData"/>) as prepared by <see cref="NaturalDataset.Load"/>: n images (0: all)
    /// of the kept classes, with their true labels (or random ones, with --labels random). <paramref name="countOption"/>
    /// names the option that gave n in errors (--test-n for a held-out split).
    /// </summary>
    public NaturalDataset LoadNatural(NaturalData natural, string countOption = "--n") =>
        NaturalDataset.Load(natural, Natural ?? new NaturalOptions(), N, Labels == "random", Seed, countOption);

    /// <summary>
    /// The prepared images as training and the kernels see them: with the data set's own targets (±1 for two classes,
    /// one-hot for more), or with the labels --labels names instead (synthetic, a file, or none), normalized when asked.
    /// One class with its own labels is refused: there is nothing to tell apart.
    /// </summary>
    public Dataset FromNatural(NaturalDataset images)
    {
        if (Labels == NoLabels) return Relabel(new Dataset(images.Source, images.N, images.D, images.X, null));
        // Labels named by --labels replace the data set's own, whatever the number of classes kept.
        bool own = Labels is null or "random";
        if (own && images.Kept.Count < 2)
            throw new InputException($"--classes {images.Kept[0]}: one class has one label; keep two or more (e.g. {images.Kept[0]},{(images.Kept[0] + 1) % 10}), or give --labels none for its kernel alone");
        return Relabel(own ? images.ToDataset() : new Dataset(images.Source, images.N, images.D, images.X, null));
    }

    /// <summary>
    /// The held-out images of split <paramref name="split"/>: the same classes and preparation, the true labels, the real
    /// images (no label noise, no random inputs), the first <paramref name="n"/> (0: all, an error naming --test-n beyond
    /// them), not yet projected or normalized.
    /// </summary>
    public Dataset LoadSplit(string split, int n, bool outputs)
    {
        var natural = NaturalData.Parse(Data) ?? throw new InputException($"--test-split is for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {Data}");
        var spec = this with { Labels = null, N = n, Normalize = false, Project = 0, Natural = (Natural ?? new NaturalOptions()) with { Split = split, LabelNoise = 0, RandomInputs = false } };
        var ds = spec.FromNatural(spec.LoadNatural(natural, "--test-n"));
        return outputs ? ds : ds.RequireScalarLabels("gram and check each");
    }

    /// <summary>A natural data set's labels replaced where --labels names synthetic ones or a file; projected and normalized when asked.</summary>
    private Dataset Relabel(Dataset ds)
    {
        if (IsBuiltInLabel)
            ds = ds.WithLabels(Synthetic.Labels(ds, Enum.Parse<LabelKind>(Labels!, ignoreCase: true), Seed), ds.Source + $", labels {Labels}");
        else if (Labels is { } file && file is not ("random" or NoLabels))
        {
            var y = DataFiles.ReadLabels(LabelsFile(file));
            if (y.Length != ds.N) throw InputException.InFile(file, "", $"{y.Length} labels, but the data has n = {ds.N} images");
            ds = ds.WithLabels(y, ds.Source + ", labels " + file);
        }
        return Prepared(ds);
    }

    /// <summary>The last two steps, in this order: the random projection (--project), then --normalize.</summary>
    private Dataset Prepared(Dataset ds)
    {
        if (Project < 0) throw new InputException($"--project {Project}: expected a dimension from 1 to the inputs' d = {ds.D} (0: no projection)");
        var projected = Project > 0 ? RandomProjection.Draw(ds.D, Project, Seed).Apply(ds) : ds;
        return Normalize ? projected.Normalized() : projected;
    }

    /// <summary>--labels naming a file: one that is there, or a line saying what --labels takes.</summary>
    private static string LabelsFile(string file) => DataFiles.Exists(file) || Directory.Exists(file) ? file
        : throw new InputException($"--labels {file}: expected {string.Join(", ", BuiltInLabels)}, random, {NoLabels}, or a file y.npy / y.csv / y.npz:NAME; no such file");

    /// <summary>Whether the labels are classes: a natural data set's own (±1 for two classes, one-hot for more), which give accuracy.</summary>
    public bool Classifies => NaturalData.Parse(Data) != null && Labels is null or "random";

    private bool IsBuiltInLabel => Labels != null && BuiltInLabels.Contains(Labels);
}
