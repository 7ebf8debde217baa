namespace OverParam.Theory;

/// <summary>One hypothesis of a theorem, evaluated on a data set or a run.</summary>
/// <param name="Name">A stable snake_case key, e.g. "unit_norm".</param>
/// <param name="Passed">Whether it holds (false also where it was not measured: see <see cref="Measured"/>).</param>
/// <param name="Detail">What was measured, and on failure the reason (an index, a pair, a value).</param>
/// <param name="Source">Where the hypothesis comes from, e.g. "Du et al. ICLR 2019, Theorem 3.2".</param>
public sealed record Hypothesis(string Name, bool Passed, string Detail, string Source)
{
    /// <summary>Whether the quantity was measured at all (an observation of λ_min(H(k)) with --gram-every 0 was not).</summary>
    public bool Measured { get; init; } = true;

    /// <summary>Holds, or was not measured: what a pass/fail verdict (an exit code) takes as not failed.</summary>
    public bool NotFailed => Passed || !Measured;

    /// <summary>The mark a table shows: "ok", "FAIL" or "not measured".</summary>
    public string Mark => !Measured ? "not measured" : Passed ? "ok" : "FAIL";
}
