using System.Numerics.Tensors;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// The exact optimum of training the output layer alone on fixed features Φ (n×m): min_a ½‖Φa − Y‖_F² over a (m×d_y), for
/// targets Y (n×d_y; d_y = 1 for scalar labels). With the Gram matrix G = ΦΦᵀ = Σ_j λ_j v_j v_jᵀ, the optimum leaves the
/// part of each target column y_k outside Φ's range: L* = ½ Σ_k Σ_{λ_j ≤ τ} (v_jᵀy_k)², where τ = n·ε·λ_max is the
/// numerical-rank threshold (the d_y columns are separate least-squares problems on the same features). L* = 0
/// (interpolation of generic targets) exactly when rank Φ = n, which needs m ≥ n whatever d_y: m·d_y ≥ n·d_y trainable
/// parameters, one per target value (Kawaguchi &amp; Huang 2019's lower-bound side, in our form). GD from a(0) with step η follows
/// R(k) = (I − ηG)^k R(0), column by column, and tends to L* when η &lt; 2/λ_max(G).
/// </summary>
/// <param name="Loss">L*, the least-squares loss.</param>
/// <param name="LambdaMin">λ_min(ΦΦᵀ): lambda_min_features, 0 up to rounding when m &lt; n.</param>
/// <param name="LambdaMax">λ_max(ΦΦᵀ): GD on a converges for η &lt; 2/λ_max.</param>
/// <param name="Rank">The numerical rank of Φ (eigenvalues of ΦΦᵀ above τ).</param>
/// <param name="LambdaMinPositive">The smallest eigenvalue of ΦΦᵀ above τ: with η it sets GD's rate towards L*.</param>
/// <param name="Gram">G = ΦΦᵀ, n×n: the kernel the output-only dynamics follow.</param>
/// <param name="Modes">The eigenvalues λ_j &gt; τ of ΦΦᵀ with the weights q_j = Σ_k (v_jᵀr_k(0))² of the initial residual along
/// them (empty when no residual was given): L(k) = L* + ½ Σ_j q_j (1 − ηλ_j)^{2k} exactly.</param>
public sealed record FeatureLeastSquares(double Loss, double LambdaMin, double LambdaMax, int Rank, double LambdaMinPositive, double[] Gram,
    IReadOnlyList<(double Lambda, double Weight)> Modes)
{
    /// <summary>"GD reaches the floor": L(k) − L* ≤ this fraction of L(0) − L* (Kawaguchi2019's floor claim).</summary>
    public const double FloorGap = 0.01;

    /// <summary>
    /// L(k) − L* from the closed form, as a fraction of L(0) − L*: Σ_j q_j (1 − ηλ_j)^{2k} / Σ_j q_j (1 when nothing is
    /// left to fit). Non-increasing in k while every |1 − ηλ_j| &lt; 1.
    /// </summary>
    public double GapFraction(long k, double eta)
    {
        double total = Modes.Sum(m => m.Weight);
        if (!(total > 0)) return 0;
        double left = 0;
        foreach (var (lambda, weight) in Modes)
        {
            double c = Math.Abs(1 - eta * lambda);
            left += weight * (c == 0 ? (k == 0 ? 1 : 0) : Math.Exp(2.0 * k * Math.Log(c)));
        }
        return left / total;
    }

    /// <summary>
    /// The exact number of GD steps after which L(k) − L* ≤ <paramref name="fraction"/>·(L(0) − L*), from the closed form
    /// (whatever a run's step budget); +∞ when GD with step η does not converge along some mode (|1 − ηλ_j| ≥ 1 with
    /// q_j &gt; 0). Found by doubling and bisection on k, so it costs O(rank·log k).
    /// </summary>
    public double StepsToGap(double eta, double fraction)
    {
        if (GapFraction(0, eta) <= fraction) return 0;
        if (Modes.Any(m => m.Weight > 0 && Math.Abs(1 - eta * m.Lambda) >= 1)) return double.PositiveInfinity;
        long hi = 1;
        while (GapFraction(hi, eta) > fraction)
        {
            if (hi > long.MaxValue / 4) return double.PositiveInfinity;
            hi *= 2;
        }
        long lo = hi / 2; // GapFraction(lo) > fraction (lo = 0 was checked above)
        while (hi - lo > 1)
        {
            long mid = lo + (hi - lo) / 2;
            if (GapFraction(mid, eta) > fraction) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    /// <summary>
    /// log of the exact envelope of GD with step η: L(k) ≤ L* + ρ^{2k}(L(0) − L*), ρ = max(|1 − ηλ⁺|, |1 − ηλ_max|), since
    /// each component of the residual along v_j with λ_j &gt; τ shrinks by |1 − ηλ_j| a step and the rest stays.
    /// </summary>
    public double LogEnvelope(int k, double initialLoss, double eta)
    {
        double rho = Math.Max(Math.Abs(1 - eta * LambdaMinPositive), Math.Abs(1 - eta * LambdaMax));
        return Math.Log(Loss + Math.Pow(rho, 2.0 * k) * Math.Max(initialLoss - Loss, 0));
    }

    /// <summary>Whether the labels can be fitted exactly: rank Φ = n.</summary>
    public bool Interpolates(int n) => Rank == n;

    /// <summary>Computes the optimum from <paramref name="features"/> (n×m row-major) and targets <paramref name="y"/>
    /// (n×<paramref name="outputs"/> row-major: y_ik at <c>y[i*outputs + k]</c>); with the initial residual
    /// <paramref name="r0"/> (same layout), also the modes of the exact GD trajectory.</summary>
    public static FeatureLeastSquares Of(double[] features, int n, int m, ReadOnlySpan<double> y, ILinearAlgebra la, int outputs = 1,
        ReadOnlySpan<double> r0 = default)
    {
        if (!r0.IsEmpty && r0.Length != y.Length) throw new ArgumentException($"expected n·d_y = {n}·{outputs} residuals, got {r0.Length}", nameof(r0));
        if (outputs < 1 || y.Length != (long)n * outputs) throw new ArgumentException($"expected n·d_y = {n}·{outputs} targets, got {y.Length}", nameof(y));
        var g = new double[(long)n * n];
        la.Gemm(Op.None, Op.Transpose, n, n, m, 1.0, features, m, features, m, 0.0, g, n);
        var spectrum = Spectrum.Compute((double[])g.Clone(), n, la, withVectors: true);
        double tau = spectrum.SingularThreshold, loss = 0, smallestPositive = double.NaN;
        int rank = 0;
        var column = new double[n];
        var modes = new List<(double, double)>();
        for (int j = 0; j < n; j++)
        {
            var v = spectrum.Eigenvectors!.AsSpan(j * n, n);
            if (spectrum.Eigenvalues[j] > tau)
            {
                if (rank++ == 0) smallestPositive = spectrum.Eigenvalues[j];
                if (!r0.IsEmpty) modes.Add((spectrum.Eigenvalues[j], Weight(v, r0, column, outputs)));
                continue;
            }
            loss += Weight(v, y, column, outputs) / 2;
        }
        return new FeatureLeastSquares(loss, spectrum.LambdaMin, spectrum.LambdaMax, rank, smallestPositive, g, modes);
    }

    /// <summary>Σ_k (vᵀr_k)² over the columns of the row-major n×d_y matrix <paramref name="r"/>.</summary>
    private static double Weight(ReadOnlySpan<double> v, ReadOnlySpan<double> r, double[] column, int outputs)
    {
        double w = 0;
        for (int k = 0; k < outputs; k++)
        {
            for (int i = 0; i < column.Length; i++) column[i] = r[i * outputs + k];
            double p = TensorPrimitives.Dot(v, column);
            w += p * p;
        }
        return w;
    }
}
