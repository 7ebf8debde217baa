using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// How much the worst direction of the output space raises a network's finite-width NTK above its infinite-width limit,
/// for the automatic step of d_y &gt; 1 outputs. The hidden layers' part of the NTK between outputs k and l carries
/// Σ_r a_rk a_rl (the output weights A, rows r, columns k): along output direction c it is scaled by ‖Ac‖², whose mean over
/// directions is tr(AᵀA)/d_y (what the infinite-width kernel assumes for every output) and whose maximum is λ_max(AᵀA).
/// For Gaussian or sign A (m × d_y) the ratio tends to (1 + √(d_y/m))² (the Marchenko–Pastur edge): about 2 at m = 64,
/// d_y = 10, enough to push ηλ past 2 with η = 1/λ_max(NTK∞). The automatic step divides by it.
/// </summary>
public static class OutputSpread
{
    /// <summary>ρ = d_y·λ_max(AᵀA)/tr(AᵀA) ≥ 1 for A (rows × <paramref name="outputs"/>, row-major); exactly 1 for one output.</summary>
    public static double Of(ReadOnlySpan<double> a, int outputs, ILinearAlgebra la)
    {
        if (outputs < 1 || a.Length % outputs != 0) throw new ArgumentException($"{a.Length} output weights do not split into {outputs} columns", nameof(a));
        if (outputs == 1) return 1;
        int rows = a.Length / outputs;
        var gram = new double[outputs * outputs];
        la.Gemm(Op.Transpose, Op.None, outputs, outputs, rows, 1.0, a, outputs, a, outputs, 0.0, gram, outputs);
        double trace = 0;
        for (int k = 0; k < outputs; k++) trace += gram[k * outputs + k];
        var w = new double[outputs];
        la.SymmetricEigenvalues(gram, outputs, w);
        return trace > 0 ? Math.Max(1, outputs * w[^1] / trace) : 1;
    }
}
