using OverParam.Architectures;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// Expectations over (u, v) ~ N(0, [[a, c], [c, b]]) that the deep kernels need: E[σ(u)σ(v)], E[σ'(u)σ'(v)] and E[σ(u)].
/// ReLU in closed form (the arc-cosine kernels, Cho &amp; Saul 2009, THEORY.md §6); smooth activations by Q×Q
/// Gauss–Hermite quadrature with u = √a z₁, v = (c/√a) z₁ + √(b − c²/a) z₂.
/// </summary>
public sealed class BivariateGaussian(Activation sigma, GaussHermite rule)
{
    /// <summary>(E[σ(u)σ(v)], E[σ'(u)σ'(v)]).</summary>
    public (double SS, double DD) Pair(double a, double b, double c)
    {
        if (sigma.ClosedFormPair(a, b, c) is { } exact) return exact;
        var z = rule.Nodes;
        var w = rule.Weights;
        int q = z.Length;
        double sa = Math.Sqrt(Math.Max(a, 0));
        double beta = sa > 0 ? c / sa : 0, gamma = Math.Sqrt(Math.Max(b - beta * beta, 0));
        double ss = 0, dd = 0;
        for (int i = 0; i < q; i++)
        {
            double u = sa * z[i], su = sigma.Value(u), du = sigma.Derivative(u);
            double innerS = 0, innerD = 0;
            for (int j = 0; j < q; j++)
            {
                double v = beta * z[i] + gamma * z[j];
                innerS += w[j] * sigma.Value(v);
                innerD += w[j] * sigma.Derivative(v);
            }
            ss += w[i] * su * innerS;
            dd += w[i] * du * innerD;
        }
        return (ss, dd);
    }

    /// <summary>E[σ(u)] for u ~ N(0, a) (ReLU: √a/√(2π)).</summary>
    public double Mean(double a) => sigma.ClosedFormMean(a) ?? rule.Mean(sigma.Value, a);
}
