using System.Globalization;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Data;

/// <summary>How a natural data set is cut and prepared (the defaults take the training split as it is).</summary>
/// <param name="Split">"train" or "test".</param>
/// <param name="Classes">The classes kept, in the order given (null: all ten); the first of two is +1, the second −1.</param>
/// <param name="Center">Subtract the training split's mean image (over the kept classes) before normalizing.</param>
/// <param name="ShuffleSeed">Shuffle the kept images with this seed before taking the first n (null: file order).</param>
/// <param name="LabelNoise">The fraction p of labels replaced by a class drawn uniformly from the kept ones (it may be the same).</param>
/// <param name="RandomInputs">Replace the images by N(0, 1) noise of the same shape (Zhang et al.'s random inputs).</param>
public sealed record NaturalOptions(string Split = "train", IReadOnlyList<int>? Classes = null, bool Center = false, long? ShuffleSeed = null,
    double LabelNoise = 0, bool RandomInputs = false)
{
    /// <summary>The word for every class, in the command line as in sweep specs.</summary>
    public const string AllClasses = "all";

    /// <summary>Parses "0,1" into classes, each 0 to 9, none twice, or "all" into 0 to 9; throws <see cref="InputException"/> naming --classes.</summary>
    public static IReadOnlyList<int> ParseClasses(string text)
    {
        if (text == AllClasses) return [.. Enumerable.Range(0, 10)];
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var classes = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) || c is < 0 or > 9)
                throw new InputException($"--classes: expected classes 0 to 9 separated by commas, or all, got '{text}'");
            if (classes.Contains(c)) throw new InputException($"--classes: class {c} given twice");
            classes.Add(c);
        }
        return classes;
    }
}

