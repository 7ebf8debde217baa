using System.Numerics;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Training;

namespace OverParam.Benchmarks;

/// <summary>Figures of one deep-step benchmark, measured in one process.</summary>
/// <param name="Spec">The network.</param>
/// <param name="N">Points.</param>
/// <param name="D">Input dimension.</param>
/// <param name="M">Width.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="GemmGflops">Square 2000×2000 gemm rate in that precision (the faster of runs before and after the step timing).</param>
/// <param name="StepSeconds">Forward + backward + update, best of the repeats.</param>
/// <param name="FlopsPerStep">The products' flops: 4ndm + 6(H − 1)nm² (forward, weight gradients, input gradients).</param>
public sealed record DeepBenchmarkResult(DeepSpec Spec, int N, int D, int M, Precision Precision, double GemmGflops, double StepSeconds, double FlopsPerStep)
{
    /// <summary>GFLOP/s of a step over its counted flops.</summary>
    public double StepGflops => FlopsPerStep / StepSeconds / 1e9;

    /// <summary>Step rate over gemm rate; the issue asks for ≥ 0.7.</summary>
    public double RateRatio => StepGflops / GemmGflops;
}

/// <summary>Times one gradient-descent step of a deep network against this machine's gemm.</summary>
public static class DeepBenchmark
{
    /// <summary>Runs the benchmark on sphere data with Gaussian labels.</summary>
    public static DeepBenchmarkResult Run(DeepSpec spec, int n, int d, int m, Precision precision, int repeats, ILinearAlgebra la)
    {
        double Gemm() => precision == Precision.F32 ? Measure.SgemmGflops(la, 2000, 5) : Measure.DgemmGflops(la, 2000, 5);
        double before = Gemm();
        var data = Synthetic.Sphere(n, d, 0);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 0));
        double seconds = precision == Precision.F32 ? Time<float>(data, spec, m, la, repeats) : Time<double>(data, spec, m, la, repeats);
        double gemm = Math.Max(before, Gemm()); // the faster of two references, before and after: a conservative ratio
        double flops = 4.0 * n * d * m + 6.0 * (spec.Depth - 1) * n * (double)m * m;
        return new DeepBenchmarkResult(spec, n, d, m, precision, gemm, seconds, flops);
    }

    private static double Time<T>(Dataset data, DeepSpec spec, int m, ILinearAlgebra la, int repeats) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var net = new DeepNet<T>(data, spec, m, 0, la, threads: Environment.ProcessorCount);
        T eta = T.CreateTruncating(1e-4);
        return Measure.BestSeconds(() =>
        {
            net.Forward();
            net.Backward();
            net.Update(eta);
        }, repeats);
    }
}
