using System.ComponentModel;
using OverParam.Experiments;

namespace OverParam.Reproductions;

/// <summary>
/// claims.json, next to a reproduction's report.html: the reproduction's name, its headline count and every claim with
/// its criteria and the values they judge. Serialized by <see cref="Json.Write{T}(T)"/>; its schema is
/// <c>overparam schema claims</c>.
/// </summary>
[Description("claims.json: the claims a reproduction checks, each with the criteria fixed before the run, the values they judge and the verdict (docs/outputs.md).")]
public sealed record ClaimsFile(
    [property: Description("The reproduction (or its quick form) that wrote the file, e.g. \"du2019-quick\".")] string Reproduction,
    [property: Description("The count: \"claims (the paper's and our readings): N of M hold\", extensions and illustrations named apart.")] string Headline,
    [property: Description("Every claim, in the report's order.")] IReadOnlyList<ClaimEntry> Claims)
{
    /// <summary>The file of <paramref name="claims"/>, checked by <paramref name="reproduction"/>.</summary>
    public static ClaimsFile Of(string reproduction, IReadOnlyList<Claim> claims) =>
        new(reproduction, OverParam.Reproductions.Claims.Headline(claims), [.. claims.Select(ClaimEntry.Of)]);
}

/// <summary>One <see cref="Claim"/> as claims.json holds it.</summary>
[Description("One claim: what it says, where it comes from, how it is judged and whether it holds.")]
public sealed record ClaimEntry(
    [property: Description("A stable snake_case key, e.g. \"fc_degrades_faster_than_resnet\".")] string Id,
    [property: Description("The claim in words.")] string Statement,
    [property: Description("paper: the paper states it; reading: our operational reading of it; extension: a question the paper does not settle, measured here; illustration: shown, never counted (THEORY.md's marks).")] ClaimKind Kind,
    [property: Description("The paper's words (arXiv id, section, equation), or THEORY.md's section and mark.")] string Source,
    [property: Description("The criteria, each fixed before the run; the claim holds when every one does.")] IReadOnlyList<CriterionEntry> Criterion,
    [property: Description("Every number the verdict rests on, by name (null where a group is missing).")] IReadOnlyDictionary<string, double?> Measured,
    [property: Description("true when every criterion holds, false when one fails, null when none fails but one is not decided (not measured, or measured with no verdict: params_linear_in_n while a run still falls at the step cap).")] bool? Holds)
{
    /// <summary>The entry of <paramref name="c"/>; NaN becomes null.</summary>
    public static ClaimEntry Of(Claim c) => new(c.Id, c.Statement, c.Kind, c.Source, [.. c.Tests.Select(CriterionEntry.Of)],
        c.Measured.ToDictionary(p => p.Key, p => Json.Finite(p.Value)), c.Holds);
}

/// <summary>One <see cref="ClaimTest"/>: the interval of its <see cref="Criterion"/> and the values judged.</summary>
[Description("One criterion: an interval stated before the run, and the measured values that must lie in it.")]
public sealed record CriterionEntry(
    [property: Description("What is judged, e.g. \"m_star_over_n\".")] string Quantity,
    [property: Description("Where: \"every n\", \"mean over seeds\", ….")] string At,
    [property: Description("[low, high]; null for an infinite end.")] IReadOnlyList<double?> Interval,
    [property: Description("[low excluded, high excluded].")] IReadOnlyList<bool> Open,
    [property: Description("The measured values judged (null: not measured).")] IReadOnlyList<double?> Values,
    [property: Description("true when every value is in the interval, false when one is not, null when nothing was measured.")] bool? Holds)
{
    /// <summary>The entry of <paramref name="t"/>; NaN and infinite ends become null.</summary>
    public static CriterionEntry Of(ClaimTest t) => new(t.Criterion.Quantity, t.Criterion.At,
        [Json.Finite(t.Criterion.Low), Json.Finite(t.Criterion.High)], [t.Criterion.LowOpen, t.Criterion.HighOpen],
        [.. t.Values.Select(Json.Finite)], t.Holds);
}
