using System.ComponentModel;
using System.Globalization;
using OverParam.Experiments;

namespace OverParam.Thresholds;

/// <summary>
/// fit.json of <c>overparam threshold</c>: the power laws m* ≈ C nᵖ fitted to the measured thresholds, with bootstrap
/// intervals, and the theorem's required width fitted the same way. Serialized by <see cref="Json.Write{T}(T)"/>.
/// </summary>
[Description("fit.json of overparam threshold: the exponents p of m* ≈ C n^p (and of the parameter count) with their bootstrap intervals, and the theorem's required width fitted the same way.")]
public sealed record FitFile(
    [property: Description("The fit of the smallest width that fits the data, m*, from each seed's verdict at the largest step budget tried.")] PowerFitEntry MStar,
    [property: Description("The fit of the parameter count at m*.")] PowerFitEntry ParamsStar,
    [property: Description("The fit of m* from the base-budget runs alone (--steps): with --max-steps, how much the budget decided.")] PowerFitEntry MStarBase,
    [property: Description("The fit of the parameter count at m*, base-budget runs alone.")] PowerFitEntry ParamsStarBase,
    [property: Description("The fit of the theorem's required width (hidden constants 1), Du et al. ICLR 2019 Thm 4.1 for the two-layer net.")] PowerFitEntry RequiredWidth,
    [property: Description("K, the base step budget (--steps).")] int Steps,
    [property: Description("The largest step budget of a rerun (--max-steps; --steps when none).")] int MaxSteps,
    [property: Description("The theorem whose width required_width evaluates, with its formula; null with no sizes.")] string? Theorem,
    [property: Description("Per n, the tried widths below m_below that succeeded (thresholds.csv counts them).")] IReadOnlyList<NonMonotoneEntry> NonMonotone,
    [property: Description("How the fits and their intervals are computed.")] string Method,
    [property: Description("runs.csv's verdict codes: code to name.")] IReadOnlyDictionary<string, string> VerdictCodes,
    [property: Description("Which tool and linear algebra wrote the file, and when.")] Provenance Provenance)
{
    /// <summary>The fit.json of <paramref name="r"/>, written with <paramref name="backend"/>.</summary>
    public static FitFile Of(ThresholdResult r, string backend) => new(
        PowerFitEntry.Of(r.WidthFit), PowerFitEntry.Of(r.ParamsFit), PowerFitEntry.Of(r.BaseWidthFit), PowerFitEntry.Of(r.BaseParamsFit), PowerFitEntry.Of(r.TheoryFit),
        r.Spec.BaseSteps, r.Spec.StepCap,
        r.Sizes.Count > 0 ? r.Sizes[0].Theory.Theorem + ": " + r.Sizes[0].Theory.WidthFormula + ", hidden constants 1" : null,
        [.. r.Sizes.Select(s => new NonMonotoneEntry(s.N, s.Threshold.NonMonotone))],
        $"least squares of ln y on ln n over the sizes with a threshold; 95% interval (ci_low, ci_high): 2.5th–97.5th percentile of {ThresholdFit.DefaultReplicates} " +
        $"bootstrap replicates over seeds (seed {ThresholdFit.BootstrapSeed}); ci_low_sizes_seeds, ci_high_sizes_seeds: the same over replicates that draw " +
        $"the sizes with replacement and the seeds within each (seed {ThresholdFit.SizesBootstrapSeed}); m_star and params_star from each seed's verdict at " +
        "the largest step budget tried, m_star_base and params_star_base from the runs at --steps alone",
        Enum.GetValues<RunVerdict>().ToDictionary(v => ((int)v).ToString(CultureInfo.InvariantCulture), v => v.ToString().ToLowerInvariant()),
        Provenance.Now(backend));
}

/// <summary>One <see cref="PowerFit"/>, y ≈ C nᵖ, as fit.json holds it (null where a value is not finite).</summary>
[Description("A power law y ≈ C n^p fitted by least squares of ln y on ln n, with 95% bootstrap intervals of p.")]
public sealed record PowerFitEntry(
    [property: Description("p; null with fewer than two sizes with a threshold.")] double? Exponent,
    [property: Description("C.")] double? Coefficient,
    [property: Description("2.5th percentile of p over bootstrap replicates over seeds.")] double? CiLow,
    [property: Description("97.5th percentile of p over bootstrap replicates over seeds.")] double? CiHigh,
    [property: Description("How many sizes n had a threshold and entered the fit.")] int Points,
    [property: Description("Replicates over seeds in which at least two sizes had a threshold.")] int Replicates,
    [property: Description("2.5th percentile of p over replicates that draw the sizes with replacement and the seeds within each.")] double? CiLowSizesSeeds,
    [property: Description("97.5th percentile of p, sizes and seeds drawn.")] double? CiHighSizesSeeds,
    [property: Description("Replicates over sizes and seeds in which at least two distinct sizes had a threshold.")] int ReplicatesSizesSeeds)
{
    /// <summary>The entry of <paramref name="f"/>.</summary>
    public static PowerFitEntry Of(PowerFit f) => new(Json.Finite(f.Exponent), Json.Finite(f.Coefficient), Json.Finite(f.CiLow), Json.Finite(f.CiHigh),
        f.Points, f.Replicates, Json.Finite(f.SizesCiLow), Json.Finite(f.SizesCiHigh), f.SizesReplicates);
}

/// <summary>The tried widths below m_below that succeeded, at one n.</summary>
[Description("The widths below m_below that succeeded at one n (a non-monotone success curve).")]
public sealed record NonMonotoneEntry(
    [property: Description("The number of training points.")] int N,
    [property: Description("The widths.")] IReadOnlyList<int> Widths);
