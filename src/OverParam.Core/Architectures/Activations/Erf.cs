using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace OverParam.Architectures;

/// <summary>
/// The error function erf(z) = (2/√π)∫₀ᶻ e^{−t²}dt, σ' = (2/√π)e^{−z²}: analytic, Lipschitz, increasing, with limits ±1
/// at both ends (Kawaguchi &amp; Huang 2019's assumption on σ, THEORY.md §3), and it meets Conditions 3.1 and 3.2 of Du et
/// al. ICML 2019. Its Gaussian expectations are in closed form (Williams 1997, "Computing with infinite networks"; the
/// kernel of neural-tangents' stax.Erf), which makes its deep kernels as cheap as ReLU's where tanh, which it resembles,
/// needs 128² quadrature nodes a pair:
/// E[erf(u)erf(v)] = (2/π) arcsin(2c/√((1 + 2a)(1 + 2b))), E[erf'(u)erf'(v)] = (4/π)/√((1 + 2a)(1 + 2b) − 4c²) for
/// (u, v) ~ N(0, [[a, c], [c, b]]); E[erf(u)] = 0 (erf is odd). c_σ = 1/E[erf(z)²] = π/(2 arcsin(2/3)) ≈ 2.1526.
/// </summary>
public sealed class Erf : Activation
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <inheritdoc/>
    public override string Name => "erf";

    /// <inheritdoc/>
    public override bool Smooth => true;

    /// <inheritdoc/>
    public override bool AnalyticNonPolynomial => true;

    /// <inheritdoc/>
    public override double CSigma => Math.PI / (2 * Math.Asin(2.0 / 3));

    /// <inheritdoc/>
    public override double Value(double z) => Numerics.ErrorFunction.Erf(z);

    /// <inheritdoc/>
    public override double Derivative(double z) => TwoOverSqrtPi * Math.Exp(-z * z);

    /// <inheritdoc/>
    public override (double SS, double DD)? ClosedFormPair(double a, double b, double c)
    {
        double p = (1 + 2 * Math.Max(a, 0)) * (1 + 2 * Math.Max(b, 0));
        // |2c| ≤ 2√(ab) < √p for a PSD covariance; the clamps only absorb rounding at c = ±√(ab).
        double s = Math.Clamp(2 * c / Math.Sqrt(p), -1, 1);
        return (2 / Math.PI * Math.Asin(s), 4 / Math.PI / Math.Sqrt(Math.Max(p - 4 * c * c, 1)));
    }

    /// <inheritdoc/>
    public override double? ClosedFormMean(double a) => 0;

    /// <inheritdoc/>
    public override void Apply<T>(ReadOnlySpan<T> z, Span<T> value, Span<T> derivative, Span<T> scratch)
    {
        if (typeof(T) == typeof(double)) // four at a time, the same values as one at a time
            Numerics.ErrorFunction.Erf(MemoryMarshal.Cast<T, double>(z), MemoryMarshal.Cast<T, double>(value));
        else
            for (int i = 0; i < z.Length; i++) value[i] = T.CreateTruncating(Numerics.ErrorFunction.Erf(double.CreateTruncating(z[i])));
        TensorPrimitives.Multiply(z, z, scratch);
        TensorPrimitives.Negate(scratch, scratch);
        TensorPrimitives.Exp(scratch, derivative);
        TensorPrimitives.Multiply(derivative, T.CreateTruncating(TwoOverSqrtPi), derivative);
    }
}
