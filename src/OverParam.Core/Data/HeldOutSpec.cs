using OverParam.IO;

namespace OverParam.Data;

/// <summary>
/// A held-out set for test error, one of three: points drawn like the training data (<paramref name="TestN"/>, sphere data
/// with built-in labels), features and labels from files (<paramref name="TestData"/>, <paramref name="TestLabels"/>), or a
/// natural data set's other split (<paramref name="TestSplit"/>, its first <paramref name="TestN"/> images of the same
/// classes, prepared the same way, with their true labels; all when 0). Used by train and predict alike.
/// </summary>
/// <param name="Data">The training data's spec, which the held-out set follows.</param>
/// <param name="TestN">Points drawn, or the first images of the split (0: all).</param>
/// <param name="TestData">Held-out features from a .npy/.csv file.</param>
/// <param name="TestLabels">Their labels.</param>
/// <param name="TestSplit">Natural data: the split ("test") that is held out.</param>
public sealed record HeldOutSpec(DataSpec Data, int TestN = 0, string? TestData = null, string? TestLabels = null, string? TestSplit = null)
{
    /// <summary>Whether a held-out set is asked for.</summary>
    public bool Any => TestN > 0 || TestData != null || TestSplit != null;

    /// <summary>Checks that the options go together; throws <see cref="InputException"/> naming them.</summary>
    public HeldOutSpec Validate()
    {
        if (TestN < 0) throw new InputException($"--test-n must be ≥ 0, got {TestN}");
        if (TestN > 0 && TestData != null) throw new InputException("--test-n and --test-data both give a held-out set; give one of them");
        if (TestSplit != null && NaturalData.Parse(Data.Data) == null) throw new InputException($"--test-split is for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {Data.Data}");
        if (TestSplit != null && TestData != null) throw new InputException("--test-split and --test-data both give a held-out set; give one of them");
        if ((TestData == null) != (TestLabels == null)) throw new InputException("--test-data and --test-labels go together: held-out features and their labels");
        return this;
    }

    /// <summary>
    /// The held-out set, checked against the training data's d (before any projection) and prepared as it was: projected with
    /// the training data's own P (<see cref="Dataset.Projection"/>), then normalized when asked.
    /// </summary>
    /// <param name="train">The training data as loaded.</param>
    /// <param name="outputs">Whether one-hot targets (more than two classes) are taken.</param>
    public Dataset Load(Dataset train, bool outputs)
    {
        var test = TestData != null ? DataFiles.Load(TestData, TestLabels)
            : TestSplit != null
                // The same classes and preparation, the true labels, the real images: what a classifier is judged on.
                ? Data.LoadSplit(TestSplit, TestN, outputs)
                : Data.LoadHeldOut(TestN);
        int d = train.Projection?.InputD ?? train.D;
        if (test.D != d)
            throw InputException.InFile(TestData ?? (TestSplit != null ? $"{Data.Data} ({TestSplit} split)" : "held-out data"), "",
                $"{test.D} {(TestData != null ? "columns" : "values per input")}, but the training data has d = {d}");
        if (test.Y != null && test.Outputs != train.Outputs)
            throw InputException.InFile(TestLabels ?? "held-out labels", "", $"{test.Outputs} target column(s), but the training data has {train.Outputs}");
        if (train.Projection is { } p) test = p.Apply(test);
        return Data.Normalize ? test.Normalized() : test;
    }
}
