using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

/// <summary>Exact oracles and invariants of the convolutional ResNet's infinite-width kernels (Def. 7.1, our derivation).</summary>
public class ConvResNetKernelTests
{
    /// <summary>
    /// With one position (p = 1, so d0 = d) and q = 1 every position-pair matrix is 1 × 1 and the recursion is the ResNet's;
    /// the two codes then evaluate the same expressions in the same order up to a few roundings: 1e-12 relative to the largest entry.
    /// </summary>
    private const double SameRecursion = 1e-12;

    [Theory]
    [InlineData("relu", 1)]
    [InlineData("relu", 3)]
    [InlineData("softplus", 2)]
    [InlineData("tanh", 3)]
    public void With_one_position_and_patch_one_it_equals_the_resnet_kernel(string activation, int depth)
    {
        var data = Synthetic.Sphere(7, 5, 11);
        var sigma = Activation.ByName(activation);
        var conv = DeepKernel.Compute(data, new DeepSpec(Architecture.ConvResNet, depth, sigma, 0.5, Channels: 5, Patch: 1), TestData.OpenBlas, 2);
        var res = DeepKernel.Compute(data, new DeepSpec(Architecture.ResNet, depth, sigma, 0.5), TestData.OpenBlas, 2);
        for (int h = 0; h <= depth; h++) AssertClose(res.LayerGrams[h], conv.LayerGrams[h]);
        AssertClose(res.KH, conv.KH);
        AssertClose(res.Ntk, conv.Ntk);
        AssertClose(res.Nngp, conv.Nngp);
    }

    [Theory]
    [InlineData("relu", 1, 3)]
    [InlineData("relu", 3, 5)]
    [InlineData("softplus", 2, 3)]
    public void Every_layer_gram_is_symmetric_and_positive_semidefinite(string activation, int depth, int patch)
    {
        int n = 9;
        var data = Synthetic.Sphere(n, 12, 4);
        var k = DeepKernel.Compute(data, new DeepSpec(Architecture.ConvResNet, depth, Activation.ByName(activation), 0.5, Channels: 2, Patch: patch),
            TestData.OpenBlas, 2);
        foreach (var g in k.LayerGrams.Append(k.Ntk))
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) Assert.Equal(g[i * n + j], g[j * n + i]);
            var w = new double[n];
            TestData.OpenBlas.SymmetricEigenvalues((double[])g.Clone(), n, w);
            Assert.True(w[0] > -1e-12 * w[^1], $"λ_min = {w[0]} < 0 (λ_max = {w[^1]})");
        }
        Assert.Same(k.LayerGrams[depth - 1], k.KH);
    }

    [Fact]
    public void A_shifted_input_keeps_its_diagonal_away_from_the_edges()
    {
        // Translation covariance of the patch sums: two inputs that are the same signal at different positions, both
        // away from the zero padding, have equal self-kernels at depth 1 (K^(1)_ii depends on Σ_l of per-position terms).
        int p = 9;
        var x = new double[2 * p];
        x[3] = 0.6; x[4] = 0.8;          // input 0: the signal at positions 3, 4
        x[p + 4] = 0.6; x[p + 5] = 0.8;  // input 1: the same signal one position on
        var data = new Dataset("shifted", 2, p, x, null);
        var k = DeepKernel.Compute(data, new DeepSpec(Architecture.ConvResNet, 1, Activation.ByName("relu"), 0.5, Channels: 1, Patch: 3), TestData.OpenBlas, 1);
        Assert.Equal(k.KH[0], k.KH[3], 1e-14);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        double scale = expected.Max(Math.Abs);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= SameRecursion * scale, $"entry {k}: {actual[k]} vs {expected[k]}");
    }
}
