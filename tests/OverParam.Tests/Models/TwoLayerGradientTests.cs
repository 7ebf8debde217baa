using OverParam.Data;
using OverParam.Models;

namespace OverParam.Tests.Models;

public class TwoLayerGradientTests
{
    /// <summary>
    /// Central differences with h = 1e-6 on a loss of order 1: truncation O(h²·L''') ≈ 1e-12 and rounding
    /// O(ε·L/h) ≈ 1e-10; 1e-7 absolute leaves a wide margin while catching any wrong factor or index.
    /// </summary>
    private const double FiniteDifferenceTolerance = 1e-7;

    private const double H = 1e-6;

    /// <summary>Pre-activations must stay this far from 0 so that ±h never crosses a ReLU kink.</summary>
    private const double KinkMargin = 1e-3;

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    private static double Loss(Dataset data, TwoLayerSpec spec, TwoLayerWeights w) =>
        new TwoLayerNet<double>(data, spec, w, TestData.OpenBlas).Forward();

    [Theory]
    [MemberData(nameof(Variants))]
    public void Gradient_equals_finite_differences(bool bias, bool trainOutput)
    {
        var data = Synthetic.Sphere(5, 3, 4);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 4));
        var spec = new TwoLayerSpec(7, bias, trainOutput);
        var w0 = TwoLayerWeights.Random(spec, 3, 21);
        var net = new TwoLayerNet<double>(data, spec, w0, TestData.OpenBlas);
        net.Forward();
        net.Backward();
        var (gW, gA, gB) = net.Gradient();
        AssertAwayFromKinks(data, w0);

        for (int k = 0; k < w0.W.Length; k++)
            Assert.Equal(Central(data, spec, w0, v => v.W, k), gW[k], FiniteDifferenceTolerance);
        if (trainOutput)
            for (int r = 0; r < spec.Width; r++)
                Assert.Equal(Central(data, spec, w0, v => v.A, r), gA[r], FiniteDifferenceTolerance);
        if (bias)
            for (int r = 0; r < spec.Width; r++)
                Assert.Equal(Central(data, spec, w0, v => v.B!, r), gB[r], FiniteDifferenceTolerance);
    }

    /// <summary>(L(w + h e_k) − L(w − h e_k))/2h for entry k of the part of w that <paramref name="part"/> picks.</summary>
    internal static double Central(Dataset data, TwoLayerSpec spec, TwoLayerWeights w, Func<TwoLayerWeights, double[]> part, int k)
    {
        TwoLayerWeights Shift(double delta)
        {
            var copy = w with { W = (double[])w.W.Clone(), A = (double[])w.A.Clone(), B = (double[]?)w.B?.Clone() };
            part(copy)[k] += delta;
            return copy;
        }
        return (Loss(data, spec, Shift(H)) - Loss(data, spec, Shift(-H))) / (2 * H);
    }

    private static void AssertAwayFromKinks(Dataset data, TwoLayerWeights w)
    {
        for (int i = 0; i < data.N; i++)
            for (int r = 0; r < w.M; r++)
            {
                double z = System.Numerics.Tensors.TensorPrimitives.Dot(data.Row(i), w.W.AsSpan(r * w.D, w.D)) + (w.B?[r] ?? 0);
                Assert.True(Math.Abs(z) > KinkMargin, $"seed puts z[{i},{r}] = {z} at a kink; pick another");
            }
    }

    [Fact]
    public void Float32_and_float64_networks_agree_to_float32_rounding()
    {
        var data = Synthetic.Sphere(20, 6, 2);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Sign, 2));
        var spec = new TwoLayerSpec(300, false, false);
        var w = TwoLayerWeights.Random(spec, 6, 3);
        double l64 = new TwoLayerNet<double>(data, spec, w, TestData.OpenBlas).Forward();
        double l32 = new TwoLayerNet<float>(data, spec, w, TestData.OpenBlas).Forward();
        Assert.Equal(l64, l32, l64 * 1e-5); // float32 sums of 300 terms: relative error ≈ 300·6e-8
    }

    /// <summary>Each output is a sum of m ReLUs of κ-scaled arguments: scaling is exact but for one rounding per term.</summary>
    private const double HomogeneityTolerance = 1e-14;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Init_scale_kappa_scales_the_initial_outputs_by_kappa(bool bias)
    {
        // ReLU is positively homogeneous: with w_r(0), b_r(0) ~ κ·N(0, 1) from the same streams, u(0) = κ·u(0)|κ=1.
        var data = Synthetic.Sphere(6, 4, 1);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Sign, 1));
        var unit = new TwoLayerSpec(50, bias, false);
        var small = unit with { InitScale = 0.01 };
        var u1 = new double[6];
        var uk = new double[6];
        var net1 = new TwoLayerNet<double>(data, unit, TwoLayerWeights.Random(unit, 4, 7), TestData.OpenBlas);
        var netK = new TwoLayerNet<double>(data, small, TwoLayerWeights.Random(small, 4, 7), TestData.OpenBlas);
        net1.Forward();
        netK.Forward();
        net1.Predictions(u1);
        netK.Predictions(uk);
        for (int i = 0; i < 6; i++) Assert.Equal(0.01 * u1[i], uk[i], HomogeneityTolerance * Math.Abs(u1[i]) + 1e-300);
        Assert.Equal(TwoLayerWeights.Random(unit, 4, 7).A, TwoLayerWeights.Random(small, 4, 7).A); // a is not scaled
    }

    [Fact]
    public void Random_initialization_is_the_papers_and_reproducible()
    {
        var spec = new TwoLayerSpec(5000, true, false);
        var a = TwoLayerWeights.Random(spec, 4, 9);
        var b = TwoLayerWeights.Random(spec, 4, 9);
        Assert.Equal(a.W, b.W);
        Assert.All(a.A, v => Assert.True(v is 1 or -1));
        Assert.InRange(a.A.Average(), -0.06, 0.06);                 // sd of the mean of 5000 signs: 0.014
        Assert.InRange(a.W.Select(v => v * v).Average(), 0.95, 1.05); // 20000 N(0,1): sd of the mean square 0.01
        Assert.InRange(a.B!.Select(v => v * v).Average(), 0.9, 1.1);
    }
}
