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
public sealed record FeatureLeastSquares(double Loss, double LambdaMin, double LambdaMax, int Rank, double LambdaMinPositive, double[] Gram)
{
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
    /// (n×<paramref name="outputs"/> row-major: y_ik at <c>y[i*outputs + k]</c>).</summary>
    public static FeatureLeastSquares Of(double[] features, int n, int m, ReadOnlySpan<double> y, ILinearAlgebra la, int outputs = 1)
    {
        if (outputs < 1 || y.Length != (long)n * outputs) throw new ArgumentException($"expected n·d_y = {n}·{outputs} targets, got {y.Length}", nameof(y));
        var g = new double[(long)n * n];
        la.Gemm(Op.None, Op.Transpose, n, n, m, 1.0, features, m, features, m, 0.0, g, n);
        var spectrum = Spectrum.Compute((double[])g.Clone(), n, la, withVectors: true);
        double tau = spectrum.SingularThreshold, loss = 0, smallestPositive = double.NaN;
        int rank = 0;
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            if (spectrum.Eigenvalues[j] > tau)
            {
                if (rank++ == 0) smallestPositive = spectrum.Eigenvalues[j];
                continue;
            }
            var v = spectrum.Eigenvectors!.AsSpan(j * n, n);
            for (int k = 0; k < outputs; k++)
            {
                for (int i = 0; i < n; i++) column[i] = y[i * outputs + k];
                double p = TensorPrimitives.Dot(v, column);
                loss += p * p / 2;
            }
        }
        return new FeatureLeastSquares(loss, spectrum.LambdaMin, spectrum.LambdaMax, rank, smallestPositive, g);
    }
}
