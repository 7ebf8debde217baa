using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Tests.Models;

/// <summary>
/// The two-layer net and the convolutional ResNet with d_y outputs (one-hot targets), and the output layer's least squares
/// with d_y columns: exact oracles (finite differences, the dual form against the primal, weights round trip, column by
/// column least squares) and the two-layer net's block-diagonal kernel by Monte Carlo.
/// </summary>
public class MultiOutputShallowTests
{
    /// <summary>Central differences with h = 1e-6 on a loss of O(1): truncation O(h²) and rounding O(ε/h) ≈ 1e-10.</summary>
    private const double FiniteDifferenceTolerance = 1e-6;

    private const double H = 1e-6;

    /// <summary>Two float64 trajectories of the same map computed in two orders agree to many steps of n·m·ε growth.</summary>
    private const double DualAgreement = 1e-9;

    private static Dataset Data(int n, int d, int outputs, long seed = 5) =>
        new Dataset("multi", n, d, Synthetic.Sphere(n, d, seed).X, TestData.Gaussian(n * outputs, seed + 4), outputs).Validate();

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Two_layer_gradient_of_every_weight_equals_finite_differences(bool bias, bool trainOutput)
    {
        var data = Data(5, 3, 3);
        var spec = new TwoLayerSpec(7, bias, trainOutput);
        var w0 = TwoLayerWeights.Random(spec, 3, 21, outputs: 3);
        Assert.Equal(3, w0.Outputs);
        var net = new TwoLayerNet<double>(data, spec, w0, TestData.OpenBlas);
        double loss = net.Forward();
        var r = new double[15];
        net.Residual(r);
        Assert.Equal(r.Sum(v => v * v) / 2, loss, 1e-12); // L = ½‖U − Y‖_F²
        net.Backward();
        var (gW, gA, gB) = net.Gradient();
        double Central(Func<TwoLayerWeights, double[]> part, int k) => TwoLayerGradientTests.Central(data, spec, w0, part, k);
        for (int k = 0; k < w0.W.Length; k++) Assert.Equal(Central(v => v.W, k), gW[k], FiniteDifferenceTolerance);
        Assert.Equal(7 * 3, gA.Length);
        if (trainOutput)
            for (int k = 0; k < w0.A.Length; k++) Assert.Equal(Central(v => v.A, k), gA[k], FiniteDifferenceTolerance);
        if (bias)
            for (int k = 0; k < spec.Width; k++) Assert.Equal(Central(v => v.B!, k), gB[k], FiniteDifferenceTolerance);
    }

    [Fact]
    public void Two_layer_dual_form_follows_the_primal_and_one_output_draws_the_scalar_weights()
    {
        var data = Data(9, 4, 3);
        var spec = new TwoLayerSpec(40, true, true);
        var init = TwoLayerWeights.Random(spec, 4, 3, outputs: 3);
        var primal = new TwoLayerNet<double>(data, spec, init, TestData.OpenBlas, StepForm.Primal);
        var dual = new TwoLayerNet<double>(data, spec, init, TestData.OpenBlas, StepForm.Dual, refreshEvery: 7);
        for (int k = 0; k < 30; k++)
        {
            double lp = primal.Forward(), ld = dual.Forward();
            Assert.Equal(lp, ld, DualAgreement * Math.Max(1, lp));
            primal.Step(0.05);
            dual.Step(0.05);
        }
        var (wp, wd) = (primal.Weights(), dual.Weights());
        for (int k = 0; k < wp.W.Length; k++) Assert.Equal(wp.W[k], wd.W[k], DualAgreement);
        for (int k = 0; k < wp.A.Length; k++) Assert.Equal(wp.A[k], wd.A[k], DualAgreement);

        // d_y = 1 draws the scalar net's a, so every earlier run reproduces.
        var one = TwoLayerWeights.Random(spec, 4, 3);
        Assert.Equal(TwoLayerWeights.Random(spec, 4, 3, outputs: 1).A, one.A);
        Assert.Equal(init.W, one.W);
    }

