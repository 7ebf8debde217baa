using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;

namespace OverParam.Tests.Models;

/// <summary>
/// Statistical agreement: the finite convolutional ResNet's per-layer Gram matrices at initialization, averaged over
/// seeds, approach the Def. 7.1 recursion (<see cref="ConvResNetKernel"/>) entry by entry, and a deliberately wrong
/// recursion (the residual mean terms b^(h) dropped) is told apart by the same test.
/// </summary>
[Trait("Category", "Statistical")]
public class ConvResNetKernelMonteCarloTests
{
    private const int N = 4, Channels = 2, Positions = 5, Width = 1024, Seeds = 16;

    /// <summary>
    /// Each entry's seed mean is compared with the limit within Z standard errors (estimated from the seeds) plus the
    /// O(1/m) bias of a width-m network, allowed as <see cref="BiasPerWidth"/>/m of the layer's largest entry. Z = 5 keeps a
    /// false alarm among the 4 × 10 compared entries unlikely (t with 15 degrees of freedom: P(|t| > 5) ≈ 2e-4 each).
    /// </summary>
    private const double Z = 5, BiasPerWidth = 5;

    [Theory]
    [InlineData("relu")]
    [InlineData("softplus")]
    public void Empirical_layer_grams_agree_with_the_recursion_entry_by_entry(string activation)
    {
        var (data, spec) = Setup(activation);
        var (mean, se) = Sample(Draws(activation, Width), Seeds);
        var limit = ConvResNetKernel.Compute(data, spec, 2);
        var bad = Violations(mean, se, limit);
        Assert.True(bad.Count == 0, string.Join("; ", bad));
    }

    [Fact]
    public void Dropping_the_residual_mean_terms_is_detected()
    {
        var (data, spec) = Setup("relu");
        var (mean, se) = Sample(Draws("relu", Width), Seeds); // the networks of the relu agreement above, drawn once
        var wrong = ConvResNetKernel.Compute(data, spec, 2, residualMeans: false);
        Assert.NotEmpty(Violations(mean, se, wrong));
    }

    [Fact]
    public void The_empirical_kernel_approaches_the_limit_as_width_grows()
    {
        var (data, spec) = Setup("softplus");
        var limit = ConvResNetKernel.Compute(data, spec, 2);
        double Error(int width)
        {
            // The first 4 seeds: at m = 1024 the networks of the softplus agreement above, drawn once.
            var (mean, _) = Sample(Draws("softplus", width), 4);
            var kh = mean[spec.Depth - 1];
            return Math.Sqrt(kh.Zip(limit.KH, (a, b) => (a - b) * (a - b)).Sum() / limit.KH.Sum(v => v * v));
        }
        double narrow = Error(16), wide = Error(1024);
        Assert.True(wide < narrow / 2, $"relative Frobenius error {wide} at m = 1024 vs {narrow} at m = 16");
        Assert.True(wide < 0.05, $"relative Frobenius error {wide} at m = 1024");
    }

    private static (Dataset, DeepSpec) Setup(string activation)
    {
        var data = Synthetic.Sphere(N, Channels * Positions, 21).WithLabels(new double[N]);
        return (data, new DeepSpec(Architecture.ConvResNet, 3, Activation.ByName(activation), 0.5, Channels, Patch: 3));
    }

    /// <summary>
    /// Per seed s = 0..<see cref="Seeds"/>−1, G^(h)(0) for h = 1..H+1 of the width-m network drawn with seed 500 + s. The
    /// tests above read the same networks (a wide one takes seconds to draw and differentiate), so each is drawn once per
    /// process.
    /// </summary>
    private static double[][][] Draws(string activation, int width) =>
        DrawCache.GetOrAdd((activation, width), key => new Lazy<double[][][]>(() =>
        {
            var (data, spec) = Setup(key.Activation);
            int layers = spec.Depth + 1, nn = N * N;
            var draws = new double[Seeds][][];
            double[]? work = null;
            for (int s = 0; s < Seeds; s++)
            {
                using var net = new ConvResNet<double>(data, spec, key.Width, 500 + s, TestData.OpenBlas);
                work ??= new double[net.GramWorkLength];
                net.Forward();
                draws[s] = Enumerable.Range(0, layers).Select(_ => new double[nn]).ToArray();
                net.LayerGrams(draws[s], work);
            }
            return draws;
        })).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Activation, int Width), Lazy<double[][][]>> DrawCache = new();

    /// <summary>Per layer: the mean of G^(h)(0) over the first <paramref name="seeds"/> draws and its standard error, entry by entry.</summary>
    private static (double[][] Mean, double[][] Se) Sample(double[][][] draws, int seeds)
    {
        int layers = draws[0].Length, nn = N * N;
        var sum = Enumerable.Range(0, layers).Select(_ => new double[nn]).ToArray();
        var sq = Enumerable.Range(0, layers).Select(_ => new double[nn]).ToArray();
        for (int s = 0; s < seeds; s++)
        {
            var dest = draws[s];
            for (int h = 0; h < layers; h++)
                for (int k = 0; k < nn; k++) (sum[h][k], sq[h][k]) = (sum[h][k] + dest[h][k], sq[h][k] + dest[h][k] * dest[h][k]);
        }
        var mean = sum.Select(v => v.Select(x => x / seeds).ToArray()).ToArray();
        var se = sq.Select((v, h) => v.Select((x, k) => Math.Sqrt(Math.Max(x / seeds - mean[h][k] * mean[h][k], 0) * seeds / (seeds - 1) / seeds)).ToArray()).ToArray();
        return (mean, se);
    }

    private static List<string> Violations(double[][] mean, double[][] se, DeepKernels limit)
    {
        var bad = new List<string>();
        for (int h = 0; h < mean.Length; h++)
        {
            double scale = limit.LayerGrams[h].Max(Math.Abs);
            for (int i = 0; i < N; i++)
                for (int j = 0; j <= i; j++)
                {
                    int k = i * N + j;
                    double gap = Math.Abs(mean[h][k] - limit.LayerGrams[h][k]);
                    if (gap > Z * se[h][k] + BiasPerWidth / Width * scale)
                        bad.Add($"G^({h + 1})[{i},{j}]: mean {mean[h][k]:G5} ± {se[h][k]:G3} vs limit {limit.LayerGrams[h][k]:G5}");
                }
        }
        return bad;
    }
}
