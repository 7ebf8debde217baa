using OverParam.Data;
using OverParam.Experiments;
using OverParam.Numerics;
using OverParam.Sweeps;

namespace OverParam.Thresholds;

/// <summary>What a theorem asks for on the data of one size n, next to which the measured threshold is reported.</summary>
/// <param name="N">n.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞) (two-layer; of (x, 1) with biases) or λ_min(K^(H)) (deep models), on the first n points.</param>
/// <param name="Theorem">Which theorem, e.g. "Du et al. ICLR 2019, Thm 4.1".</param>
/// <param name="WidthFormula">Its width as evaluated, e.g. "n⁶/(λ0⁴δ³)".</param>
/// <param name="RequiredWidth">That width with the hidden constants set to 1 (NaN when λ0 ≤ 0).</param>
/// <param name="RequiredParameters">The model's trainable parameters at that width (NaN when the width is).</param>
public sealed record TheoryAtSize(int N, double Lambda0, string Theorem, string WidthFormula, double RequiredWidth, double RequiredParameters)
{
    /// <summary>
    /// Computes λ0 and the required width at size n exactly as <c>overparam check</c> does (same kernel, same δ,
    /// hidden constants 1). Neither depends on the labels, which are left out: the kernel of one-hot targets (more than
    /// two classes) is the scalar one, and the theorems' widths are those of one output.
    /// </summary>
    public static TheoryAtSize Compute(ThresholdSpec spec, int n, ILinearAlgebra la, int maxParallelism)
    {
        var train = TrainSettings.ToTrainSpec(spec.Settings(n, 1, 0));
        train = train with { Data = train.Data with { Labels = DataSpec.NoLabels } };
        var r = CheckJob.Run(new CheckSpec(train.Data, train.Model with { Width = 0 }, null, train.Delta, null), la, maxParallelism).Requirement;
        return new TheoryAtSize(n, r.Lambda, r.Theorem, r.WidthFormula, r.RequiredWidth,
            Parameters(r.RequiredWidth, m => (train.Model with { Width = m }).ParameterCount(r.D)));
    }

    /// <summary>P at a width that may exceed int's range: P is linear in m for the two-layer net and m·d + (H−1)m² + m for
    /// deep ones, so it is evaluated at m = 1 and m = 2 … as a polynomial in m of degree ≤ 2.</summary>
    private static double Parameters(double width, Func<int, long> count)
    {
        if (!double.IsFinite(width)) return double.NaN;
        double p1 = count(1), p2 = count(2), p3 = count(3);
        // P(m) = a m² + b m + c through m = 1, 2, 3 (exact for every architecture here: degree ≤ 2 in m).
        double a = (p3 - 2 * p2 + p1) / 2, b = p2 - p1 - 3 * a, c0 = p1 - a - b;
        return a * width * width + b * width + c0;
    }
}
