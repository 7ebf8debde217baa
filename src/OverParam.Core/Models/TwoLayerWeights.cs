using System.Numerics.Tensors;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// Weights of a two-layer network in float64: W (m×d row-major, row r is w_r), a (m, or m×d_y row-major for d_y outputs),
/// b (m, or null without biases).
/// </summary>
public sealed record TwoLayerWeights(int M, int D, double[] W, double[] A, double[]? B)
{
    /// <summary>d_y, the outputs (a's columns).</summary>
    public int Outputs => A.Length / M;

    private const ulong WStream = 11, AStream = 12, BStream = 13;

    /// <summary>
    /// Du et al.'s initialization (ICLR 2019, §1/§3): w_r(0) ~ N(0, I_d), a_r ~ unif{−1, +1}, i.i.d.; with biases,
    /// b_r ~ N(0, 1) so that (w_r, b_r) ~ N(0, I_{d+1}). W, a and b come from independent streams of <paramref name="seed"/>.
    /// With d_y = <paramref name="outputs"/> outputs every a_rk ~ unif{−1, +1} i.i.d., drawn row by row (d_y = 1 draws the
    /// same a as before), so each output's infinite-width kernel is H∞ and the cross terms E[a_rk a_rl] vanish.
    /// </summary>
    public static TwoLayerWeights Random(TwoLayerSpec spec, int d, long seed, int outputs = 1)
    {
        int m = spec.Width;
        var w = new double[(long)m * d];
        Rng.Stream(seed, WStream).FillGaussian(w);
        var a = new double[(long)m * outputs];
        var rngA = Rng.Stream(seed, AStream);
        for (int r = 0; r < a.Length; r++) a[r] = rngA.NextSign();
        double[]? b = null;
        if (spec.Bias)
        {
            b = new double[m];
            Rng.Stream(seed, BStream).FillGaussian(b);
        }
        if (spec.InitScale != 1)
        {
            TensorPrimitives.Multiply(w, spec.InitScale, w);
            if (b != null) TensorPrimitives.Multiply(b, spec.InitScale, b);
        }
        return new TwoLayerWeights(m, d, w, a, b);
    }

    /// <summary>
    /// Replaces the parts given as .npy/.csv files (W: m×d, a: m or m×d_y, b: m), checking their shapes against the network.
    /// </summary>
    public TwoLayerWeights WithFiles(string? wPath, string? aPath, string? bPath)
    {
        var result = this;
        if (wPath != null)
        {
            var (w, rows, cols) = DataFiles.ReadFeatures(wPath);
            if (rows != M || cols != D)
                throw InputException.InFile(wPath, "shape", $"({rows}, {cols}), expected (width, d) = ({M}, {D})");
            result = result with { W = w };
        }
        if (aPath != null) result = result with { A = Outputs == 1 ? Vector(aPath, "a") : Matrix(aPath) };
        if (bPath != null)
        {
            if (B == null) throw InputException.InFile(bPath, "", "biases given, but the model has none (add --bias)");
            result = result with { B = Vector(bPath, "b") };
        }
        return result;
    }

    private double[] Vector(string path, string name)
    {
        var v = DataFiles.ReadLabels(path);
        if (v.Length != M) throw InputException.InFile(path, "shape", $"{name} has {v.Length} entries, expected width m = {M}");
        return v;
    }

    private double[] Matrix(string path) => DataFiles.ReadMatrix(path, "a's (width, outputs)", M, Outputs);

    /// <summary>The weights in the one format every model saves and loads: W (m, d), a (m, or (m, d_y)) and b (m) with biases.</summary>
    public NetworkWeights Tensors() => new([
        new WeightTensor("W", [M, D], W),
        new WeightTensor("a", Outputs == 1 ? [M] : [M, Outputs], A),
        .. B == null ? Array.Empty<WeightTensor>() : [new WeightTensor("b", [M], B)],
    ]);

    /// <summary>Writes W, a (and b) as PREFIX_W.npy, PREFIX_a.npy, PREFIX_b.npy in <paramref name="folder"/> (<see cref="NetworkWeights.Save"/>).</summary>
    public IEnumerable<string> Save(string folder, string prefix) => Tensors().Save(folder, prefix);
}
