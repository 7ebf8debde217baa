using System.Globalization;
using OverParam.IO;

namespace OverParam.Numerics;

/// <summary>
/// The memory a computation will need, estimated from its sizes before anything is allocated: said to the user at the
/// start, and refused with one line when it cannot fit, rather than dying halfway in the out-of-memory killer.
/// </summary>
/// <param name="What">The computation, e.g. "gram du2019-fc on n = 20000".</param>
/// <param name="Bytes">About how many bytes its largest arrays take at their peak.</param>
/// <param name="Detail">How the figure was counted, e.g. "15 n×n float64 matrices".</param>
public sealed record MemoryEstimate(string What, double Bytes, string Detail)
{
    /// <summary>One line for the user.</summary>
    public override string ToString() => $"{What} needs about {MemoryBudget.Format(Bytes)} ({Detail})";
}

/// <summary>Checks <see cref="MemoryEstimate"/>s against what this process may use.</summary>
public static class MemoryBudget
{
    /// <summary>The largest n for which an n×n array fits .NET's array length limit (Array.MaxLength).</summary>
    public static readonly int MaxSquareSide = (int)Math.Sqrt(Array.MaxLength);

    /// <summary>The memory this process may use: physical memory, or the container's limit where one is set.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>An estimate of <paramref name="matrices"/> n×n float64 matrices plus <paramref name="otherBytes"/>.</summary>
    public static MemoryEstimate Squares(string what, int n, int matrices, double otherBytes = 0, string? otherDetail = null) =>
        new(what, 8.0 * n * n * matrices + otherBytes,
            $"{matrices} n×n float64 matrices" + (otherBytes > 0 ? $" + {Format(otherBytes)} {otherDetail}" : ""));

    /// <summary>
    /// Throws <see cref="InputException"/> when an n×n matrix exceeds the array limit or the estimate exceeds
    /// <paramref name="available"/> bytes (default: <see cref="AvailableBytes"/>).
    /// </summary>
    /// <param name="estimate">The job's estimate.</param>
    /// <param name="n">Its n×n matrices' side, or null for a job that holds no n×n array (a tiled one).</param>
    /// <param name="available">The limit (default: <see cref="AvailableBytes"/>).</param>
    /// <param name="limitName">How the message names the limit, e.g. "that --memory-limit allows".</param>
    public static void Require(MemoryEstimate estimate, int? n, long? available = null, string? limitName = null)
    {
        if (n > MaxSquareSide)
            throw new InputException($"{estimate.What}: n = {n} is too large for one n×n matrix (at most n = {MaxSquareSide}; gram and check --eig min work past it, in tiles)");
        long limit = available ?? AvailableBytes;
        if (estimate.Bytes > limit)
            throw new InputException($"{estimate}, more than the {Format(limit)} {limitName ?? "this process may use"}");
    }

    /// <summary>
    /// A size a user gives, e.g. "20G", "512M", "1.5T" or a plain number of bytes; suffixes are binary (K = 1024) and may
    /// end in "B" or "iB". Throws <see cref="InputException"/> naming <paramref name="option"/> otherwise.
    /// </summary>
    public static long ParseSize(string text, string option)
    {
        string t = text.Trim().ToUpperInvariant();
        if (t.EndsWith("IB", StringComparison.Ordinal)) t = t[..^2];
        else if (t.EndsWith('B') && t.Length > 1 && !char.IsDigit(t[^2])) t = t[..^1];
        double scale = 1;
        int power = t.Length == 0 ? -1 : "KMGT".IndexOf(t[^1]);
        if (power >= 0)
        {
            scale = Math.Pow(1024, power + 1);
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v * scale))
            throw new InputException($"{option}: '{text}' is not a size; expected a positive number of bytes with an optional K, M, G or T (e.g. 20G)");
        return (long)Math.Min(v * scale, long.MaxValue);
    }

    /// <summary>Bytes in KiB/MiB/GiB/TiB with three significant digits.</summary>
    public static string Format(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return bytes.ToString(bytes >= 100 || u == 0 ? "F0" : bytes >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
