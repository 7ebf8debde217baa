using System.Numerics;
using System.Numerics.Tensors;

namespace OverParam.Architectures;

/// <summary>
/// ReLU, max(z, 0), with σ'(0) = 1 (Du et al.'s convention). Not smooth and not analytic, so Conditions 3.1 and 3.2 of
/// Du et al. ICML 2019 fail (the check says so). c_σ = 2; its Gaussian expectations are the arc-cosine kernels (Cho &amp;
/// Saul 2009, THEORY.md §6): E[relu(u)relu(v)] = √(ab)(sin θ + (π − θ)cos θ)/(2π), E[1{u ≥ 0}1{v ≥ 0}] = (π − θ)/(2π),
/// cos θ = c/√(ab); E[relu(u)] = √a/√(2π).
/// </summary>
public sealed class Relu : Activation
{
    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    public override bool Smooth => false;

    /// <inheritdoc/>
    public override bool AnalyticNonPolynomial => false;

    /// <inheritdoc/>
    public override double CSigma => 2.0;

    /// <inheritdoc/>
    public override double Value(double z) => Math.Max(z, 0);

    /// <inheritdoc/>
    public override double Derivative(double z) => z >= 0 ? 1 : 0;

    /// <inheritdoc/>
    public override (double SS, double DD)? ClosedFormPair(double a, double b, double c)
    {
        double s = Math.Sqrt(Math.Max(a, 0) * Math.Max(b, 0));
        if (s == 0) return (0, 0.25);
        double theta = ArcCosine.AngleFromCosine(c / s);
        return (ArcCosine.G(s, theta), (Math.PI - theta) / (2 * Math.PI));
    }

    /// <inheritdoc/>
    public override double? ClosedFormMean(double a) => Math.Sqrt(Math.Max(a, 0) / (2 * Math.PI));

    /// <inheritdoc/>
    public override void Apply<T>(ReadOnlySpan<T> z, Span<T> value, Span<T> derivative, Span<T> scratch)
    {
        TensorPrimitives.Max(z, T.Zero, value);
        int w = Vector<T>.Count, i = 0;
        for (; i <= z.Length - w; i += w)
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(new Vector<T>(z[i..]), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero).CopyTo(derivative[i..]);
        for (; i < z.Length; i++) derivative[i] = z[i] >= T.Zero ? T.One : T.Zero;
    }
}
