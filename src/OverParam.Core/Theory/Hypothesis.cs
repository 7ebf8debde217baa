namespace OverParam.Theory;

/// <summary>One hypothesis of a theorem, evaluated on a data set or a run.</summary>
/// <param name="Name">A stable snake_case key, e.g. "unit_norm".</param>
/// <param name="Passed">Whether it holds.</param>
/// <param name="Detail">What was measured, and on failure the reason (an index, a pair, a value).</param>
/// <param name="Source">Where the hypothesis comes from, e.g. "Du et al. ICLR 2019, Theorem 3.2".</param>
public sealed record Hypothesis(string Name, bool Passed, string Detail, string Source);
