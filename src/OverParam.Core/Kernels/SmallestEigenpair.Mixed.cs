using System.Diagnostics;
using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>What a mixed-precision attempt of <see cref="SmallestEigenpair"/> left: its result, or why it gave up, and its time.</summary>
/// <param name="Result">λ_min refined in float64, or null (the float64 path follows).</param>
/// <param name="Reason">Why the float64 path is needed, or null.</param>
/// <param name="Factorization">Seconds of the float32 factorization (0 where none was made).</param>
/// <param name="Abandoned">Seconds after the factorization spent on an attempt that gave up.</param>
/// <param name="Factorizations">Float32 factorizations made.</param>
internal sealed record MixedAttempt(SmallestEigenpairResult? Result, string? Reason, double Factorization, double Abandoned, int Factorizations = 0);

public static partial class SmallestEigenpair
{
    /// <summary>
    /// The mixed path accepts ρ once ‖Hv − ρv‖ ≤ this × λ_max, in float64 from H: then some eigenvalue lies within
    /// 10⁻¹⁰·λ_max of ρ whatever the gaps (the agreement issue 26 asks of λ_min), and where the gap to λ_2 is clear the
    /// Kato–Temple bound is far smaller. The float64 path's residuals are about 5·10⁻¹¹·λ_max at n = 16,000.
    /// </summary>
    public const double MixedResidualTolerance = 1e-10;

    /// <summary>LOBPCG iterations allowed before the float32 factor is judged too inaccurate (κ(H − σI)·ε₃₂ too large) and
    /// the float64 factorization is made. Each costs one float64 product and one float32 solve on a block.</summary>
    public const int MixedMaxIterations = 30;

    /// <summary>Lanczos on the float32 operator stops at this relative residual: the float32 solves carry a relative error
    /// of about n·ε₃₂·‖H‖/(λ_min − σ), below which its residual cannot fall; LOBPCG takes it from there in float64.</summary>
    public const double Float32InverseTolerance = 1e-5;

    /// <summary>…or once its largest Ritz value moves by less than this, relative, between extractions.</summary>
    public const double Float32ValueTolerance = 1e-7;

