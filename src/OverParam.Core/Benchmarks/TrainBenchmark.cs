using System.Numerics;
using OverParam.Data;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Training;

namespace OverParam.Benchmarks;

/// <summary>Figures of one training-step benchmark, measured in one process.</summary>
/// <param name="N">Points n.</param>
/// <param name="D">Dimension d.</param>
/// <param name="M">Width m.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="GemmGflops">This machine's square gemm rate in the run's precision (2000×2000, best of 5, the faster of runs before and after the step timing).</param>
/// <param name="BareStepSeconds">Forward + gradient + update (best of the repeats).</param>
/// <param name="RecordedStepSeconds">The same plus pattern_change and max_dist/weight_dist_fro every step.</param>
/// <param name="FlopsPerStep">4·n·m·d: the two n×m×d products of a step.</param>
public sealed record TrainBenchmarkResult(int N, int D, int M, Precision Precision, double GemmGflops, double BareStepSeconds,
    double RecordedStepSeconds, double FlopsPerStep)
{
    /// <summary>Effective GFLOP/s of a bare step.</summary>
    public double StepGflops => FlopsPerStep / BareStepSeconds / 1e9;

    /// <summary>Step rate over gemm rate; the issue asks for ≥ 0.8 in float32.</summary>
    public double RateRatio => StepGflops / GemmGflops;

    /// <summary>Recorded step over bare step; the issue asks for ≤ 1.25.</summary>
    public double RecordingOverhead => RecordedStepSeconds / BareStepSeconds;
}

/// <summary>Times one gradient-descent step of the two-layer network against this machine's gemm.</summary>
public static class TrainBenchmark
{
    /// <summary>Runs the benchmark on sphere data with Gaussian labels.</summary>
    public static TrainBenchmarkResult Run(int n, int d, int m, Precision precision, int repeats, ILinearAlgebra la)
    {
        double Gemm() => precision == Precision.F32 ? Measure.SgemmGflops(la, 2000, 5) : Measure.DgemmGflops(la, 2000, 5);
        double before = Gemm();
        var data = Synthetic.Sphere(n, d, 0);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 0));
        var spec = new TwoLayerSpec(m, false, false);
        var init = TwoLayerWeights.Random(spec, d, 0);
        var (bare, recorded) = precision == Precision.F32
            ? Time<float>(data, spec, init, la, repeats)
            : Time<double>(data, spec, init, la, repeats);
        double gemm = Math.Max(before, Gemm()); // the faster of two references, before and after: a conservative ratio
        return new TrainBenchmarkResult(n, d, m, precision, gemm, bare, recorded, 4.0 * n * m * d);
    }

    private static (double Bare, double Recorded) Time<T>(Dataset data, TwoLayerSpec spec, TwoLayerWeights init, ILinearAlgebra la, int repeats)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new TwoLayerNet<T>(data, spec, init, la);
        // A step small enough to stay stable for any data: the timing does not depend on the values.
        T eta = T.CreateTruncating(1e-4);
        double bare = Measure.BestSeconds(() =>
        {
            net.Forward();
            net.Backward();
            net.Update(eta);
        }, repeats);
        double recorded = Measure.BestSeconds(() =>
        {
            net.Forward();
            net.PatternChange();
            net.WeightMovement();
            net.Backward();
            net.Update(eta);
        }, repeats);
        return (bare, recorded);
    }
}
