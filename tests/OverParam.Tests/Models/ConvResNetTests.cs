using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Models;

namespace OverParam.Tests.Models;

public class ConvResNetTests
{
    /// <summary>As for the other nets: central differences, h = 1e-6, float64.</summary>
    private const double FiniteDifferenceTolerance = 2e-7;

    private static Dataset Data()
    {
        var data = Synthetic.Sphere(3, 8, 4); // d0 = 2 channels × p = 4 positions
        return data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 4));
    }

    [Theory]
    [InlineData("softplus")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    public void Gradient_equals_finite_differences(string activation)
    {
        var spec = new DeepSpec(Architecture.ConvResNet, 2, Activation.ByName(activation), 0.5, Channels: 2, Patch: 3);
        var data = Data();
        var net = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
        net.Forward();
        net.Backward();
        var (gW, gA) = net.Gradient();
        foreach (var (layer, k, analytic, fd) in LayerFiniteDifferences.Compare(gW, gA, () =>
        {
            var probe = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
            return (probe.Forward, probe.Nudge);
        }))
            Assert.True(Math.Abs(fd - analytic) <= FiniteDifferenceTolerance, $"{activation} layer {layer} entry {k}: {analytic} vs {fd}");
    }

    [Fact]
    public void Layer_grams_sum_the_per_sample_gradients_inner_products()
    {
        // G^(h)_ij = ⟨∂u_i/∂W^(h), ∂u_j/∂W^(h)⟩: check the diagonal against finite differences of u_i.
        var spec = new DeepSpec(Architecture.ConvResNet, 2, Activation.ByName("softplus"), 0.5, Channels: 2, Patch: 3);
        var data = Data().WithLabels(new double[3]); // y = 0: the loss is ½Σu_i², so per-input work below uses u directly
        var net = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
        net.Forward();
        var grams = Enumerable.Range(0, 3).Select(_ => new double[9]).ToArray();
        net.LayerGrams(grams, new double[net.GramWorkLength]);
        var u0 = new double[3];
        net.Residual(u0);
        const double h = 1e-6;
        int wCount = 4 * 3 * 2; // W^(1): m × q·d0
        var sq = new double[3];
        for (int k = 0; k < wCount; k++)
        {
            var p = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
            p.Nudge(1, k, h);
            p.Forward();
            var up = new double[3];
            p.Residual(up);
            p.Nudge(1, k, -2 * h);
            p.Forward();
            var um = new double[3];
            p.Residual(um);
            for (int i = 0; i < 3; i++) sq[i] += Math.Pow((up[i] - um[i]) / (2 * h), 2);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(sq[i], grams[0][i * 3 + i], 1e-6 * Math.Max(1, sq[i]));
    }

    [Fact]
    public void Bad_shapes_are_named()
    {
        var spec = new DeepSpec(Architecture.ConvResNet, 2, Activation.ByName("softplus"), 0.5, Channels: 3, Patch: 3);
        var e = Assert.Throws<InputException>(() => new ConvResNet<double>(Data(), spec, 4, 0, TestData.OpenBlas));
        Assert.Contains("--channels 3 does not divide d = 8", e.Message);
    }
}
