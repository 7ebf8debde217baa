using System.Diagnostics;

namespace OverParam.Numerics;

/// <summary>
/// The machine's matrix-product rate, measured in the calling process: the yardstick a factorization's or a step's
/// GFLOP/s is quoted against (a ratio measured in one process survives a shared, noisy machine; a bare rate does not).
/// </summary>
public static class GemmRate
{
    /// <summary>The shortest wall time of <paramref name="repeats"/> runs of <paramref name="action"/>, after one warm-up.</summary>
    public static double BestSeconds(Action action, int repeats, bool warmUp = true)
    {
        if (warmUp) action();
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>GFLOP/s of C = A·B for square n×n float64 matrices (2n³ flops), best of <paramref name="repeats"/>.</summary>
    public static double Dgemm(ILinearAlgebra la, int n, int repeats)
    {
        var (a, b, c) = (new double[n * n], new double[n * n], new double[n * n]);
        var rng = new Rng(2);
        rng.FillGaussian(a);
        rng.FillGaussian(b);
        double s = BestSeconds(() => la.Gemm(Op.None, Op.None, n, n, n, 1.0, a, n, b, n, 0.0, c, n), repeats);
        return 2.0 * n * n * n / s / 1e9;
    }

    /// <summary>GFLOP/s of C = A·B for square n×n float32 matrices (2n³ flops), best of <paramref name="repeats"/>.</summary>
    public static double Sgemm(ILinearAlgebra la, int n, int repeats)
    {
        var (a, b, c) = (new float[n * n], new float[n * n], new float[n * n]);
        var rng = new Rng(1);
        for (int i = 0; i < a.Length; i++) { a[i] = (float)rng.NextGaussian(); b[i] = (float)rng.NextGaussian(); }
        double s = BestSeconds(() => la.Gemm(Op.None, Op.None, n, n, n, 1f, a, n, b, n, 0f, c, n), repeats);
        return 2.0 * n * n * n / s / 1e9;
    }
}
