using System.Numerics;
using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Architectures;

/// <summary>
/// An activation σ as a value that carries everything about it (Du et al. ICML 2019): σ and σ' scalar (the reference)
/// and vectorized (the networks' passes), c_σ = 1/E_{z~N(0,1)}[σ(z)²] (the scale that keeps ‖x^(h)‖ ≈ ‖x‖ at
/// initialization), which theorem conditions it meets (Condition 3.1: σ Lipschitz and smooth; 3.2: analytic and not a
/// polynomial), and how its Gaussian expectations are taken: in closed form where one is known (ReLU's arc-cosine
/// kernels), else by Gauss–Hermite quadrature with <see cref="QuadratureNodes"/> nodes. Each activation is one file in
/// Activations/ and one entry of <see cref="Activations.All"/>.
/// </summary>
public abstract class Activation
{
    private double? _cSigma;

    /// <summary>The name on the command line and in sweep specs, e.g. "softplus".</summary>
    public abstract string Name { get; }

    /// <summary>Condition 3.1 (σ Lipschitz and σ' Lipschitz).</summary>
    public abstract bool Smooth { get; }

    /// <summary>Condition 3.2 (analytic and not a polynomial).</summary>
    public abstract bool AnalyticNonPolynomial { get; }

    /// <summary>σ(z).</summary>
    public abstract double Value(double z);

    /// <summary>σ'(z) (the paper's convention σ'(0) = 1 where σ has a kink).</summary>
    public abstract double Derivative(double z);

    /// <summary>
    /// Gauss–Hermite nodes per dimension for this σ's expectations: the error falls exponentially in √Q at a speed set by
    /// the distance of σ's complex singularities from the real axis (GaussHermite's remarks); 64 by default.
    /// </summary>
    public virtual int QuadratureNodes => GaussHermite.DefaultNodes;

    /// <summary>c_σ = 1/E[σ(z)²], z ~ N(0, 1), by 150-node quadrature unless a subclass knows it exactly.</summary>
    public virtual double CSigma => _cSigma ??= 1.0 / new GaussHermite(150).Mean(z => Value(z) * Value(z), 1.0);

    /// <summary>(E[σ(u)σ(v)], E[σ'(u)σ'(v)]) for (u, v) ~ N(0, [[a, c], [c, b]]) in closed form, or null to use quadrature.</summary>
    public virtual (double SS, double DD)? ClosedFormPair(double a, double b, double c) => null;

    /// <summary>E[σ(u)] for u ~ N(0, a) in closed form, or null to use quadrature.</summary>
    public virtual double? ClosedFormMean(double a) => null;

    /// <summary>value = σ(z) and derivative = σ'(z), vectorized; <paramref name="scratch"/> has z's length.</summary>
    public abstract void Apply<T>(ReadOnlySpan<T> z, Span<T> value, Span<T> derivative, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// One layer's output from its pre-activations z: act = skip + s·σ(z) (skip empty: act = s·σ(z)) and deriv = s·σ'(z),
    /// the scaled derivative backpropagation multiplies by (Du et al. ICML 2019: s = √(c_σ/m) or c_res/(H√m)). An
    /// activation may fuse this into one pass (softplus does).
    /// </summary>
    public virtual void ApplyLayer<T>(ReadOnlySpan<T> z, Span<T> act, Span<T> deriv, Span<T> scratch, T s, ReadOnlySpan<T> skip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Apply(z, act, deriv, scratch);
        TensorPrimitives.Multiply(deriv, s, deriv);
        if (skip.IsEmpty) TensorPrimitives.Multiply(act, s, act);
        else TensorPrimitives.MultiplyAdd(act, s, skip, act);
    }

    /// <summary>The activation named <paramref name="name"/> (<see cref="Activations.ByName"/>).</summary>
    public static Activation ByName(string name) => Activations.ByName(name);

    /// <summary>Every activation's name (<see cref="Activations.All"/>).</summary>
    public static IReadOnlyList<string> Names => Activations.Names;

    /// <summary>log(1 + eᶻ) evaluated without overflow, and to full relative accuracy where it is tiny (z ≪ 0).</summary>
    public static double Softplus(double z) => Math.Max(z, 0) + Log1P(Math.Exp(-Math.Abs(z)));

    /// <summary>
    /// log(1 + x) to full relative accuracy for small x (Kahan: log(u)·x/(u − 1) with u = 1 + x rounded);
    /// Math.Log(1 + x) loses about log10(1/x) digits, 7 of them at x = 1e-9.
    /// </summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>The logistic function 1/(1 + e^{−z}).</summary>
    public static double Logistic(double z) => 1 / (1 + Math.Exp(-z));
}
