using System.Globalization;

namespace OverParam.Reproductions;

/// <summary>Where a claim comes from, and so what its verdict is worth.</summary>
public enum ClaimKind
{
    /// <summary>The paper states it (THEORY.md's [S]).</summary>
    Paper,
    /// <summary>Our operational reading of a claim the paper states (a threshold, a data set, a network of our choice).</summary>
    Reading,
    /// <summary>A question the paper does not settle, measured here (never "the paper's claim").</summary>
    Extension,
    /// <summary>Shown, not tested: no feasible outcome could make it false. Never counted in "N of M claims hold".</summary>
    Illustration,
}

/// <summary>
/// What a measured quantity must be for a claim to hold, fixed before the run: an interval, closed or open at each end,
/// with both ends finite where the claim says "linear", "equal" or "at chance".
/// </summary>
/// <param name="Quantity">What is judged, e.g. "m_star_over_n" or "exponent 95% interval".</param>
/// <param name="At">Where: "every n", "mean over seeds", "each end of the interval", ….</param>
/// <param name="Low">The lower end (−∞: none).</param>
/// <param name="High">The upper end (+∞: none).</param>
/// <param name="LowOpen">Whether <paramref name="Low"/> itself is excluded.</param>
/// <param name="HighOpen">Whether <paramref name="High"/> itself is excluded.</param>
public sealed record Criterion(string Quantity, string At, double Low, double High, bool LowOpen = false, bool HighOpen = false)
{
    /// <summary>Whether <paramref name="v"/> lies in the interval (NaN never does).</summary>
    public bool Contains(double v) => (LowOpen ? v > Low : v >= Low) && (HighOpen ? v < High : v <= High);

    /// <summary>Both ends finite.</summary>
    public bool TwoSided => double.IsFinite(Low) && double.IsFinite(High);

    /// <summary>The interval as written: [0.95, 1.05], [0, 1), (−∞, 0.5].</summary>
    public string Interval => $"{(LowOpen || !double.IsFinite(Low) ? "(" : "[")}{F(Low)}, {F(High)}{(HighOpen || !double.IsFinite(High) ? ")" : "]")}";

    /// <summary>A ratio a/b of positive quantities that must be below 1: "a is smaller than b", as the interval [0, 1).</summary>
    public static Criterion Smaller(string quantity, string at) => new(quantity, at, 0, 1, HighOpen: true);

    /// <summary>The interval [center − half, center + half].</summary>
    public static Criterion Around(string quantity, string at, double center, double half) => new(quantity, at, center - half, center + half);

    private static string F(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>One criterion and the values judged by it (each must lie in its interval).</summary>
/// <param name="Criterion">The interval, stated before the run.</param>
/// <param name="Values">The measured values it judges (every n, both ends of an interval, …).</param>
public sealed record ClaimTest(Criterion Criterion, IReadOnlyList<double> Values)
{
    /// <summary>true when every value is in the interval; false when one is not; null when nothing (or NaN) was measured.</summary>
    public bool? Holds => Values.Count == 0 || Values.Any(double.IsNaN) ? null : Values.All(Criterion.Contains);
}

/// <summary>One claim that a reproduction's report checks, as data.</summary>
/// <param name="Id">A stable snake_case key, e.g. "fc_degrades_faster_than_resnet".</param>
/// <param name="Statement">The claim in words.</param>
/// <param name="Kind">The paper's, our reading, our extension, or an illustration.</param>
/// <param name="Source">The paper's words, or THEORY.md's section and mark.</param>
/// <param name="Tests">The criteria and the values each judges; the claim holds when every one does.</param>
/// <param name="Measured">Every number the verdict rests on, by name (NaN where a group is missing).</param>
public sealed record Claim(string Id, string Statement, ClaimKind Kind, string Source, IReadOnlyList<ClaimTest> Tests, IReadOnlyDictionary<string, double> Measured)
{
    /// <summary>false when a criterion fails; null when none fails but one is not decided (not measured, or measured with no verdict); true when all hold.</summary>
    public bool? Holds => Tests.Count == 0 ? null
        : Tests.Any(t => t.Holds == false) ? false
        : Tests.Any(t => t.Holds == null) ? null
        : true;

    /// <summary>Whether the claim counts in "N of M claims hold" (the paper's and our readings; extensions are counted apart).</summary>
    public bool Counted => Kind is ClaimKind.Paper or ClaimKind.Reading;

    /// <summary>A claim judged by one criterion.</summary>
    public static Claim Of(string id, string statement, ClaimKind kind, string source, Criterion criterion, IReadOnlyList<double> values,
        IReadOnlyDictionary<string, double> measured) => new(id, statement, kind, source, [new ClaimTest(criterion, values)], measured);

    /// <summary>"holds", "DOES NOT HOLD" or "not decided" (not measured, or measured with no verdict).</summary>
    public string Verdict => Holds switch { true => "holds", false => "DOES NOT HOLD", null => "not decided" };
}
