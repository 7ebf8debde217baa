using OverParam.Numerics;

namespace OverParam.Benchmarks;

/// <summary>Timing and memory helpers for benchmarks. Timings are the best of several runs (the least disturbed by
/// other work on a shared machine); ratios are always taken between figures measured in the same process.</summary>
public static class Measure
{
    /// <summary>The square reference gemm's size by default (bench train and bench deep, <c>--gemm-size</c>): 2000, large
    /// enough that the rate is the machine's, not the call's overhead.</summary>
    public const int ReferenceGemmSize = 2000;

    /// <summary>The shortest wall time of <paramref name="repeats"/> runs of <paramref name="action"/>, after one warm-up.</summary>
    public static double BestSeconds(Action action, int repeats, bool warmUp = true) => GemmRate.BestSeconds(action, repeats, warmUp);

    /// <summary>The median of a non-empty sorted list (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0) throw new ArgumentException("median of an empty list", nameof(sorted));
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>GFLOP/s of C = A·B for square n×n float32 matrices (2n³ flops), best of <paramref name="repeats"/>.</summary>
    public static double SgemmGflops(ILinearAlgebra la, int n, int repeats) => GemmRate.Sgemm(la, n, repeats);

    /// <summary>GFLOP/s of C = A·B for square n×n float64 matrices (2n³ flops), best of <paramref name="repeats"/>.</summary>
    public static double DgemmGflops(ILinearAlgebra la, int n, int repeats) => GemmRate.Dgemm(la, n, repeats);

    /// <summary>
    /// Resets the kernel's peak-RSS mark for this process (Linux: writing 5 to /proc/self/clear_refs), so that
    /// <see cref="PeakRssBytes"/> then reports the peak of what follows. Returns false where unsupported.
    /// </summary>
    public static bool ResetPeakRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The peak resident set size (VmHWM) in bytes, or −1 where /proc is unavailable.</summary>
    public static long PeakRssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return -1;
    }
}
