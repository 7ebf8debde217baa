using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OverParam.Numerics;

public static partial class ErrorFunction
{
    /// <summary>
    /// y_i = erf(x_i) for every i, bit for bit the values of <see cref="Erf(double)"/>: eight lanes at a time (AVX-512) or
    /// four (AVX2), each
    /// lane running both the series and the Clenshaw recurrence of its own interval (its coefficients gathered) with the
    /// scalar path's operations in its order (no fused multiply–add), then keeping the range's result; the last
    /// <c>Length mod 4</c> values, and every value without AVX2, by the scalar path. A deep erf net evaluates σ at every unit
    /// of every layer for every point at every step: scalar, that was a third of a step (n = 800, m = 15, H = 3).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static void Erf(ReadOnlySpan<double> x, Span<double> y) => Erf(x, y, Vector512<double>.Count);

    /// <summary>As <see cref="Erf(ReadOnlySpan{double}, Span{double})"/> with vectors of at most <paramref name="widest"/>
    /// lanes (8, 4 or 1), so that each path can be checked on a machine that has a wider one.</summary>
    internal static unsafe void Erf(ReadOnlySpan<double> x, Span<double> y, int widest)
    {
        if (y.Length < x.Length) throw new ArgumentException($"erf of {x.Length} values into {y.Length}", nameof(y));
        int i = 0;
        if (widest >= Vector512<double>.Count && Avx512F.IsSupported && x.Length >= Vector512<double>.Count)
        {
            fixed (double* px = x, py = y, c = ByCoefficient)
            {
                for (; i <= x.Length - Vector512<double>.Count; i += Vector512<double>.Count)
                    Vector512.Store(Erf8(Vector512.Load(px + i), c), py + i);
            }
        }
        if (widest >= Vector256<double>.Count && Avx2.IsSupported && x.Length - i >= Vector256<double>.Count)
        {
            fixed (double* px = x, py = y, c = Chebyshev)
            {
                for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
                    Vector256.Store(Erf4(Vector256.Load(px + i), c), py + i);
            }
        }
        for (; i < x.Length; i++) y[i] = Erf(x[i]);
    }

    /// <summary>The Chebyshev coefficients by coefficient, then interval: entry j·<see cref="Intervals"/> + i is coefficient j
    /// of interval i, so that the 24 intervals' coefficient j are three 8-wide registers, looked up by permutes.</summary>
    private static readonly double[] ByCoefficient = Transpose();

    private static double[] Transpose()
    {
        var t = new double[(Degree + 1) * Intervals];
        for (int i = 0; i < Intervals; i++)
            for (int j = 0; j <= Degree; j++) t[j * Intervals + i] = Chebyshev[i * (Degree + 1) + j];
        return t;
    }

    /// <summary>Eight values of <see cref="Erf(double)"/> (AVX-512): as <see cref="Erf4"/>, the coefficients looked up by
    /// two-register and one-register permutes (intervals 0–15 and 16–23) instead of gathers.</summary>
    private static unsafe Vector512<double> Erf8(Vector512<double> x, double* byCoefficient)
    {
        var signMask = Vector512.Create(-0.0);
        var a = Vector512.Abs(x);
        var sign = x & signMask;

        var z = x * x;
        var s = Vector512.Create(Series[SeriesTerms - 1]);
        for (int k = SeriesTerms - 2; k >= 0; k--) s = s * z + Vector512.Create(Series[k]);
        var series = x * s;

        var scaled = a * Vector512.Create(PerUnit);
        var interval = Vector256.Min(Vector256.Max(Avx512F.ConvertToVector256Int32WithTruncation(scaled), Vector256<int>.Zero),
            Vector256.Create(Intervals - 1));
        var t = (scaled - Avx512F.ConvertToVector512Double(interval)) * Vector512.Create(2.0) - Vector512<double>.One;
        var twoT = Vector512.Create(2.0) * t;
        var index = Avx512F.ConvertToVector512Int64(interval);
        var upper = Vector512.GreaterThanOrEqual(index, Vector512.Create(16L)).AsDouble();
        Vector512<double> Coefficient(int j)
        {
            double* row = byCoefficient + j * Intervals;
            var low = Avx512F.PermuteVar8x64x2(Vector512.Load(row), index, Vector512.Load(row + 8));
            var high = Avx512F.PermuteVar8x64(Vector512.Load(row + 16), index);
            return Vector512.ConditionalSelect(upper, high, low);
        }
        Vector512<double> b1 = Vector512<double>.Zero, b2 = Vector512<double>.Zero;
        for (int j = Degree; j >= 1; j--)
        {
            var b = twoT * b1 - b2 + Coefficient(j);
            b2 = b1;
            b1 = b;
        }
        var v = t * b1 - b2 + Coefficient(0);
        var chebyshevValue = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(ComplementFrom)), v, Vector512<double>.One - v);
        var magnitude = Vector512.AndNot(chebyshevValue, signMask) | sign;

        var result = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(SeriesBelow)), series, magnitude);
        result = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(Saturation)), result, Vector512<double>.One | sign);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>Four values of <see cref="Erf(double)"/>.</summary>
    private static unsafe Vector256<double> Erf4(Vector256<double> x, double* chebyshev)
    {
        var signMask = Vector256.Create(-0.0);
        var a = Vector256.Abs(x);
        var sign = x & signMask;

        // |x| < 1/2: the series, as Erf(double) sums it.
        var z = x * x;
        var s = Vector256.Create(Series[SeriesTerms - 1]);
        for (int k = SeriesTerms - 2; k >= 0; k--) s = s * z + Vector256.Create(Series[k]);
        var series = x * s;

        // 1/2 ≤ |x| < 6: Clenshaw on interval i = ⌊4|x|⌋ (clamped into the table for the lanes that do not use it: the
        // series', the saturated and NaN, whose conversion gives int.MinValue).
        var scaled = a * Vector256.Create(PerUnit);
        var interval = Vector128.Min(Vector128.Max(Avx.ConvertToVector128Int32WithTruncation(scaled), Vector128<int>.Zero),
            Vector128.Create(Intervals - 1));
        var t = (scaled - Avx.ConvertToVector256Double(interval)) * Vector256.Create(2.0) - Vector256<double>.One;
        var twoT = Vector256.Create(2.0) * t;
        var offset = interval * Vector128.Create(Degree + 1);
        Vector256<double> b1 = Vector256<double>.Zero, b2 = Vector256<double>.Zero;
        for (int j = Degree; j >= 1; j--)
        {
            var b = twoT * b1 - b2 + Avx2.GatherVector256(chebyshev, offset + Vector128.Create(j), 8);
            b2 = b1;
            b1 = b;
        }
        var v = t * b1 - b2 + Avx2.GatherVector256(chebyshev, offset, 8);
        var chebyshevValue = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(ComplementFrom)), v, Vector256<double>.One - v);
        var magnitude = Vector256.AndNot(chebyshevValue, signMask) | sign; // Math.CopySign(…, x)

        var saturated = Vector256<double>.One | sign;
        var result = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SeriesBelow)), series, magnitude);
        result = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(Saturation)), result, saturated);
        var nan = Vector256.Equals(x, x); // false on NaN lanes: x itself, as Erf(double) returns it
        return Vector256.ConditionalSelect(nan, result, x);
    }
}
