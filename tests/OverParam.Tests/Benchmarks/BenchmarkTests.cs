using OverParam.Architectures;
using OverParam.Benchmarks;
using OverParam.Models;
using OverParam.Tests.Cli;
using OverParam.Training;

namespace OverParam.Tests.Benchmarks;

/// <summary>The benchmarks' arithmetic and reporting; their speed figures are in docs/perf.md, not asserted here.</summary>
public class BenchmarkTests
{
    /// <summary>
    /// The reference gemm's size here: what is asserted is arithmetic and reporting, not the rate, and the default 2000×2000
    /// reference (twelve 16-GFLOP products a measurement) was most of these tests' CPU time.
    /// </summary>
    private const int TestGemmSize = 200;

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(2.0, Measure.Median([1.0, 2.0, 9.0]));
        Assert.Equal(2.5, Measure.Median([1.0, 2.0, 3.0, 9.0]));
        Assert.Equal(4.0, Measure.Median([4.0]));
        Assert.Throws<ArgumentException>(() => Measure.Median([]));
    }

    [Fact]
    public void Bench_erf_times_three_paths_on_the_same_values_and_checks_the_span_path_to_the_bit()
    {
        var b = ErfBenchmark.Run(1001, 2); // an odd count: the span path's scalar tail is timed too
        Assert.True(b.Identical);
        Assert.True(b.MathNetNs > 0 && b.ScalarNs > 0 && b.SpanNs > 0);
        Assert.Equal(b.ScalarNs / b.SpanNs, b.SpanSpeedup, 1e-12);
        var r = CliRunner.Run("bench", "erf", "--count", "100", "--repeat", "2");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("span values equal to the scalar's to the bit: yes", r.Out);
    }

    [Fact]
    public void Deep_benchmark_counts_the_products_flops_and_times_products_and_step()
    {
        var spec = new DeepSpec(Architecture.Fc, 3, Activation.ByName("softplus"), 0.5);
        var b = DeepBenchmark.Run(spec, 40, 6, 32, Precision.F64, 2, TestData.OpenBlas, TestGemmSize);
        Assert.Equal(4.0 * 40 * 6 * 32 + 6.0 * 2 * 40 * 32 * 32, b.FlopsPerStep); // 4ndm + 6(H − 1)nm²
        Assert.True(b.GemmGflops > 0 && b.StepSeconds > 0 && b.ProductsSeconds > 0);
        Assert.Equal(b.FlopsPerStep / b.StepSeconds / 1e9 / b.GemmGflops, b.RateRatio, 1e-12);
        Assert.Equal(b.StepSeconds / b.ProductsSeconds, b.OverheadRatio, 1e-12);
    }

    [Fact]
    public void Bench_deep_prints_each_run_and_the_median_ratio()
    {
        var r = CliRunner.Run("bench", "deep", "--n", "30", "--d", "5", "--width", "24", "--depth", "2", "--repeat", "1", "--runs", "3", "--precision", "f64",
            "--gemm-size", TestGemmSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(3, r.Out.Split('\n').Count(l => l.TrimStart().StartsWith("run ", StringComparison.Ordinal)));
        Assert.Matches(@"ratio to dgemm: median [0-9.]+, min [0-9.]+, max [0-9.]+; [0-3] of 3 runs ≥ 0\.7", r.Out);
    }

    [Fact]
    public void Train_benchmark_times_both_forms_over_their_own_flops()
    {
        var b = TrainBenchmark.Run(30, 50, 40, Precision.F64, 2, TestData.OpenBlas, TestGemmSize);
        Assert.Equal([StepForm.Primal, StepForm.Dual], b.Forms.Select(f => f.Form));
        Assert.Equal(4.0 * 30 * 40 * 50, b.Primal.FlopsPerStep); // Z = XWᵀ and ∇W = MᵀX
        Assert.Equal(2.0 * 30 * 30 * 40, b.Dual.FlopsPerStep);   // ΔZ −= ηKM
        Assert.All(b.Forms, f => Assert.True(f.BareStepSeconds > 0 && f.RecordedStepSeconds > 0));
        Assert.Equal(b.Primal.BareStepSeconds / b.Dual.BareStepSeconds, b.DualSpeedup, 1e-12);
        Assert.Equal(b.Dual.StepGflops / b.GemmGflops, b.RateRatio(b.Dual), 1e-12);
        var r = CliRunner.Run("bench", "train", "--n", "30", "--d", "50", "--width", "40", "--repeat", "1", "--precision", "f64",
            "--gemm-size", TestGemmSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("primal bare step:", r.Out);
        Assert.Contains("dual bare step:", r.Out);
        Assert.Contains("auto picks dual here", r.Out);
    }

    [Fact]
    public void Bench_deep_refuses_zero_runs()
    {
        var r = CliRunner.Run("bench", "deep", "--runs", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--runs", r.ErrorLine());
    }
}
