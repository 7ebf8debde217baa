using System.Diagnostics;
using OverParam.Kernels;

namespace OverParam.Experiments;

/// <summary>
/// Where <c>gram</c>'s time goes, phase by phase, for summary.json's <c>timings</c>: seconds of each phase, the eigensolver's
/// own phases (<see cref="EigenPhases"/>) and, for <c>--eig min</c> on n ≥ <see cref="RateFromN"/>, the factorization's
/// GFLOP/s beside the dgemm rate measured in the same process just before it (the ratio says how close the factorization
/// runs to the machine's limit, whatever else the machine is doing).
/// </summary>
public sealed class GramTimings
{
    /// <summary>The dgemm rate is measured from this n on (below it the whole job takes less than the measurement).</summary>
    public const int RateFromN = 2048;

    /// <summary>Side of the square dgemm timed: 2·1536³ = 7.2 GFLOP, a tenth of a second at this machine's rate, large
    /// enough for OpenBLAS to reach its steady rate.</summary>
    public const int RateSide = 1536;

    /// <summary>Timed runs of it after a warm-up; the best is kept.</summary>
    public const int RateRepeats = 2;

    private readonly List<(string Phase, double Seconds)> _phases = [];

    /// <summary>GFLOP/s of a float64 n×n product measured just before the eigensolver, or null.</summary>
    public double? DgemmGflops { get; set; }

    /// <summary>The eigensolver's phases, or null.</summary>
    public EigenPhases? Phases { get; set; }

    /// <summary>GFLOP/s of a float32 n×n product measured just before a mixed-precision eigensolver, or null.</summary>
    public double? SgemmGflops { get; set; }

    /// <summary>Measures <see cref="DgemmGflops"/> (and with <paramref name="float32"/> <see cref="SgemmGflops"/>) now, for a
    /// job on <paramref name="n"/> ≥ <see cref="RateFromN"/> points.</summary>
    public void MeasureRate(Numerics.ILinearAlgebra la, int n, bool float32 = false)
    {
        if (n < RateFromN) return;
        DgemmGflops = Numerics.GemmRate.Dgemm(la, RateSide, RateRepeats);
        if (float32) SgemmGflops = Numerics.GemmRate.Sgemm(la, RateSide, RateRepeats);
    }

    /// <summary>Runs <paramref name="work"/> and records its wall time under <paramref name="phase"/>.</summary>
    public T Time<T>(string phase, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        var result = work();
        _phases.Add((phase, sw.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>Runs <paramref name="work"/> and records its wall time under <paramref name="phase"/>.</summary>
    public void Time(string phase, Action work) => Time(phase, () => { work(); return 0; });

    /// <summary>
    /// summary.json's timings, in order: each phase as {phase}_seconds; the --eig min eigensolver's phases, its
    /// factorizations and rate; the DGEMM rate (null below <see cref="RateFromN"/>); their ratio; total_seconds.
    /// </summary>
    public IReadOnlyDictionary<string, double?> Values(double totalSeconds)
    {
        var o = new Dictionary<string, double?>();
        foreach (var (phase, seconds) in _phases) o[$"{phase}_seconds"] = seconds;
        if (Phases is { } p)
        {
            if (double.IsFinite(p.Forming)) o["eigen_forming_seconds"] = p.Forming;
            o["eigen_lambda_max_seconds"] = p.LambdaMax;
            o["eigen_factorization_seconds"] = p.Factorization;
            o["factorizations"] = p.Factorizations;
            o["eigen_lanczos_seconds"] = p.Lanczos;
            o["eigen_residual_seconds"] = p.Residual;
            o["factorization_gflops"] = Json.Finite(p.FactorizationGflops);
            if (p.Float32Factorizations > 0)
            {
                o["eigen_float32_factorization_seconds"] = p.Float32Factorization;
                o["float32_factorizations"] = p.Float32Factorizations;
                o["float32_factorization_gflops"] = Json.Finite(p.Float32FactorizationGflops);
                o["eigen_refinement_seconds"] = p.Refinement;
                o["eigen_abandoned_seconds"] = p.Abandoned;
            }
        }
        o["dgemm_gflops"] = Json.Finite(DgemmGflops);
        if (Phases is { } q && DgemmGflops is { } rate) o["factorization_over_dgemm"] = Json.Finite(q.FactorizationGflops / rate);
        if (SgemmGflops is { } srate)
        {
            o["sgemm_gflops"] = srate;
            if (Phases is { Float32Factorizations: > 0 } f) o["float32_factorization_over_sgemm"] = Json.Finite(f.Float32FactorizationGflops / srate);
        }
        o["total_seconds"] = totalSeconds;
        return o;
    }
}
