using System.Numerics.Tensors;

namespace OverParam.Architectures;

/// <summary>
/// The arc-cosine kernels of Cho &amp; Saul (2009) in the form the two-layer papers use, and a stable angle.
/// For w ~ N(0, I): E[1{wᵀx ≥ 0}1{wᵀy ≥ 0}] = (π − θ)/(2π) and E[ReLU(wᵀx)ReLU(wᵀy)] = ‖x‖‖y‖(sin θ + (π − θ)cos θ)/(2π),
/// θ = ∠(x, y) ∈ [0, π] (THEORY.md §6, §7.1).
/// </summary>
public static class ArcCosine
{
    /// <summary>
    /// The angle between u and v, θ = 2·atan2(‖û − v̂‖, ‖û + v̂‖) with û = u/‖u‖ (Kahan): accurate to a few ulps for nearly
    /// parallel and nearly anti-parallel vectors, where arccos of a rounded cosine loses half the digits
    /// (THEORY.md §7.10). Returns π/2 when either vector is zero (the kernels below then vanish anyway).
    /// </summary>
    public static double Angle(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length != v.Length) throw new ArgumentException("vectors of different lengths", nameof(v));
        double nu = TensorPrimitives.Norm(u), nv = TensorPrimitives.Norm(v);
        if (nu == 0 || nv == 0) return Math.PI / 2;
        double diff = 0, sum = 0;
        for (int k = 0; k < u.Length; k++)
        {
            double a = u[k] / nu, b = v[k] / nv;
            diff += (a - b) * (a - b);
            sum += (a + b) * (a + b);
        }
        return 2 * Math.Atan2(Math.Sqrt(diff), Math.Sqrt(sum));
    }

    /// <summary>θ = arccos(c) with c clamped to [−1, 1] (rounding can push a cosine just outside).</summary>
    public static double AngleFromCosine(double c) => Math.Acos(Math.Clamp(c, -1.0, 1.0));

    /// <summary>
    /// Entry of Du et al.'s H∞ (ICLR 2019, Assumption 3.1): E_w[xᵀy 1{wᵀx ≥ 0, wᵀy ≥ 0}] = xᵀy (π − θ)/(2π),
    /// valid for any norms. At cos θ = 1, ½, 0, −½, −1 (unit vectors): ½, 1/6, 0, −1/12, 0.
    /// </summary>
    public static double H(double inner, double theta) => inner * (Math.PI - theta) / (2 * Math.PI);

    /// <summary>
    /// Entry of the output-layer Gram matrix G∞ (Du et al. ICLR 2019, §3.2): E_w[ReLU(wᵀx)ReLU(wᵀy)] =
    /// ‖x‖‖y‖ (sin θ + (π − θ) cos θ)/(2π) = ½‖x‖‖y‖ k1(θ).
    /// </summary>
    public static double G(double normProduct, double theta) =>
        normProduct * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);

    /// <summary>Cho–Saul arc-cosine kernel of degree 0 for unit vectors: k0(θ) = 1 − θ/π.</summary>
    public static double K0(double theta) => 1 - theta / Math.PI;

    /// <summary>Cho–Saul arc-cosine kernel of degree 1 for unit vectors: k1(θ) = (sin θ + (π − θ) cos θ)/π.</summary>
    public static double K1(double theta) => (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / Math.PI;
}
