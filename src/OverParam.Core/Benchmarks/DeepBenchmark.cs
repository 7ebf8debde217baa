using System.Numerics;
using OverParam.Architectures;
using OverParam.Data;
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
/// <param name="GemmGflops">Square gemm rate in that precision (n×n, n = the reference size, 2000 by default) (the faster of runs before and after the step timing).</param>
/// <param name="StepSeconds">Forward + backward + update, best of the repeats.</param>
/// <param name="FlopsPerStep">The products' flops: 4ndm + 6(H − 1)nm² (forward, weight gradients, input gradients).</param>
/// <param name="ProductsSeconds">The step's matrix products alone (same shapes and transposes, no elementwise work), best of the repeats:
/// the ceiling a step can reach on this BLAS.</param>
public sealed record DeepBenchmarkResult(DeepSpec Spec, int N, int D, int M, Precision Precision, double GemmGflops, double StepSeconds,
    double FlopsPerStep, double ProductsSeconds)
{
    /// <summary>Step time over the time of its products alone (≥ 1: the cost of everything that is not a product).</summary>
    public double OverheadRatio => StepSeconds / ProductsSeconds;

    /// <summary>GFLOP/s of the products alone.</summary>
    public double ProductsGflops => FlopsPerStep / ProductsSeconds / 1e9;

    /// <summary>GFLOP/s of a step over its counted flops.</summary>
    public double StepGflops => FlopsPerStep / StepSeconds / 1e9;

    /// <summary>Step rate over gemm rate; the issue asks for ≥ 0.7.</summary>
    public double RateRatio => StepGflops / GemmGflops;
}

/// <summary>Times one gradient-descent step of a deep network against this machine's gemm.</summary>
public static class DeepBenchmark
{
    /// <summary>Runs the benchmark on sphere data with Gaussian labels, against a square gemm of size gemmSize
    /// (<see cref="Measure.ReferenceGemmSize"/> by default).</summary>
    public static DeepBenchmarkResult Run(DeepSpec spec, int n, int d, int m, Precision precision, int repeats, ILinearAlgebra la,
        int gemmSize = Measure.ReferenceGemmSize)
    {
        double Gemm() => precision == Precision.F32 ? Measure.SgemmGflops(la, gemmSize, 5) : Measure.DgemmGflops(la, gemmSize, 5);
        double before = Gemm();
        var data = Synthetic.Sphere(n, d, 0);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 0));
        double seconds = precision == Precision.F32 ? Time<float>(data, spec, m, la, repeats) : Time<double>(data, spec, m, la, repeats);
        double products = precision == Precision.F32 ? Products<float>(n, d, m, spec.Depth, la, repeats) : Products<double>(n, d, m, spec.Depth, la, repeats);
        double gemm = Math.Max(before, Gemm()); // the faster of two references, before and after: a conservative ratio
        double flops = 4.0 * n * d * m + 6.0 * (spec.Depth - 1) * n * (double)m * m;
        return new DeepBenchmarkResult(spec, n, d, m, precision, gemm, seconds, flops, products);
    }

    /// <summary>
    /// The products of one step of <see cref="DeepNet{T}"/> with nothing between them: per layer h (inner size d for h = 1,
    /// m above) the forward X_{h−1}W_hᵀ, the weight gradient δG_hᵀX_{h−1} and, for h ≥ 2, the input gradient δG_h W_h.
    /// </summary>
    private static double Products<T>(int n, int d, int m, int depth, ILinearAlgebra la, int repeats) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(7);
        T[] Gaussian(long length)
        {
            var v = new double[length];
            rng.FillGaussian(v);
            return v.Select(T.CreateTruncating).ToArray();
        }
        var x = Enumerable.Range(0, depth + 1).Select(h => Gaussian((long)n * (h == 0 ? d : m))).ToArray();
        var w = Enumerable.Range(0, depth).Select(h => Gaussian((long)m * (h == 0 ? d : m))).ToArray();
        var gw = w.Select(v => new T[v.Length]).ToArray();
        var dG = Gaussian((long)n * m);
        var dX = new T[n * m];
        return Measure.BestSeconds(() =>
        {
            for (int h = 1; h <= depth; h++)
            {
                int inner = h == 1 ? d : m;
                la.Gemm(Op.None, Op.Transpose, n, m, inner, T.One, x[h - 1], inner, w[h - 1], inner, T.Zero, x[h], m);
            }
            for (int h = depth; h >= 1; h--)
            {
                int inner = h == 1 ? d : m;
                la.Gemm(Op.Transpose, Op.None, m, inner, n, T.One, dG, m, x[h - 1], inner, T.Zero, gw[h - 1], inner);
                if (h > 1) la.Gemm(Op.None, Op.None, n, m, m, T.One, dG, m, w[h - 1], m, T.Zero, dX, m);
            }
        }, repeats);
    }

    /// <summary>Steps run before timing, so that the JIT's optimized code (tier 1) is what gets timed.</summary>
    public const int WarmUpSteps = 5;

    private static double Time<T>(Dataset data, DeepSpec spec, int m, ILinearAlgebra la, int repeats) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var net = new DeepNet<T>(data, spec, m, 0, la, threads: Environment.ProcessorCount);
        T eta = T.CreateTruncating(1e-4);
        void Step()
        {
            net.Forward();
            net.Step(eta); // backpropagation with the update fused into the weight-gradient products, as training runs it
        }
        for (int i = 0; i < WarmUpSteps; i++) Step();
        return Measure.BestSeconds(Step, repeats);
    }
}
