using System.Numerics.Tensors;
using OverParam.Data;
using OverParam.Models;

namespace OverParam.Tests.Models;

/// <summary>The proof quantities against straightforward scalar reference code over the weights.</summary>
public class ProofQuantityTests
{
    private static (Dataset Data, TwoLayerSpec Spec, TwoLayerWeights W0, TwoLayerNet<double> Net) Trained(bool bias)
    {
        var data = Synthetic.Sphere(9, 4, 1);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 1));
        var spec = new TwoLayerSpec(37, bias, true); // odd width: exercises the vector tail
        var w0 = TwoLayerWeights.Random(spec, 4, 5);
        var net = new TwoLayerNet<double>(data, spec, w0, TestData.OpenBlas);
        for (int k = 0; k < 30; k++)
        {
            net.Forward();
            net.Backward();
            net.Update(0.5);
        }
        net.Forward();
        return (data, spec, w0, net);
    }

    private static double Z(Dataset d, TwoLayerWeights w, int i, int r) =>
        TensorPrimitives.Dot(d.Row(i), w.W.AsSpan(r * w.D, w.D)) + (w.B?[r] ?? 0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pattern_change_and_weight_movement_match_reference_code(bool bias)
    {
        var (data, spec, w0, net) = Trained(bias);
        var wk = net.Weights();
        int flips = 0;
        double max = 0, fro = 0, maxA = 0;
        for (int r = 0; r < spec.Width; r++)
        {
            for (int i = 0; i < data.N; i++)
                if ((Z(data, w0, i, r) >= 0) != (Z(data, wk, i, r) >= 0)) flips++;
            double sq = 0;
            for (int j = 0; j < data.D; j++) sq += Math.Pow(wk.W[r * data.D + j] - w0.W[r * data.D + j], 2);
            if (bias) sq += Math.Pow(wk.B![r] - w0.B![r], 2);
            max = Math.Max(max, Math.Sqrt(sq));
            fro += sq;
            maxA = Math.Max(maxA, Math.Abs(wk.A[r] - w0.A[r]));
        }
        Assert.True(flips > 0, "the test should exercise some flips");
        Assert.Equal((double)flips / (spec.Width * data.N), net.PatternChange(), 15);
        var (mMax, mFro, mA) = net.WeightMovement();
        Assert.Equal(max, mMax, 1e-12);
        Assert.Equal(Math.Sqrt(fro), mFro, 1e-12);
        Assert.Equal(maxA, mA, 1e-12);
    }

    [Fact]
    public void Activation_gram_matches_its_definition()
    {
        var (data, spec, _, net) = Trained(false);
        var wk = net.Weights();
        int n = data.N;
        var inner = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) inner[i * n + j] = TensorPrimitives.Dot(data.Row(i), data.Row(j));
        var h = new double[n * n];
        net.ActivationGram(inner, new double[n * n], h);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int both = 0;
                for (int r = 0; r < spec.Width; r++) if (Z(data, wk, i, r) >= 0 && Z(data, wk, j, r) >= 0) both++;
                Assert.Equal(inner[i * n + j] * both / spec.Width, h[i * n + j], 1e-14);
            }
    }

    [Theory]
    [InlineData(StepForm.Primal)]
    [InlineData(StepForm.Dual)]
    public void A_gradient_step_allocates_nothing(StepForm form)
    {
        var data = Synthetic.Sphere(40, 9, 1);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 1));
        var net = new TwoLayerNet<float>(data, new TwoLayerSpec(101, true, true), TwoLayerWeights.Random(new TwoLayerSpec(101, true, true), 9, 1), TestData.OpenBlas,
            form, refreshEvery: 3);
        void Step()
        {
            net.Forward();
            net.PatternChange();
            net.WeightMovement();
            net.Backward();
            net.Update(0.01f);
        }
        for (int k = 0; k < 5; k++) Step(); // warm up (JIT tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 50; k++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
