using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>Arora et al.'s data-dependent complexity of labels y under a Gram matrix H.</summary>
/// <param name="Value">yᵀH⁻¹y, or null where H is not numerically positive definite.</param>
/// <param name="GeneralizationBound">√(2yᵀH⁻¹y/n), the leading term of Arora et al. ICML 2019 Thm 5.1's bound on the
/// population loss of a 1-Lipschitz loss (its O(√(log(n/(λ0δ))/n)) term is not included); null with <see cref="Value"/>.</param>
/// <param name="Note">How it was computed, or why it is missing.</param>
public sealed record LabelComplexityResult(double? Value, double? GeneralizationBound, string Note);

/// <summary>
/// yᵀH⁻¹y by a Cholesky solve (H = LLᵀ, then yᵀH⁻¹y = ‖L⁻¹y‖²), which is backward stable. Summing (v_jᵀy)²/λ_j over
/// the eigenpairs, as before, loses accuracy in the small λ_j. Arora, Du, Hu, Li, Wang, ICML 2019, Thm 5.1 and §6
/// (the complexity measure √(2yᵀ(H∞)⁻¹y/n)); THEORY.md §5.
/// </summary>
public static class LabelComplexity
{
    /// <summary>
    /// Computes the measure from the full symmetric n×n <paramref name="h"/> (left unchanged: the factorization works on
    /// a copy, one more n×n matrix). If the Cholesky fails, H is not numerically positive definite (λ_min ≲ n·ε·λ_max),
    /// yᵀH⁻¹y is not determined in float64, and the value is null with the failing column named.
    /// </summary>
    public static LabelComplexityResult Compute(ReadOnlySpan<double> h, int n, ReadOnlySpan<double> y, ILinearAlgebra la)
    {
        if (y.Length != n) throw new ArgumentException($"{y.Length} labels for a {n}×{n} matrix", nameof(y));
        var factor = h.ToArray();
        int info = la.CholeskyLower(factor, n);
        if (info != 0)
            return new LabelComplexityResult(null, null,
                $"H is not numerically positive definite (the Cholesky factorization failed at column {info}): yᵀH⁻¹y is not determined in float64");
        var x = y.ToArray();
        la.CholeskySolve(factor, n, x, 1);
        double value = TensorPrimitives.Dot(y, x);
        return new LabelComplexityResult(value, Math.Sqrt(2 * value / n), "yᵀH⁻¹y by a Cholesky solve (dpotrf, dpotrs)");
    }

    /// <summary>
    /// The measure as reported next to <paramref name="spectrum"/>: where H is numerically singular (λ_min ≤ n·ε·λ_max)
    /// yᵀH⁻¹y is not determined in float64 even if the factorization went through, so the value is withdrawn; without a
    /// spectrum (--eig none) the note says that singularity was not checked.
    /// </summary>
    public static LabelComplexityResult? Qualify(LabelComplexityResult? complexity, Spectrum? spectrum) => complexity switch
    {
        { Value: not null } when spectrum is { IsNumericallySingular: true } => new LabelComplexityResult(null, null,
            $"H is numerically singular (λ_min ≤ n·ε·λ_max = {spectrum.SingularThreshold:G3}): yᵀH⁻¹y is not determined in float64"),
        { Value: not null } when spectrum == null => complexity with { Note = complexity.Note + "; whether H is numerically singular was not checked (--eig none)" },
        _ => complexity,
    };
}
