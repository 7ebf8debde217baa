namespace OverParam.Kernels;

/// <summary>A pair of inputs (0-based indices i &lt; j) at angle θ, in degrees.</summary>
public sealed record InputPair(int I, int J, double AngleDegrees);

/// <summary>
/// How close the inputs come to one another, gathered while the Gram matrix is built (no extra pass over the data).
/// Du et al.'s Theorem 3.1 needs no two inputs parallel; the circle with six points (THEORY.md §7.3) shows that
/// anti-parallel pairs must be excluded too, so both are tracked.
/// </summary>
/// <param name="MinAngleDegrees">min over i ≠ j of θ_ij (NaN when n = 1).</param>
/// <param name="ClosestPair">The pair attaining it.</param>
/// <param name="MinLineAngleDegrees">min over i ≠ j of min(θ_ij, 180° − θ_ij): how close to parallel or anti-parallel.</param>
/// <param name="ClosestLinePair">The pair attaining it.</param>
/// <param name="ParallelPairs">Pairs with 1 − |cos θ_ij| ≤ <see cref="ParallelTolerance"/> (first few, by index).</param>
/// <param name="ParallelPairCount">How many such pairs in all.</param>
/// <param name="ZeroRows">Indices of zero inputs (the angle is undefined; they are excluded from the minima).</param>
public sealed record PairGeometry(
    double MinAngleDegrees, InputPair? ClosestPair,
    double MinLineAngleDegrees, InputPair? ClosestLinePair,
    IReadOnlyList<InputPair> ParallelPairs, long ParallelPairCount,
    IReadOnlyList<int> ZeroRows)
{
    /// <summary>
    /// |cos θ| within 1e-12 of 1 counts as parallel (or anti-parallel). Float64 inner products of unit vectors in d ≤ 10⁴
    /// carry errors of about 1e-13, so genuinely distinct directions below this are indistinguishable from rounding.
    /// </summary>
    public const double ParallelTolerance = 1e-12;

    /// <summary>How many parallel pairs are kept by index (the count covers all).</summary>
    public const int MaxListedPairs = 10;
}
