using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using OverParam.Data;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of <c>overparam data</c>: the data exactly as training and the kernels see it, what each file holds, and for
/// natural images the source files with their SHA-256, the counts per class and the preprocessing. Built by
/// <see cref="DataJob"/>, serialized by <see cref="Json.Write{T}(T)"/>.
/// </summary>
[Description("summary.json of overparam data: the inputs and targets as training sees them, and, for natural images, their sources and preprocessing.")]
public sealed record DataSummary(
    [property: Description("The data and labels, in words (source, n, d, seed, preprocessing).")] string Data,
    [property: Description("n, the rows of X.npy.")] int N,
    [property: Description("d, the columns of X.npy (D after --project).")] int D,
    [property: Description("What y.npy holds: none, one per row, ±1 of two classes, or one-hot columns.")] string Targets,
    [property: Description("Whether every input was projected onto the unit sphere (the papers assume ‖x_i‖ = 1).")] bool Normalized,
    [property: Description("D of the Gaussian random projection (--project); 0: none.")] int Project,
    [property: Description("The random projection written to projection.npy; null without --project.")] ProjectionEntry? Projection,
    [property: Description("The seed of the synthetic data and labels (--data-seed).")] long Seed,
    [property: Description("The files written.")] IReadOnlyList<string> Files,
    [property: Description("Which tool wrote the file, and when.")] Provenance Provenance,
    [property: Description("Natural data: the files read, with their SHA-256; absent for synthetic data.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SourceEntry>? Sources = null,
    [property: Description("Natural data: the classes kept, in order; absent for synthetic data.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Classes = null,
    [property: Description("Natural data: how many rows of each kept class; absent for synthetic data.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? CountsPerClass = null,
    [property: Description("Natural data: how the images became inputs and labels; absent for synthetic data.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PreprocessingEntry? Preprocessing = null)
{
    /// <summary>The same summary with natural data's sources, classes, counts and preprocessing.</summary>
    public DataSummary WithNatural(NaturalDataset natural, DataSpec spec)
    {
        var o = spec.Natural ?? new NaturalOptions();
        var counts = new Dictionary<string, int>();
        foreach (int c in natural.Kept) counts[c.ToString(CultureInfo.InvariantCulture)] = natural.Classes.Count(k => k == c);
        return this with
        {
            Sources = [.. natural.Files.Select(f => new SourceEntry(Path.GetFullPath(f.File), f.Sha256))],
            Classes = natural.Kept,
            CountsPerClass = counts,
            Preprocessing = new PreprocessingEntry(o.Split,
                o.ShuffleSeed is { } s ? $"the first n of the kept classes after a permutation seeded {s}" : "the first n of the kept classes in file order",
                "value / 255 as float64, flattened in the file's order", o.Center, o.RandomInputs, spec.Labels == "random", o.LabelNoise),
        };
    }
}

/// <summary>The random projection of <c>--project</c> (<see cref="RandomProjection"/>).</summary>
[Description("The seeded Gaussian random projection x ↦ Pᵀx of the inputs.")]
public sealed record ProjectionEntry(
    [property: Description("d, the inputs' dimension before the projection.")] int InputD,
    [property: Description("D, after it.")] int OutputD,
    [property: Description("The seed P was drawn from.")] long Seed,
    [property: Description("Where P is and how it was drawn and applied.")] string Matrix)
{
    /// <summary>The entry of <paramref name="p"/>.</summary>
    public static ProjectionEntry Of(RandomProjection p) => new(p.InputD, p.OutputD, p.Seed,
        "P in projection.npy, d × D, i.i.d. N(0, 1/D) from the data seed's stream: x ↦ Pᵀx, after the other preprocessing and before normalize");
}

/// <summary>A file read, with its SHA-256.</summary>
[Description("A file read, with its SHA-256.")]
public sealed record SourceEntry(
    [property: Description("The file's absolute path.")] string File,
    [property: Description("Its SHA-256, lowercase hex.")] string Sha256);

/// <summary>How natural images became inputs and labels.</summary>
[Description("How natural images became inputs and labels.")]
public sealed record PreprocessingEntry(
    [property: Description("train or test (--split).")] string Split,
    [property: Description("Which images were taken, in words (--shuffle-seed).")] string Selection,
    [property: Description("How pixels became numbers.")] string Pixels,
    [property: Description("Whether the training split's mean image was subtracted (--center).")] bool Center,
    [property: Description("Whether the images were replaced by N(0, 1) noise of the same shape (--inputs random; Zhang et al. 2017).")] bool RandomInputs,
    [property: Description("Whether the labels were drawn at random from the kept classes (--labels random; Zhang et al. 2017).")] bool RandomLabels,
    [property: Description("The fraction of labels replaced by a random kept class (--label-noise).")] double LabelNoise);
