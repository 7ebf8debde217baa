using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using OverParam.Numerics;

namespace OverParam.Architectures;

/// <summary>
/// An activation σ with what the deep theorems ask of it (Du et al. ICML 2019): Condition 3.1, σ Lipschitz and smooth
/// (σ' Lipschitz); Condition 3.2, σ analytic and not a polynomial; and c_σ = 1/E_{z~N(0,1)}[σ(z)²], the scale that keeps
/// ‖x^(h)‖ ≈ ‖x‖ at initialization.
/// </summary>
public sealed class Activation
{
    /// <summary>"relu", "softplus", "sigmoid" or "tanh".</summary>
    public string Name { get; }

    /// <summary>c_σ = 1/E[σ(z)²]: 2, 1.0854865030, 3.4085598416, 2.5361754332 for relu, softplus, sigmoid, tanh.</summary>
    public double CSigma { get; }

    /// <summary>Condition 3.1 (σ' Lipschitz): false for ReLU.</summary>
    public bool Smooth { get; }

    /// <summary>Condition 3.2 (analytic and not a polynomial): false for ReLU.</summary>
    public bool AnalyticNonPolynomial => Smooth;

    /// <summary>σ(z).</summary>
    public Func<double, double> Value { get; }

    /// <summary>σ'(z) (for ReLU the paper's convention σ'(0) = 1).</summary>
    public Func<double, double> Derivative { get; }

    /// <summary>Names accepted by <see cref="ByName"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["softplus", "sigmoid", "tanh", "relu"];

    private Activation(string name, bool smooth, Func<double, double> value, Func<double, double> derivative)
    {
        (Name, Smooth, Value, Derivative) = (name, smooth, value, derivative);
        CSigma = name == "relu" ? 2.0 : 1.0 / new GaussHermite(150).Mean(z => value(z) * value(z), 1.0);
    }

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

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The activation named <paramref name="name"/>.</summary>
    public static Activation ByName(string name) => name switch
    {
        "relu" => new Activation(name, false, z => Math.Max(z, 0), z => z >= 0 ? 1 : 0),
        "softplus" => new Activation(name, true, Softplus, Logistic),
        "sigmoid" => new Activation(name, true, Logistic, z => Logistic(z) * (1 - Logistic(z))),
        "tanh" => new Activation(name, true, Math.Tanh, z => 1 - Math.Tanh(z) * Math.Tanh(z)),
        _ => throw new IO.InputException($"unknown activation '{name}'; expected one of {string.Join(", ", Names)}"),
    };

    /// <summary>value = σ(z) and derivative = σ'(z), vectorized; <paramref name="scratch"/> has z's length.</summary>
    public void Apply<T>(ReadOnlySpan<T> z, Span<T> value, Span<T> derivative, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (Name)
        {
            case "relu":
                TensorPrimitives.Max(z, T.Zero, value);
                Step(z, derivative);
                break;
            case "softplus":
                SoftplusLayer(z, value, derivative, T.One, default);
                break;
            case "sigmoid":
                TensorPrimitives.Sigmoid(z, value);
                TensorPrimitives.Subtract(T.One, value, scratch);
                TensorPrimitives.Multiply(value, scratch, derivative);
                break;
            default: // tanh
                TensorPrimitives.Tanh(z, value);
                TensorPrimitives.Multiply(value, value, scratch);
                TensorPrimitives.Subtract(T.One, scratch, derivative);
                break;
        }
    }

    /// <summary>
    /// One layer's output from its pre-activations z: act = skip + s·σ(z) (skip empty: act = s·σ(z)) and deriv = s·σ'(z),
    /// the scaled derivative backpropagation multiplies by (Du et al. ICML 2019: s = √(c_σ/m) or c_res/(H√m)).
    /// </summary>
    public void ApplyLayer<T>(ReadOnlySpan<T> z, Span<T> act, Span<T> deriv, Span<T> scratch, T s, ReadOnlySpan<T> skip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Name == "softplus")
        {
            SoftplusLayer(z, act, deriv, s, skip);
            return;
        }
        Apply(z, act, deriv, scratch);
        TensorPrimitives.Multiply(deriv, s, deriv);
        if (skip.IsEmpty) TensorPrimitives.Multiply(act, s, act);
        else TensorPrimitives.MultiplyAdd(act, s, skip, act);
    }

    /// <summary>Softplus in one fused pass (<see cref="FusedSoftplus"/>) for float or double.</summary>
    private static void SoftplusLayer<T>(ReadOnlySpan<T> z, Span<T> act, Span<T> deriv, T s, ReadOnlySpan<T> skip)
        where T : unmanaged, IFloatingPointIeee754<T>
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

    private static void Step<T>(ReadOnlySpan<T> z, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        for (; i <= z.Length - w; i += w)
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(new Vector<T>(z[i..]), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero).CopyTo(dest[i..]);
        for (; i < z.Length; i++) dest[i] = z[i] >= T.Zero ? T.One : T.Zero;
    }
}
