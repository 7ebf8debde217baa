using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Tests.Models;

/// <summary>
/// Deep nets with d_y outputs (one-hot targets): exact oracles (finite differences, the fused step, the kernel prediction
/// column by column, argmax accuracy) and the block-diagonal infinite-width NTK by Monte Carlo.
/// </summary>
public class MultiOutputTests
{
    /// <summary>Central differences with h = 1e-6 on a loss of O(1): truncation O(h²) and rounding O(ε/h) ≈ 1e-10.</summary>
    private const double FiniteDifferenceTolerance = 1e-6;

    private static Dataset Data(int n = 7, int outputs = 3)
    {
        var x = Synthetic.Sphere(n, 4, 5);
        var y = TestData.Gaussian(n * outputs, 9);
        return new Dataset("multi", n, 4, x.X, y, outputs).Validate();
    }

    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void Gradient_of_every_weight_equals_finite_differences(string model)
    {
        var arch = OverParam.Experiments.DeepArchitectures.ByName(model).Architecture;
        var spec = new DeepSpec(arch, 2, Activation.ByName("erf"), 0.5);
        var data = Data();
        var net = new DeepNet<double>(data, spec, 5, 3, TestData.OpenBlas);
        double loss = net.Forward();
        var r = new double[data.N * 3];
        net.Residual(r);
        Assert.Equal(r.Sum(v => v * v) / 2, loss, 1e-12); // L = ½Σ_i ‖f(x_i) − y_i‖²
        net.Backward();
        var (gW, gA) = net.Gradient();
        Assert.Equal(5 * 3, gA.Length);
        foreach (var (layer, k, analytic, fd) in LayerFiniteDifferences.Compare(gW, gA, () =>
        {
            var probe = new DeepNet<double>(data, spec, 5, 3, TestData.OpenBlas);
            return (probe.Forward, probe.Nudge);
        }))
            Assert.True(Math.Abs(fd - analytic) <= FiniteDifferenceTolerance, $"{arch} layer {layer} entry {k}: {analytic} vs {fd}");
    }

    [Fact]
    public void The_fused_step_equals_backward_then_update_and_one_output_is_the_scalar_net()
    {
        var spec = new DeepSpec(Architecture.Fc, 3, Activation.ByName("softplus"), 0.5);
        var data = Data(12, 4);
        var (fused, plain) = (new DeepNet<double>(data, spec, 16, 1, TestData.OpenBlas), new DeepNet<double>(data, spec, 16, 1, TestData.OpenBlas));
        for (int k = 0; k < 5; k++)
        {
            fused.Forward();
            ((IGradientNetwork<double>)fused).Step(0.05);
            plain.Forward();
            plain.Backward();
            plain.Update(0.05);
        }
        Assert.Equal(plain.Forward(), fused.Forward(), 1e-10);

        // d_y = 1 through the multi-output constructor is the scalar net, bit for bit.
        var scalar = Synthetic.Sphere(12, 4, 5).WithLabels(TestData.Gaussian(12, 2));
        var a = new DeepNet<double>(scalar, spec, 16, 1, TestData.OpenBlas);
        var b = new DeepNet<double>(scalar with { Outputs = 1 }, spec, 16, 1, TestData.OpenBlas);
        Assert.Equal(a.Forward(), b.Forward());
        Assert.Equal(["W1", "W2", "W3", "a"], fused.WeightShapes.Select(w => w.Name).ToArray());
        Assert.Equal([16, 4], fused.WeightShapes[^1].Shape);
    }

    [Fact]
    public void The_kernel_prediction_moves_every_output_column_by_the_scalar_recursion()
    {
        int n = 5, dy = 3;
        var h = DeepKernel.Compute(Synthetic.Sphere(n, 4, 1).WithLabels(new double[n]), new DeepSpec(Architecture.Fc, 2, Activation.ByName("erf"), 0.5), TestData.OpenBlas, 1).Ntk;
        var r0 = TestData.Gaussian(n * dy, 4);
        var multi = new KernelPrediction(TestData.OpenBlas, h, 0.01, r0);
        var columns = Enumerable.Range(0, dy).Select(k => new KernelPrediction(TestData.OpenBlas, h, 0.01, Enumerable.Range(0, n).Select(i => r0[i * dy + k]).ToArray())).ToArray();
        for (int step = 0; step < 10; step++)
        {
            multi.Step();
            foreach (var c in columns) c.Step();
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < dy; k++) Assert.Equal(columns[k].Residual[i], multi.Residual[i * dy + k], 1e-14);
    }

    [Fact]
    public void Accuracy_is_by_argmax_for_one_hot_targets()
    {
        double[] y = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        double[] f = [0.2, 0.1, 0.0, 0.5, 0.4, 0.1, 0.3, 0.3, 0.2]; // right, wrong, wrong (a tie goes to the first index)
        var residual = f.Zip(y, (a, b) => a - b).ToArray();
        Assert.Equal(1.0 / 3, AccuracyRecorder.Accuracy(residual, y, 3), 1e-15);
    }

    /// <summary>
    /// The NTK of a d_y-output net is block-diagonal at infinite width: Θ^{kl} → δ_kl Θ∞. The off-diagonal block at
    /// initialization is a sum of m terms a_rk a_rl (…)/m with mean zero, so it falls like 1/√m, while each diagonal block
    /// approaches the scalar NTK. Averaged over 4 seeds at m = 2048: the off-diagonal block below 0.08 of Θ∞ (about 7
    /// standard errors of c/√(4m)), the diagonal within 0.08 (as <see cref="DeepGramMonteCarloTests"/>), and both
    /// closer than at m = 64.
    /// </summary>
    [Trait("Category", "Statistical")]
    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void The_empirical_ntk_becomes_block_diagonal_with_the_scalar_kernel_on_each_block(string model)
    {
        var arch = OverParam.Experiments.DeepArchitectures.ByName(model).Architecture;
        var spec = new DeepSpec(arch, 2, Activation.ByName("erf"), 0.5);
        var data = Data(6, 2);
        var ntk = DeepKernel.Compute(data with { Y = null, Outputs = 1 }, spec, TestData.OpenBlas, 1).Ntk;
        double scale = TestData.SpectralNorm(ntk, 6);
        (double Off, double Diag) Err(int width)
        {
            var off = new double[36];
            var diag = new double[36];
            for (int s = 0; s < 4; s++)
            {
                var net = new DeepNet<double>(data, spec, width, s, TestData.OpenBlas);
                net.Forward();
                var t01 = net.OutputNtk(0, 1);
                var t11 = net.OutputNtk(1, 1);
                for (int q = 0; q < 36; q++) (off[q], diag[q]) = (off[q] + t01[q] / 4, diag[q] + t11[q] / 4);
            }
            var sym = off.Select((v, q) => (v + off[(q % 6) * 6 + q / 6]) / 2).ToArray();
            return (TestData.SpectralNorm(sym, 6) / scale, TestData.SpectralNorm(diag.Zip(ntk, (a, b) => a - b).ToArray(), 6) / scale);
        }
        var (narrowOff, narrowDiag) = Err(64);
        var (wideOff, wideDiag) = Err(2048);
        Assert.True(wideOff < 0.08 && wideDiag < 0.08, $"m = 2048: off-diagonal {wideOff}, diagonal {wideDiag}");
        Assert.True(wideOff < narrowOff && wideDiag < narrowDiag, $"m = 64: {narrowOff}, {narrowDiag}; m = 2048: {wideOff}, {wideDiag}");
    }
}
