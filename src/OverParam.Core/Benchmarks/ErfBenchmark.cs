using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OverParam.Numerics;

namespace OverParam.Benchmarks;

/// <summary>erf's cost a value, each path timed in the same process on the same values.</summary>
/// <param name="Count">Values a pass (about a deep erf net's units × points of one layer).</param>
/// <param name="Vector">The span path's width: "AVX-512 (8 lanes)", "AVX2 (4 lanes)" or "none (scalar)".</param>
/// <param name="MathNetNs">MathNet.Numerics' SpecialFunctions.Erf, one call a value.</param>
/// <param name="ScalarNs">ErrorFunction.Erf(double), one call a value.</param>
/// <param name="SpanNs">ErrorFunction.Erf(span), the span at once.</param>
/// <param name="Identical">The span path's values equal the scalar path's to the bit on every value timed.</param>
public sealed record ErfBenchmark(int Count, string Vector, double MathNetNs, double ScalarNs, double SpanNs, bool Identical)
{
    /// <summary>Scalar over span time: what evaluating a layer at once gains.</summary>
    public double SpanSpeedup => ScalarNs / SpanNs;

    /// <summary>
    /// Times the three paths on <paramref name="count"/> values drawn uniformly from [−3, 3] (seed 1: pre-activations of
    /// a normalized net, every range of the function met), each the best of <paramref name="repeats"/> passes.
    /// </summary>
    public static ErfBenchmark Run(int count, int repeats)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one value");
        var rng = Rng.Stream(1, 0);
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = 6 * rng.NextDouble() - 3;
        double[] scalar = new double[count], span = new double[count], mathNet = new double[count];
        double PerValue(double seconds) => seconds / count * 1e9;
        double m = PerValue(Measure.BestSeconds(() => { for (int i = 0; i < count; i++) mathNet[i] = MathNet.Numerics.SpecialFunctions.Erf(x[i]); }, repeats));
        double s = PerValue(Measure.BestSeconds(() => { for (int i = 0; i < count; i++) scalar[i] = ErrorFunction.Erf(x[i]); }, repeats));
        double v = PerValue(Measure.BestSeconds(() => ErrorFunction.Erf(x, span), repeats));
        bool identical = scalar.AsSpan().SequenceEqual(span);
        string vector = Avx512F.IsSupported ? $"AVX-512 ({Vector512<double>.Count} lanes)" : Avx2.IsSupported ? $"AVX2 ({Vector256<double>.Count} lanes)" : "none (scalar)";
        return new ErfBenchmark(count, vector, m, s, v, identical);
    }
}
