using OverParam.Data;
using OverParam.IO;

namespace OverParam.Models;

/// <summary>One weight tensor of a network: its file name part, shape and values (float64, C order).</summary>
/// <param name="Name">"W1", …, "WH" or "a".</param>
/// <param name="Shape">Its shape, e.g. (m, d) for W1 of an FC net, (m, q, d0) for W1 of the convolutional ResNet.</param>
/// <param name="Values">The values, row-major over <paramref name="Shape"/>.</param>
public sealed record WeightTensor(string Name, int[] Shape, double[] Values);

/// <summary>
/// Every weight of a network, as files: PREFIX_NAME.npy for each tensor (two-layer: init_W.npy, init_a.npy, init_b.npy;
/// deep: init_W1.npy, …, init_a.npy; final_…), so that a run can be repeated from its own initial weights here
/// (<c>--init-from</c>) or in another framework. Every model saves its weights in this one format.
/// </summary>
public sealed record NetworkWeights(IReadOnlyList<WeightTensor> Tensors)
{
    /// <summary>Writes PREFIX_NAME.npy for every tensor into <paramref name="folder"/>; returns the file names.</summary>
    public IEnumerable<string> Save(string folder, string prefix)
    {
        foreach (var t in Tensors)
        {
            Npy.Write(Path.Combine(folder, $"{prefix}_{t.Name}.npy"), t.Values, t.Shape);
            yield return $"{prefix}_{t.Name}.npy";
        }
    }

    /// <summary>
    /// Reads PREFIX_NAME.npy for every tensor of <paramref name="expected"/> from <paramref name="folder"/>, checking each
    /// shape; a missing file or a wrong shape is an <see cref="InputException"/> naming the file.
    /// </summary>
    public static NetworkWeights Load(string folder, string prefix, IReadOnlyList<(string Name, int[] Shape)> expected)
    {
        var tensors = new List<WeightTensor>();
        foreach (var (name, shape) in expected)
        {
            string path = FileOf(folder, prefix, name, expected.Select(e => e.Name));
            var a = Npy.Read(path);
            if (!a.Shape.SequenceEqual(shape))
                throw InputException.InFile(path, "shape", $"({string.Join(", ", a.Shape)}), expected ({string.Join(", ", shape)})");
            for (int k = 0; k < a.Data.Length; k++)
                if (!double.IsFinite(a.Data[k])) throw InputException.InFile(path, $"entry {k}", $"{a.Data[k]} is not a finite number");
            tensors.Add(new WeightTensor(name, shape, a.Data));
        }
        return new NetworkWeights(tensors);
    }

    /// <summary>
    /// FOLDER/PREFIX_NAME.npy, which must be there: a missing folder or file is an <see cref="InputException"/> naming it
    /// and the files the model's weights are (<paramref name="names"/>).
    /// </summary>
    public static string FileOf(string folder, string prefix, string name, IEnumerable<string> names)
    {
        if (!Directory.Exists(folder)) throw InputException.InFile(folder, "", "no such folder; --init-from takes a folder written with --save-weights");
        string path = Path.Combine(folder, $"{prefix}_{name}.npy");
        return File.Exists(path) ? path
            : throw InputException.InFile(path, "", $"no such file; the model's weights are {string.Join(", ", names.Select(n => $"{prefix}_{n}.npy"))}");
    }
}
