using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>
/// A sweep a reproduction writes, in a quick and a full form: the report's title, the notes it adds and the claims it
/// checks (claims.json next to report.html). Its full form's sweep is named <see cref="Name"/>, its quick form's
/// <see cref="Name"/> + <see cref="Reproduction.QuickSuffix"/>, exactly as the spec writes it into sweep.json.
/// </summary>
/// <param name="Name">The full form's sweep name.</param>
/// <param name="Title">The full form's report title; the quick form's adds " (quick)" unless <paramref name="QuickTitle"/> says otherwise.</param>
/// <param name="Notes">The report's notes (HTML) from the aggregated sweep, and whether it is the quick form.</param>
/// <param name="Claims">The claims checked on the aggregated sweep.</param>
/// <param name="QuickTitle">The quick form's title, where it is not the full one with " (quick)".</param>
public sealed record ReproductionPart(string Name, string Title, Func<SweepData, bool, string> Notes, Func<SweepData, IReadOnlyList<Claim>> Claims,
    string? QuickTitle = null)
{
    /// <summary>The sweep name of the quick or full form.</summary>
    public string SweepName(bool quick) => Reproduction.Named(Name, quick);

    /// <summary>The report title of the quick or full form.</summary>
    public string TitleOf(bool quick) => quick ? QuickTitle ?? $"{Title} (quick)" : Title;
}

/// <summary>One form of a <see cref="ReproductionPart"/>: what a report over its sweep needs.</summary>
/// <param name="Part">The part.</param>
/// <param name="Quick">Whether it is the quick form.</param>
public sealed record ReproductionSweep(ReproductionPart Part, bool Quick)
{
    /// <summary>The sweep's exact name (sweep.json's).</summary>
    public string Name => Part.SweepName(Quick);

    /// <summary>The report's title.</summary>
    public string Title => Part.TitleOf(Quick);

    /// <summary>The report's notes on <paramref name="data"/>.</summary>
    public string Notes(SweepData data) => Part.Notes(data, Quick);

    /// <summary>The claims checked on <paramref name="data"/>.</summary>
    public IReadOnlyList<Claim> Claims(SweepData data) => Part.Claims(data);
}