    /// <summary>
    /// λ_min with the factorization in float32 (Float32Factor), refined in float64: the shift σ from Lanczos on H where
    /// the products settled λ_min (else from Lanczos on the solves of a float32 factor of H itself, as the float64 path
    /// takes it), the float32 Cholesky of H − σI, block Lanczos on
    /// its solves (the <see cref="BlockSize"/> smallest Ritz pairs), then LOBPCG on H in float64 with the float32 solves as
    /// preconditioner until ‖Hv − ρv‖ ≤ <see cref="MixedResidualTolerance"/>·λ_max. Gives up (Result null, with the
    /// reason) where a float32 factorization fails, or LOBPCG does not converge in
    /// <see cref="MixedMaxIterations"/>; H is left intact for the float64 path in every case. <paramref name="multiply"/>
    /// is H's product in float64 (n×n, wherever H is held: one array, or tiles).
    /// </summary>
    internal static MixedAttempt Mixed(int n, BlockOperator multiply, IFloat32Factor low, ILinearAlgebra la, List<(int Basis, double Lambda)> fromProducts,
        double lambdaMax, double maxSeconds, ulong seed, Action<string>? progress, Stopwatch clock)
    {
        int b = Math.Min(BlockSize, n);
        double start = clock.Elapsed.TotalSeconds, factorSeconds = 0;
        int factorizations = 0;
        int FactorAt(double shift)
        {
            double t = clock.Elapsed.TotalSeconds;
            int info = low.Factor(shift);
            factorSeconds += clock.Elapsed.TotalSeconds - t;
            factorizations++;
            return info;
        }
        MixedAttempt GiveUp(string reason)
        {
            low.Release();
            return new MixedAttempt(null, reason, factorSeconds, clock.Elapsed.TotalSeconds - start - factorSeconds, factorizations);
        }
        double sigma = 0;
        if (n > FirstStageBasis && Shift(fromProducts) is { } early && early > 0)
        {
            progress?.Invoke($"shift: float32 Cholesky of H − σI at σ = {early:G8} (from Lanczos on H)");
            if (FactorAt(early) != 0) return GiveUp($"the float32 Cholesky of H − σI at σ = {early:G6} (from Lanczos on H) failed");
            sigma = early;
        }
        else
        {
            // The products did not settle λ_min: as the float64 path does, factor H itself, take an estimate of λ_min from
            // Lanczos on its (float32) solves, and shift below it; each float32 factorization costs half a float64 one.
            progress?.Invoke("float32 Cholesky of H (Lanczos on H did not settle λ_min)");
            int info = FactorAt(0);
            if (info != 0) return GiveUp($"the float32 Cholesky of H failed at column {info} (κ(H)·ε₃₂ too large)");
            var history = new List<(int Basis, double Lambda)>();
            var first = BlockKrylov.Largest(low.Solve, n, b, 1, Float32InverseTolerance, FirstStageBasis, seed + 1, la,
                (basis, _, r) => history.Add((basis, 1 / r.Values[0])), Float32ValueTolerance);
            if (!first.Converged && history.Count > 0)
            {
                sigma = ShiftAfterFirstStage(history, FactorAt, "float32 Cholesky", progress);
                if (sigma == 0 && FactorAt(0) != 0) return GiveUp("the float32 Cholesky of H failed on its second try");
            }
        }
        var ritz = BlockKrylov.Largest(low.Solve, n, b, 1, Float32InverseTolerance, MaxBasis, seed + 2, la, (basis, res, r) =>
            progress?.Invoke($"Lanczos on the float32 (H − σI)⁻¹: {basis} vectors, λ_min ≈ {sigma + 1 / r.Values[0]:G10}, relative residual {res:G3}"),
            Float32ValueTolerance, extra: b - 1);
        double lanczosEnd = clock.Elapsed.TotalSeconds;
        int block = ritz.Values.Length;
        double target = MixedResidualTolerance * lambdaMax;
        var refined = Lobpcg.Smallest(multiply, low.Solve, n, ritz.Vectors, block, (_, residuals) => residuals[0] <= target,
            MixedMaxIterations, la, (it, theta, res) => progress?.Invoke($"LOBPCG in float64: iteration {it}, λ_min ≈ {theta:R}, ‖Hv − ρv‖ = {res:G3}"));
        double refineEnd = clock.Elapsed.TotalSeconds;
        if (!refined.Converged)
            return GiveUp($"LOBPCG in float64 left ‖Hv − ρv‖ = {refined.Residuals[0]:G3} > {target:G3} after {refined.Iterations} iterations "
                + "(the float32 factor too inaccurate a preconditioner)");
        low.Release();
        var v = refined.Vectors.AsSpan(0, n).ToArray();
        var hv = new double[n];
        multiply(v, hv, 1);
        double rho = TensorPrimitives.Dot(v, hv);
        TensorPrimitives.MultiplyAdd(v, -rho, hv, hv);
        double residual = TensorPrimitives.Norm(hv);
        double residualSeconds = clock.Elapsed.TotalSeconds - refineEnd;
        // Kato–Temple with the gap to the second Ritz value less its residual, where that gap is clear of ‖r‖.
        double? second = block > 1 ? refined.Values[1] : null;
        double gap = block > 1 ? refined.Values[1] - refined.Residuals[1] - rho : 0;
        var (bound, kind) = gap > residual ? (Math.Min(residual, residual * residual / gap), "kato-temple") : (residual, "residual");
        int solves = ritz.Applications + refined.Iterations * block;
        double lanczos = lanczosEnd - start - factorSeconds, refinement = refineEnd - lanczosEnd;
        return new MixedAttempt(new SmallestEigenpairResult(rho, v, lambdaMax, residual, bound, kind, second, null, solves,
            $"float32 Cholesky + block Lanczos on (H − σI)⁻¹, refined in float64 by LOBPCG (block {b}; σ = {sigma:G6}; "
            + $"{factorizations} float32 factorization(s), {ritz.Applications} solves, {refined.Iterations} LOBPCG iterations; λ_max {maxSeconds:F1} s, "
            + $"factorization {factorSeconds:F1} s, Lanczos {lanczos:F1} s, refinement {refinement:F1} s)",
            clock.Elapsed.TotalSeconds, new EigenPhases(maxSeconds, 0, 0, lanczos, residualSeconds, n)
            {
                Float32Factorization = factorSeconds,
                Float32Factorizations = factorizations,
                Refinement = refinement,
            }), null, factorSeconds, 0, factorizations);
    }
}