/// <summary>A natural data set as prepared: inputs, targets (n × K: ±1 for two classes, K = 1; one-hot otherwise), classes, sources.</summary>
/// <param name="X">n × d, pixels / 255 (then centered, normalized or replaced by noise as asked).</param>
/// <param name="N">n.</param>
/// <param name="D">d.</param>
/// <param name="Targets">n × K row-major.</param>
/// <param name="TargetWidth">K: 1 for two classes (±1), the number of classes otherwise (one-hot).</param>
/// <param name="Classes">The original class of each row (after label randomization or noise: the class trained on).</param>
/// <param name="Kept">The classes kept, in order.</param>
/// <param name="Files">The files read, with their SHA-256.</param>
/// <param name="Source">A one-line description for summaries.</param>
public sealed record NaturalDataset(double[] X, int N, int D, double[] Targets, int TargetWidth, long[] Classes, IReadOnlyList<int> Kept,
    IReadOnlyList<(string File, string Sha256)> Files, string Source)
{
    /// <summary>
    /// Prepares <paramref name="n"/> images (0: all) of <paramref name="data"/>: the kept classes in file order (or shuffled),
    /// the first n of them; pixels / 255; the training mean subtracted (--center); N(0, 1) noise instead (--inputs random);
    /// labels as stored, or drawn at random from the kept classes (<paramref name="randomLabels"/>), then a fraction replaced
    /// (--label-noise). <paramref name="seed"/> seeds every draw.
    /// </summary>
    /// <exception cref="InputException">A file is damaged, a class has no images, n exceeds them (naming <paramref name="countOption"/>),
    /// or the training split's images (for --center) are of another shape than this split's.</exception>
    public static NaturalDataset Load(NaturalData data, NaturalOptions o, int n, bool randomLabels, long seed, string countOption = "--n")
    {
        if (!(o.LabelNoise is >= 0 and <= 1)) throw new InputException($"--label-noise: expected a fraction in [0, 1], got {o.LabelNoise}");
        if (n < 0) throw new InputException($"--n must be ≥ 1, got {n}");
        var split = data.Load(o.Split);
        var kept = o.Classes ?? Enumerable.Range(0, 10).ToList();
        var rows = Enumerable.Range(0, split.Count).Where(i => kept.Contains(split.Labels[i])).ToList();
        foreach (int c in kept)
            if (!rows.Any(i => split.Labels[i] == c)) throw InputException.InFile(data.Dir, o.Split, $"class {c} has no images in the {o.Split} split");
        if (o.ShuffleSeed is { } s) Shuffle(rows, Rng.Stream(s, 44));
        if (n > rows.Count) throw new InputException($"{countOption} {n}: the {o.Split} split has {rows.Count} images of classes {string.Join(",", kept)}");
        if (n > 0) rows = rows[..n];
        int count = rows.Count, d = split.D;
        var x = new double[(long)count * d];
        for (int r = 0; r < count; r++)
            for (int j = 0; j < d; j++) x[(long)r * d + j] = split.Pixels[(long)rows[r] * d + j] / 255.0;
        if (o.Center)
        {
            var train = o.Split == "train" ? split : data.Load("train");
            if (train.D != split.D) // the mean image is subtracted entry by entry: the two splits must have one shape
                throw InputException.InFile(split.Files[0].File, "byte 8",
                    $"images of {split.D} values, but the train split's ({train.Files[0].File}) have {train.D}: --center needs one shape in both splits");
            var mean = NaturalSplitMemo.Mean(train, kept, () => TrainingMean(train, kept));
            for (int r = 0; r < count; r++)
                for (int j = 0; j < d; j++) x[(long)r * d + j] -= mean[j];
        }
        if (o.RandomInputs) Rng.Stream(seed, 41).FillGaussian(x);
        var classes = rows.Select(i => (long)split.Labels[i]).ToArray();
        var rng = Rng.Stream(seed, 42);
        if (randomLabels)
            for (int r = 0; r < count; r++) classes[r] = kept[(int)(rng.NextUInt64() % (ulong)kept.Count)];
        if (o.LabelNoise > 0)
        {
            var order = Enumerable.Range(0, count).ToList();
            Shuffle(order, Rng.Stream(seed, 43));
            foreach (int r in order.Take((int)Math.Round(o.LabelNoise * count)))
                classes[r] = kept[(int)(rng.NextUInt64() % (ulong)kept.Count)];
        }
        int[] keptArray = [.. kept];
        int width = kept.Count == 2 ? 1 : kept.Count;
        var targets = new double[count * width];
        for (int r = 0; r < count; r++)
        {
            int k = Array.IndexOf(keptArray, (int)classes[r]);
            if (width == 1) targets[r] = k == 0 ? 1 : -1;
            else targets[r * width + k] = 1;
        }
        string what = $"{data.Kind}({o.Split}, classes {string.Join(",", kept)}, n={count}"
            + (o.ShuffleSeed is { } ss ? $", shuffled {ss}" : "") + (o.Center ? ", centered" : "") + (o.RandomInputs ? ", random inputs" : "")
            + (randomLabels ? ", random labels" : "") + (o.LabelNoise > 0 ? $", label noise {o.LabelNoise.ToString(CultureInfo.InvariantCulture)}" : "")
            + $", seed={seed.ToString(CultureInfo.InvariantCulture)})";
        return new NaturalDataset(x, count, d, targets, width, classes, kept, split.Files, what);
    }

    /// <summary>The mean image of the kept classes' training images, pixels / 255.</summary>
    private static double[] TrainingMean(NaturalSplit train, IReadOnlyList<int> kept)
    {
        var mean = new double[train.D];
        long count = 0;
        for (int i = 0; i < train.Count; i++)
        {
            if (!kept.Contains(train.Labels[i])) continue;
            count++;
            for (int j = 0; j < train.D; j++) mean[j] += train.Pixels[(long)i * train.D + j] / 255.0;
        }
        for (int j = 0; j < mean.Length; j++) mean[j] /= count;
        return mean;
    }

    /// <summary>Fisher–Yates with <paramref name="rng"/>.</summary>
    private static void Shuffle<TItem>(List<TItem> items, Rng rng)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The inputs as a <see cref="Dataset"/>: ±1 labels for two classes, one-hot targets (d_y = K) for more.</summary>
    public Dataset ToDataset() => new Dataset(Source, N, D, X, Targets, TargetWidth).Validate();
}
