using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;

namespace OverParam.Tests.Models;

/// <summary>Statistical agreement: the finite network's per-layer Gram matrices at initialization approach the kernels.</summary>
[Trait("Category", "Statistical")]
public class DeepGramMonteCarloTests
{
    /// <summary>
    /// Per-layer Grams of width-m networks fluctuate by O(1/√m) around their limits (Du et al. ICML 2019, Lemma on the
    /// initialization); averaged over 4 seeds at m = 2048 the relative spectral-norm error ≈ c/√(4·2048) ≈ 0.011·c.
    /// 0.08 allows c ≈ 7 (depth multiplies the constant) while any wrong factor in a recursion (≥ 25% off) fails.
    /// </summary>
    private const double RelativeTolerance = 0.08;

    [Theory]
    [InlineData("fc", "softplus")]
    [InlineData("resnet", "softplus")]
    [InlineData("fc", "relu")]
    [InlineData("resnet", "tanh")]
    [InlineData("fc", "erf")]
    public void Empirical_layer_grams_approach_the_kernels_as_width_grows(string model, string activation)
    {
        var arch = OverParam.Experiments.DeepArchitectures.ByName(model).Architecture;
        var data = Synthetic.Sphere(6, 4, 3);
        data = data.WithLabels(new double[6]);
        var spec = new DeepSpec(arch, 3, Activation.ByName(activation), 0.5);
        var limit = DeepKernel.Compute(data, spec, TestData.OpenBlas, 2);
        double Err(int width, int seeds)
        {
            var mean = Enumerable.Range(0, 4).Select(_ => new double[36]).ToArray();
            var dest = Enumerable.Range(0, 4).Select(_ => new double[36]).ToArray();
            for (int s = 0; s < seeds; s++)
            {
                var net = new DeepNet<double>(data, spec, width, s, TestData.OpenBlas);
                net.Forward();
                net.LayerGrams(dest, new double[72]);
                for (int h = 0; h < 4; h++)
                    for (int k = 0; k < 36; k++) mean[h][k] += dest[h][k] / seeds;
            }
            double worst = 0;
            for (int h = 0; h < 4; h++)
            {
                var diff = mean[h].Zip(limit.LayerGrams[h], (a, b) => a - b).ToArray();
                worst = Math.Max(worst, TestData.SpectralNorm(diff, 6) / TestData.SpectralNorm(limit.LayerGrams[h], 6));
            }
            return worst;
        }
        double narrow = Err(64, 4), wide = Err(2048, 4);
        Assert.True(wide < RelativeTolerance, $"m = 2048: relative error {wide}");
        Assert.True(wide < narrow, $"error {narrow} at m = 64 should exceed {wide} at m = 2048");
    }
}
