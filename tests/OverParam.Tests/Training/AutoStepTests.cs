using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Tests.Training;

/// <summary>
/// The deep nets' automatic step: 1/λ_max(NTK∞) unless the network's own kernel at initialization Θ_m(0) would make
/// ηλ_max(Θ_m(0)) ≥ 2, then 1/λ_max(Θ_m(0)). Invariant: the chosen step keeps the linearized dynamics at initialization
/// stable. Nearly orthogonal inputs (n = 200 points in d = 500) at m = 16 trigger the fallback; a wide net on a few
/// correlated points (the circle) does not.
/// </summary>
public class AutoStepTests
{
    [Theory]
    [InlineData("sphere", 200, 500, 16, true)]
    [InlineData("circle", 8, 2, 1024, false)]
    public void The_step_keeps_the_finite_width_kernel_at_initialization_stable(string data, int n, int d, int width, bool fallback)
    {
        var ds = (data == "sphere" ? Synthetic.Sphere(n, d, 3) : Synthetic.Circle(n)).WithLabels(TestData.Gaussian(n, 4));
        var spec = new DeepSpec(Architecture.Fc, 3, Activation.ByName("erf"), 0.5);
        var infinite = Spectrum.Largest(TestData.OpenBlas, DeepKernel.Compute(ds, spec, TestData.OpenBlas, 1).Ntk, n);
        using var net = new DeepNet<double>(ds, spec, width, 1, TestData.OpenBlas);
        net.Forward();
        var step = AutoStep.ForDeep(net, n, infinite, 1, TestData.OpenBlas);

        // Independent oracle for λ_max(Θ_m(0)): the NTK from per-sample gradients (the output NTK of output 0 with itself).
        var theta = net.OutputNtk(0, 0);
        Assert.Equal(Spectrum.Largest(TestData.OpenBlas, theta, n), step.LambdaMaxEmpirical, 1e-9 * step.LambdaMaxEmpirical);
        Assert.Equal(fallback, step.FromEmpirical);
        Assert.Equal(fallback ? 1 / step.LambdaMaxEmpirical : 1 / infinite, step.Eta, 1e-15 * step.Eta);
        Assert.True(step.Eta * step.LambdaMaxEmpirical < AutoStep.StabilityEdge);
    }
}
