using System.Runtime.InteropServices;

namespace OverParam.Architectures;

/// <summary>
/// Softplus, log(1 + eᶻ), Du et al. ICML 2019's example of an activation meeting Conditions 3.1 and 3.2; σ' is the
/// logistic function. c_σ = 1.0854865030. Its complex singularities lie at ±iπ, so 64 Gauss–Hermite nodes err below
/// 5e-11 at unit variances. A layer's pass is fused into one (<see cref="FusedSoftplus"/>).
/// </summary>
public sealed class Softplus : Activation
{
    /// <inheritdoc/>
    public override string Name => "softplus";

    /// <inheritdoc/>
    public override bool Smooth => true;

    /// <inheritdoc/>
    public override bool AnalyticNonPolynomial => true;

    /// <inheritdoc/>
    public override double Value(double z) => Activation.Softplus(z);

    /// <inheritdoc/>
    public override double Derivative(double z) => Logistic(z);

    /// <inheritdoc/>
    public override void Apply<T>(ReadOnlySpan<T> z, Span<T> value, Span<T> derivative, Span<T> scratch) =>
        ApplyLayer(z, value, derivative, scratch, T.One, default);

    /// <inheritdoc/>
    public override void ApplyLayer<T>(ReadOnlySpan<T> z, Span<T> act, Span<T> deriv, Span<T> scratch, T s, ReadOnlySpan<T> skip)
    {
        if (typeof(T) == typeof(float))
            FusedSoftplus.Apply(MemoryMarshal.Cast<T, float>(z), MemoryMarshal.Cast<T, float>(act), MemoryMarshal.Cast<T, float>(deriv),
                float.CreateTruncating(s), MemoryMarshal.Cast<T, float>(skip));
        else if (typeof(T) == typeof(double))
            FusedSoftplus.Apply(MemoryMarshal.Cast<T, double>(z), MemoryMarshal.Cast<T, double>(act), MemoryMarshal.Cast<T, double>(deriv),
                double.CreateTruncating(s), MemoryMarshal.Cast<T, double>(skip));
        else
            throw new NotSupportedException($"softplus for {typeof(T).Name}; use float or double");
    }
}
