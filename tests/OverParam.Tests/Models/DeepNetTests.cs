using OverParam.Architectures;
using OverParam.Data;
using OverParam.Models;

namespace OverParam.Tests.Models;

public class DeepNetTests
{
    /// <summary>Central differences, h = 1e-6, float64: as for the two-layer net (truncation ~1e-12, rounding ~1e-10).</summary>
    private const double FiniteDifferenceTolerance = 2e-7;

    public static TheoryData<Architecture, string> Cases()
    {
        var d = new TheoryData<Architecture, string>();
        foreach (var arch in new[] { Architecture.Fc, Architecture.ResNet })
            foreach (var act in Activation.Names) d.Add(arch, act);
        return d;
    }

    private static Dataset Data()
    {
        var data = Synthetic.Sphere(4, 3, 8);
        return data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 8));
    }

    /// <summary>
    /// The fused step rounds W − η·(δGᵀX) inside gemm instead of after it: a few ulps of W per step, so after three steps
    /// the loss and the movement ‖W^(h) − W^(h)(0)‖ (small differences of O(1) weights) agree to 1e-9 relative.
    /// </summary>
    private const double FusedStepTolerance = 1e-9;

    [Theory]
    [InlineData("fc", "softplus")]
    [InlineData("resnet", "tanh")]
    [InlineData("fc", "relu")]
    public void Fused_step_equals_backward_then_update(string model, string activation)
    {
        var arch = OverParam.Experiments.DeepArchitectures.ByName(model).Architecture;
        var spec = new DeepSpec(arch, 3, Activation.ByName(activation), 0.5);
        var data = Synthetic.Sphere(30, 6, 2);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 2));
        using var fused = new DeepNet<double>(data, spec, 40, 5, TestData.OpenBlas);
        using var plain = new DeepNet<double>(data, spec, 40, 5, TestData.OpenBlas);
        var movedFused = new double[4];
        var movedPlain = new double[4];
        for (int k = 0; k < 3; k++)
        {
            double lf = fused.Forward(), lp = plain.Forward();
            Assert.Equal(lp, lf, FusedStepTolerance * lp);
            fused.Step(0.05);
            plain.Backward();
            plain.Update(0.05);
        }
        Assert.Equal(plain.Forward(), fused.Forward(), FusedStepTolerance * plain.Forward());
        fused.LayerMovement(movedFused);
        plain.LayerMovement(movedPlain);
        for (int h = 0; h < 4; h++)
        {
            Assert.True(movedPlain[h] > 0, $"layer {h + 1} did not move");
            Assert.Equal(movedPlain[h], movedFused[h], FusedStepTolerance * movedPlain[h]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_equals_finite_differences(Architecture arch, string activation)
    {
        var spec = new DeepSpec(arch, 3, Activation.ByName(activation), 0.5);
        var data = Data();
        var net = new DeepNet<double>(data, spec, 5, 11, TestData.OpenBlas);
        net.Forward();
        net.Backward();
        var (gW, gA) = net.Gradient();
        foreach (var (layer, k, analytic, fd) in LayerFiniteDifferences.Compare(gW, gA, () =>
        {
            var probe = new DeepNet<double>(data, spec, 5, 11, TestData.OpenBlas);
            return (probe.Forward, probe.Nudge);
        }))
        {
            // ReLU: skip the rare entry whose ±h crosses a kink (its one-sided slopes differ).
            if (activation == "relu" && Math.Abs(fd - analytic) > FiniteDifferenceTolerance && KinkNearby(data, spec, layer, k)) continue;
            Assert.True(Math.Abs(fd - analytic) <= FiniteDifferenceTolerance, $"{arch} {activation} layer {layer} entry {k}: {analytic} vs {fd}");
        }
    }

    private static bool KinkNearby(Dataset data, DeepSpec spec, int layer, int k)
    {
        // Compare the one-sided differences: at a kink they disagree.
        var p = new DeepNet<double>(data, spec, 5, 11, TestData.OpenBlas);
        double l0 = p.Forward();
        p.Nudge(layer, k, 1e-6);
        double right = p.Forward() - l0;
        p.Nudge(layer, k, -2e-6);
        double left = l0 - p.Forward();
        return Math.Abs(right - left) > 1e-9;
    }

    [Fact]
    public void Two_threads_give_bit_identical_steps_and_allocate_nothing()
    {
        var data = Synthetic.Sphere(300, 7, 1); // n·m = 90000 ≥ WorkSplitter.MinSplit: the elementwise passes are split
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 1));
        var spec = new DeepSpec(Architecture.ResNet, 3, Activation.ByName("softplus"), 0.5);
        using var one = new DeepNet<float>(data, spec, 300, 1, TestData.OpenBlas, threads: 1);
        using var two = new DeepNet<float>(data, spec, 300, 1, TestData.OpenBlas, threads: 2);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(one.Forward(), two.Forward());
            one.Backward();
            two.Backward();
            one.Update(1e-3f);
            two.Update(1e-3f);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10; k++)
        {
            two.Forward();
            two.Backward();
            two.Update(1e-3f);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_deep_step_allocates_nothing()
    {
        var data = Synthetic.Sphere(30, 7, 1);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 1));
        var net = new DeepNet<float>(data, new DeepSpec(Architecture.ResNet, 3, Activation.ByName("softplus"), 0.5), 33, 1, TestData.OpenBlas);
        var move = new double[4];
        void Step()
        {
            net.Forward();
            net.LayerMovement(move);
            net.Backward();
            net.Update(1e-3f);
        }
        for (int k = 0; k < 5; k++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 30; k++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
