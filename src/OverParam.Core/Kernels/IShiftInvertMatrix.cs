namespace OverParam.Kernels;

/// <summary>
/// What the shift-invert method of <see cref="SmallestEigenpair"/> asks of the matrix H, wherever H is held: products
/// with H itself (λ_max, and ρ and ‖Hv − ρv‖ in float64), a Cholesky factorization of H − σI, solves with the last
/// factor that succeeded, and the full eigensolver's λ_min for the case where H itself has no Cholesky factor. The
/// single-machine H is <see cref="DenseShiftInvertMatrix"/>; the distributed one runs the same calls on ScaLAPACK.
/// </summary>
public interface IShiftInvertMatrix
{
    /// <summary>n: H's order.</summary>
    int N { get; }

    /// <summary>What factors (e.g. "Cholesky"), for the method's description and the fallback's.</summary>
    string FactorName { get; }

    /// <summary>What computes λ_min when H has no Cholesky factor (e.g. "dsyevr").</summary>
    string EigensolverName { get; }

    /// <summary>The method's description without its counts (e.g. "Cholesky + block Lanczos on (H − σI)⁻¹").</summary>
    string MethodName { get; }

    /// <summary>Y = H·X for <paramref name="count"/> vectors of length n stored one after another, in float64 from H
    /// (never from a factor).</summary>
    void Multiply(ReadOnlySpan<double> x, Span<double> y, int count);

    /// <summary>Factors H − σI (Cholesky, lower): 0, or the column at which it proved not positive definite.</summary>
    int Factor(double sigma);

    /// <summary>Y = (H − σI)⁻¹X with the last factor that succeeded (σ its shift).</summary>
    void Solve(ReadOnlySpan<double> x, Span<double> y, int count);

    /// <summary>λ_min by the full symmetric eigensolver, after the Cholesky of H failed; H is not used afterwards.</summary>
    double SmallestByEigensolver();
}