    /// <summary>
    /// The two-layer net's NTK in W between outputs k and l is H^{kl}_ij = (x_iᵀx_j/m) Σ_r a_rk a_rl 1{z_ir ≥ 0, z_jr ≥ 0}:
    /// a diagonal block is the scalar H(0) (a_rk² = 1), whose mean is H∞; an off-diagonal block has mean 0 and falls like
    /// 1/√m. Over 4 seeds at m = 4096, the diagonal within 0.05 of H∞ and the off-diagonal below 0.05 (each about 6 standard
    /// errors of 1/√(4m)), and both closer than at m = 64.
    /// </summary>
    [Trait("Category", "Statistical")]
    [Fact]
    public void The_two_layer_kernel_becomes_block_diagonal_with_h_infinity_on_each_block()
    {
        int n = 6;
        var data = Data(n, 4, 2);
        var hInf = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 1).Values;
        double scale = SpectralNorm(hInf, n);
        (double Off, double Diag) Err(int m)
        {
            var (off, diag) = (new double[n * n], new double[n * n]);
            for (int s = 0; s < 4; s++)
            {
                var w = TwoLayerWeights.Random(new TwoLayerSpec(m, false, false), 4, s, outputs: 2);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double xij = System.Numerics.Tensors.TensorPrimitives.Dot(data.Row(i), data.Row(j)), o = 0, d = 0;
                        for (int r = 0; r < m; r++)
                        {
                            var wr = w.W.AsSpan(r * 4, 4);
                            if (System.Numerics.Tensors.TensorPrimitives.Dot(wr, data.Row(i)) < 0 || System.Numerics.Tensors.TensorPrimitives.Dot(wr, data.Row(j)) < 0) continue;
                            o += w.A[r * 2] * w.A[r * 2 + 1];
                            d += w.A[r * 2 + 1] * w.A[r * 2 + 1];
                        }
                        off[i * n + j] += xij * o / m / 4;
                        diag[i * n + j] += xij * d / m / 4;
                    }
            }
            return (SpectralNorm(off, n) / scale, SpectralNorm(diag.Zip(hInf, (a, b) => a - b).ToArray(), n) / scale);
        }
        var (narrowOff, narrowDiag) = Err(64);
        var (wideOff, wideDiag) = Err(4096);
        Assert.True(wideOff < 0.05 && wideDiag < 0.05, $"m = 4096: off-diagonal {wideOff}, diagonal {wideDiag}");
        Assert.True(wideOff < narrowOff && wideDiag < narrowDiag, $"m = 64: {narrowOff}, {narrowDiag}; m = 4096: {wideOff}, {wideDiag}");
    }

    [Fact]
    public void Conv_resnet_gradient_equals_finite_differences_and_its_weights_round_trip()
    {
        var spec = new DeepSpec(Architecture.ConvResNet, 2, Activation.ByName("softplus"), 0.5, Channels: 2, Patch: 3);
        var data = Data(3, 8, 2, 4); // d0 = 2 channels × p = 4 positions
        var net = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
        double loss = net.Forward();
        var r = new double[6];
        net.Residual(r);
        Assert.Equal(r.Sum(v => v * v) / 2, loss, 1e-12);
        net.Backward();
        var (gW, gA) = net.Gradient();
        Assert.Equal(4 * 4 * 2, gA.Length);
        foreach (var (layer, k, analytic, fd) in LayerFiniteDifferences.Compare(gW, gA, () =>
        {
            var probe = new ConvResNet<double>(data, spec, 4, 3, TestData.OpenBlas);
            return (probe.Forward, probe.Nudge);
        }))
            Assert.True(Math.Abs(fd - analytic) <= FiniteDifferenceTolerance, $"layer {layer} entry {k}: {analytic} vs {fd}");
        Assert.Equal([4, 4, 2], net.WeightShapes[^1].Shape);
        var other = new ConvResNet<double>(data, spec, 4, 99, TestData.OpenBlas);
        other.SetInitialWeights(net.Weights());
        Assert.Equal(loss, other.Forward(), 1e-14);
    }

    /// <summary>
    /// The convolutional ResNet's NTK between outputs k and l, Θ^{kl}_ij = ⟨∇θ f_k(x_i), ∇θ f_l(x_j)⟩, each gradient read off
    /// the network's own backward pass with targets set so that the residual is the unit vector of (i, k). Off the
    /// diagonal its terms carry a_k·a_l, of mean zero, so the block falls like 1/√m against the diagonal one; over 4
    /// seeds the ratio at m = 128 is below 0.05 (at most about 1/√(4·128) ≈ 0.044; measured 0.011, and 0.14 at m = 4) and
    /// below the ratio at m = 4.
    /// </summary>
    [Trait("Category", "Statistical")]
    [Fact]
    public void The_conv_resnets_kernel_becomes_block_diagonal_in_the_outputs()
    {
        var spec = new DeepSpec(Architecture.ConvResNet, 2, Activation.ByName("erf"), 0.5, Channels: 2, Patch: 3);
        const int n = 4, dy = 2;
        var data = Data(n, 8, dy, 6);
        double Ratio(int width)
        {
            var (off, diag) = (new double[n * n], new double[n * n]);
            for (int seed = 0; seed < 4; seed++)
            {
                using var first = new ConvResNet<double>(data, spec, width, seed, TestData.OpenBlas);
                first.Forward();
                var u = new double[n * dy];
                first.Residual(u);
                for (int q = 0; q < u.Length; q++) u[q] += data.Y![q]; // u = f(x) at initialization
                var grads = new double[n * dy][];
                for (int q = 0; q < n * dy; q++)
                {
                    var y = (double[])u.Clone();
                    y[q] -= 1; // residual e = unit vector of (i, k): ∇L = ∇f_k(x_i)
                    using var net = new ConvResNet<double>(data with { Y = y }, spec, width, seed, TestData.OpenBlas);
                    net.Forward();
                    net.Backward();
                    var (gW, gA) = net.Gradient();
                    grads[q] = [.. gW.SelectMany(g => g), .. gA];
                }
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        off[i * n + j] += System.Numerics.Tensors.TensorPrimitives.Dot(grads[i * dy], grads[j * dy + 1]) / 4;
                        diag[i * n + j] += System.Numerics.Tensors.TensorPrimitives.Dot(grads[i * dy + 1], grads[j * dy + 1]) / 4;
                    }
            }
            return SpectralNorm(off, n) / SpectralNorm(diag, n);
        }
        double narrow = Ratio(4), wide = Ratio(128);
        Assert.True(wide < 0.05 && wide < narrow, $"‖Θ^01‖/‖Θ^11‖: m = 4 {narrow}, m = 128 {wide}");
    }

    /// <summary>ρ = d_y·λ_max(AᵀA)/tr(AᵀA): 1 for one output and for orthogonal columns of equal norm, d_y when every
    /// column is the same (the whole kernel lies along one output direction), and for m = 64, d_y = 10 sign weights the
    /// maximum of d_y‖Ac‖²/‖A‖_F² over unit c found by 500 power iterations on AᵀA (an independent oracle; 1e-10 relative:
    /// the gap between the top two eigenvalues makes the iteration converge far below that), inside (1, (1 + √(d_y/m))²]
    /// up to the edge's fluctuation.</summary>
    [Fact]
    public void The_output_spread_is_the_worst_output_directions_share()
    {
        var la = TestData.OpenBlas;
        Assert.Equal(1, OutputSpread.Of([0.3, -2, 5], 1, la));
        Assert.Equal(1, OutputSpread.Of([1, 0, 0, 1, 1, 0, 0, 1], 2, la), 1e-14); // rows (1,0),(0,1),(1,0),(0,1)
        Assert.Equal(3, OutputSpread.Of([2, 2, 2, -1, -1, -1], 3, la), 1e-14);
        const int m = 64, dy = 10;
        var a = TwoLayerWeights.Random(new TwoLayerSpec(m, false, false), 2, 1, outputs: dy).A;
        var c = Enumerable.Repeat(1.0, dy).ToArray();
        double top = 0;
        for (int it = 0; it < 500; it++)
        {
            var ac = Enumerable.Range(0, m).Select(r => Enumerable.Range(0, dy).Sum(k => a[r * dy + k] * c[k])).ToArray();
            var next = Enumerable.Range(0, dy).Select(k => Enumerable.Range(0, m).Sum(r => a[r * dy + k] * ac[r])).ToArray();
            top = Math.Sqrt(next.Sum(v => v * v));
            c = next.Select(v => v / top).ToArray();
        }
        double rho = OutputSpread.Of(a, dy, la);
        Assert.Equal(dy * top / a.Sum(v => v * v), rho, 1e-10 * rho);
        Assert.InRange(rho, 1.0, Math.Pow(1 + Math.Sqrt((double)dy / m), 2) + 0.3);
        Assert.Throws<ArgumentException>(() => OutputSpread.Of([1, 2, 3], 2, la));
    }

    [Fact]
    public void The_output_layers_least_squares_with_several_outputs_is_the_sum_over_columns()
    {
        const int n = 10, m = 6, dy = 3;
        var phi = TestData.Gaussian(n * m, 3);
        var y = TestData.Gaussian(n * dy, 4);
        var all = FeatureLeastSquares.Of(phi, n, m, y, TestData.OpenBlas, dy);
        double sum = Enumerable.Range(0, dy).Sum(k =>
            FeatureLeastSquares.Of(phi, n, m, Enumerable.Range(0, n).Select(i => y[i * dy + k]).ToArray(), TestData.OpenBlas).Loss);
        Assert.Equal(sum, all.Loss, 1e-12 * sum);
        Assert.Equal(m, all.Rank);
        Assert.Throws<ArgumentException>(() => FeatureLeastSquares.Of(phi, n, m, y, TestData.OpenBlas, 2));
    }

    /// <summary>The spectral norm of a's symmetric part (the blocks here are symmetric only up to rounding or, off the
    /// diagonal, in expectation).</summary>
    private static double SpectralNorm(double[] a, int n) =>
        TestData.SpectralNorm([.. a.Select((v, q) => (v + a[(q % n) * n + q / n]) / 2)], n);
}
