using System.Security.Cryptography;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>One split of a natural data set as stored: pixels (count × d bytes), labels (count), the files read with their SHA-256.</summary>
public sealed record NaturalSplit(byte[] Pixels, int Count, int D, byte[] Labels, IReadOnlyList<(string File, string Sha256)> Files);

/// <summary>
/// The natural data sets, named on the command line as <c>mnist:DIR</c>, <c>fashion-mnist</c> (Debian's
/// dataset-fashion-mnist, <see cref="FashionMnistDir"/>), <c>fashion-mnist:DIR</c> and <c>cifar10:DIR</c>.
/// MNIST and Fashion-MNIST are IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-…, plain or .gz),
/// 28×28 images flattened row-major; CIFAR-10 is its binary version (data_batch_1..5.bin, test_batch.bin), records of one
/// label byte and 3072 pixel bytes, channel-major 3×32×32.
/// </summary>
/// <param name="Kind">"mnist", "fashion-mnist" or "cifar10".</param>
/// <param name="Dir">The folder holding the files.</param>
public sealed record NaturalData(string Kind, string Dir)
{
    /// <summary>Where Debian's dataset-fashion-mnist installs the files.</summary>
    public const string FashionMnistDir = "/usr/share/datasets/fashion-mnist";

    /// <summary>The data kinds, as the command line names them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["mnist", "fashion-mnist", "cifar10"];

    /// <summary>The natural data set named by <paramref name="data"/>, or null when it names another kind of data.</summary>
    public static NaturalData? Parse(string data)
    {
        if (data == "fashion-mnist") return new("fashion-mnist", FashionMnistDir);
        int colon = data.IndexOf(':');
        if (colon < 0 || !Kinds.Contains(data[..colon])) return null;
        string dir = data[(colon + 1)..];
        if (dir.Length == 0) throw new InputException($"--data {data}: expected {data[..colon]}:DIR, the folder holding the files");
        return new(data[..colon], dir);
    }

    /// <summary>Reads split <paramref name="split"/> ("train" or "test"), checking every file.</summary>
    public NaturalSplit Load(string split)
    {
        if (split is not ("train" or "test")) throw new InputException($"--split: expected train or test, got '{split}'");
        if (!Directory.Exists(Dir))
            throw InputException.InFile(Dir, "", Kind == "fashion-mnist" && Dir == FashionMnistDir
                ? "no such folder; install Debian's dataset-fashion-mnist, or give fashion-mnist:DIR"
                : "no such folder");
        if (Kind == "cifar10")
        {
            var batches = CifarFiles(split);
            return NaturalSplitMemo.Split(batches, () => LoadCifar(batches));
        }
        string prefix = split == "train" ? "train" : "t10k";
        string images = Find($"{prefix}-images-idx3-ubyte"), labels = Find($"{prefix}-labels-idx1-ubyte");
        return NaturalSplitMemo.Split([images, labels], () => LoadIdx(images, labels));
    }

    private static NaturalSplit LoadIdx(string images, string labels)
    {
        var (pixels, dims) = Idx.Read(images, 3);
        var (y, ydims) = Idx.Read(labels, 1);
        if (ydims[0] != dims[0]) throw InputException.InFile(labels, "byte 4", $"{ydims[0]} labels, but {images} has {dims[0]} images");
        CheckLabels(labels, y, 8);
        return new NaturalSplit(pixels, dims[0], dims[1] * dims[2], y, [(images, Sha(images)), (labels, Sha(labels))]);
    }

    private const int CifarPixels = 3 * 32 * 32, CifarRecord = 1 + CifarPixels;

    /// <summary>The CIFAR-10 batch files of <paramref name="split"/>.</summary>
    private List<string> CifarFiles(string split) =>
        (split == "train" ? Enumerable.Range(1, 5).Select(k => $"data_batch_{k}.bin").ToList() : ["test_batch.bin"]).Select(f => Path.Combine(Dir, f)).ToList();

    private static NaturalSplit LoadCifar(IReadOnlyList<string> files)
    {
        var pixels = new List<byte>();
        var labels = new List<byte>();
        var read = new List<(string, string)>();
        foreach (var path in files)
        {
            byte[] bytes = Idx.ReadAll(path);
            if (bytes.Length == 0) throw InputException.InFile(path, "byte 0", $"empty: expected records of {CifarRecord} bytes");
            if (bytes.Length % CifarRecord != 0)
                throw InputException.InFile(path, $"byte {bytes.Length - bytes.Length % CifarRecord}", $"truncated: {bytes.Length} bytes is not a whole number of {CifarRecord}-byte records");
            for (int r = 0; r < bytes.Length / CifarRecord; r++)
            {
                byte label = bytes[r * CifarRecord];
                if (label > 9) throw InputException.InFile(path, $"byte {r * CifarRecord}", $"label {label}; CIFAR-10 labels are 0 to 9");
                labels.Add(label);
                pixels.AddRange(bytes.AsSpan(r * CifarRecord + 1, CifarPixels));
            }
            read.Add((path, Sha(path)));
        }
        return new NaturalSplit([.. pixels], labels.Count, CifarPixels, [.. labels], read);
    }

    /// <summary>NAME or NAME.gz in the folder.</summary>
    private string Find(string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
            if (File.Exists(Path.Combine(Dir, candidate))) return Path.Combine(Dir, candidate);
        throw InputException.InFile(Path.Combine(Dir, name), "", "no such file (nor .gz)");
    }

    private static void CheckLabels(string path, byte[] labels, int headerBytes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] > 9) throw InputException.InFile(path, $"byte {headerBytes + i}", $"label {labels[i]}; expected 0 to 9");
    }

    private static string Sha(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(f)).ToLowerInvariant();
    }
}
