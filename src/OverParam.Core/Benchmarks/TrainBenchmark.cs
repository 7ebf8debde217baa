using System.Numerics;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Training;

namespace OverParam.Benchmarks;

/// <summary>One form's step timings.</summary>
/// <param name="Form">Primal or dual.</param>
/// <param name="BareStepSeconds">Forward + gradient + update (best of the repeats).</param>
/// <param name="RecordedStepSeconds">The same plus pattern_change and max_dist/weight_dist_fro every step.</param>
/// <param name="FlopsPerStep">The form's own products: 4nmd (primal: Z = XWᵀ and ∇W = MᵀX) or 2n²m (dual: ΔZ −= ηKM).</param>
public sealed record FormTiming(StepForm Form, double BareStepSeconds, double RecordedStepSeconds, double FlopsPerStep)
{
    /// <summary>Effective GFLOP/s of a bare step over the form's own flops.</summary>
    public double StepGflops => FlopsPerStep / BareStepSeconds / 1e9;

    /// <summary>Recorded step over bare step.</summary>
    public double RecordingOverhead => RecordedStepSeconds / BareStepSeconds;
}

/// <summary>Figures of one training-step benchmark, measured in one process.</summary>
/// <param name="N">Points n.</param>
/// <param name="D">Dimension d.</param>
/// <param name="M">Width m.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="GemmGflops">This machine's square gemm rate in the run's precision (n×n, n = the reference size, 2000 by default; best of 5, the faster of runs before and after the step timing).</param>
/// <param name="Forms">The primal form's timing, then the dual form's.</param>
public sealed record TrainBenchmarkResult(int N, int D, int M, Precision Precision, double GemmGflops, IReadOnlyList<FormTiming> Forms)
{
    /// <summary>The primal form's timing.</summary>
    public FormTiming Primal => Forms[0];

    /// <summary>The dual form's timing.</summary>
    public FormTiming Dual => Forms[1];

    /// <summary>A form's step rate over the gemm rate (the primal form's target: ≥ 0.8 in float32).</summary>
    public double RateRatio(FormTiming f) => f.StepGflops / GemmGflops;

    /// <summary>Primal bare step time over dual bare step time: the dual form's speed-up.</summary>
    public double DualSpeedup => Primal.BareStepSeconds / Dual.BareStepSeconds;
}

/// <summary>Times one gradient-descent step of the two-layer network, in both forms, against this machine's gemm.</summary>
public static class TrainBenchmark
{
    /// <summary>Runs the benchmark on sphere data with Gaussian labels, against a square gemm of size gemmSize
    /// (<see cref="Measure.ReferenceGemmSize"/> by default).</summary>
    public static TrainBenchmarkResult Run(int n, int d, int m, Precision precision, int repeats, ILinearAlgebra la,
        int gemmSize = Measure.ReferenceGemmSize)
    {
        double Gemm() => precision == Precision.F32 ? Measure.SgemmGflops(la, gemmSize, 5) : Measure.DgemmGflops(la, gemmSize, 5);
        double before = Gemm();
        var data = Synthetic.Sphere(n, d, 0);
        data = data.WithLabels(Synthetic.Labels(data, LabelKind.Gaussian, 0));
        var spec = new TwoLayerSpec(m, false, false);
        var init = TwoLayerWeights.Random(spec, d, 0);
        var forms = new[] { StepForm.Primal, StepForm.Dual }.Select(form =>
        {
            var (bare, recorded) = precision == Precision.F32
                ? Time<float>(data, spec, init, la, repeats, form)
                : Time<double>(data, spec, init, la, repeats, form);
            return new FormTiming(form, bare, recorded, form == StepForm.Primal ? 4.0 * n * m * d : 2.0 * n * n * m);
        }).ToList();
        double gemm = Math.Max(before, Gemm()); // the faster of two references, before and after: a conservative ratio
        return new TrainBenchmarkResult(n, d, m, precision, gemm, forms);
    }

    private static (double Bare, double Recorded) Time<T>(Dataset data, TwoLayerSpec spec, TwoLayerWeights init, ILinearAlgebra la, int repeats,
        StepForm form) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new TwoLayerNet<T>(data, spec, init, la, form, TrainSpec.DefaultRefreshEvery);
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
