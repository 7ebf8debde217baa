using System.Diagnostics;
using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>λ_min of a symmetric positive semi-definite matrix and its eigenvector, with what is known of its accuracy.</summary>
/// <param name="Value">λ_min as the Rayleigh quotient ρ = vᵀHv of the returned unit vector, computed from H in float64
/// (ρ ≥ λ_min always).</param>
/// <param name="Vector">The unit eigenvector (n), or null where the fallback eigensolver gave the value alone.</param>
/// <param name="LambdaMax">λ_max, from block Lanczos on H, to <see cref="SmallestEigenpair.LargestTolerance"/> relative.</param>
/// <param name="Residual">‖Hv − ρv‖₂ computed in float64 from H: some eigenvalue lies within it of ρ (NaN for the fallback).</param>
/// <param name="ErrorBound">A bound on |ρ − λ_min|: ρ − σ when the certificate holds (rigorous up to the Cholesky's
/// backward error); otherwise min(‖r‖, ‖r‖²/gap) (Kato–Temple, with the gap to the second Ritz value less its
/// residual), or ‖r‖ alone where that gap is not clear, both of which assume the Krylov space saw λ_min.</param>
/// <param name="BoundKind">"certified" (Cholesky of H − σI succeeded), "kato-temple", "residual" or "exact" (fallback).</param>
/// <param name="SecondValue">The second-smallest Ritz value (an estimate of λ_2), or null.</param>
/// <param name="CertifiedLowerBound">The largest σ &gt; 0 at which H − σI had a Cholesky factor (so λ_min &gt; σ up to
/// its backward error n·ε·λ_max): the shift, or the certificate's σ; null when neither was factored.</param>
/// <param name="Solves">Vectors solved with the Cholesky factor.</param>
/// <param name="Method">What computed it, in words.</param>
/// <param name="Seconds">Wall time of the eigen part (the matrix given).</param>
/// <param name="Phases">Where that time went, or null where the path does not time its phases.</param>
public sealed record SmallestEigenpairResult(double Value, double[]? Vector, double LambdaMax, double Residual, double ErrorBound,
    string BoundKind, double? SecondValue, double? CertifiedLowerBound, int Solves, string Method, double Seconds, EigenPhases? Phases = null);

/// <summary>The phases of <see cref="SmallestEigenpair"/>, in seconds of wall time.</summary>
/// <param name="LambdaMax">Block Lanczos on H (products): λ_max and the first estimate of λ_min.</param>
/// <param name="Factorization">The Cholesky factorizations (of H − σI, with rebuilding the lower triangle).</param>
/// <param name="Factorizations">How many were made (a failed shift, or the certificate, adds one).</param>
/// <param name="Lanczos">Block Lanczos on (H − σI)⁻¹: the triangular solves and the Ritz extractions.</param>
/// <param name="Residual">ρ and ‖Hv − ρv‖ from H in float64 (the tiled path forms H again from the inputs for it).</param>
/// <param name="N">The order, for the factorizations' flops (n³/3 each).</param>
/// <param name="Forming">Forming H, where the solver forms it itself (the tiled path); NaN where H was given.</param>
public sealed record EigenPhases(double LambdaMax, double Factorization, int Factorizations, double Lanczos, double Residual, int N,
    double Forming = double.NaN)
{
    /// <summary>GFLOP/s of the float64 factorizations: n³/3 flops each (Golub &amp; Van Loan, §4.2) over their time; NaN if
    /// untimed or none was made.</summary>
    public double FactorizationGflops => Gflops(Factorizations, Factorization);

    /// <summary>Seconds of the float32 factorizations of the mixed-precision path (<see cref="IFloat32Factor"/>).</summary>
    public double Float32Factorization { get; init; }

    /// <summary>How many float32 factorizations were made (0 or 1).</summary>
    public int Float32Factorizations { get; init; }

    /// <summary>Seconds of the mixed path's float64 refinement (LOBPCG on H with the float32 solves).</summary>
    public double Refinement { get; init; }

    /// <summary>Seconds spent on a mixed-precision attempt that gave up after its factorization (the float64 path followed).</summary>
    public double Abandoned { get; init; }

    /// <summary>GFLOP/s of the float32 factorizations (n³/3 each); NaN if none.</summary>
    public double Float32FactorizationGflops => Gflops(Float32Factorizations, Float32Factorization);

    private double Gflops(int count, double seconds) => count > 0 && seconds > 0 ? count * (double)N * N * N / 3 / seconds / 1e9 : double.NaN;
}

/// <summary>
/// The smallest eigenpair of a symmetric positive definite n×n matrix H without its full spectrum, by shift-invert
/// block Lanczos. Block Lanczos on H (dgemm) gives λ_max and an upper estimate of λ_min; a Cholesky factorization of
/// H − σI (n³/3 flops, BLAS 3) at a shift σ below that estimate follows (where the estimate has not settled, H itself is
/// factored first and Lanczos on H⁻¹ sets the shift); then block Lanczos on (H − σI)⁻¹, whose largest eigenvalue is
/// 1/(λ_min − σ), every application a pair of triangular solves on a block of vectors (dpotrs). The full eigensolver's
/// Householder tridiagonalization is half matrix–vector work and runs at memory speed; this path is almost all
/// matrix–matrix work. Rounding: the factor is exact for H + E with ‖E‖ ≲ c·n·ε·‖H‖ (Higham, Accuracy and
/// Stability of Numerical Algorithms, Thm 10.3), so residuals reach about that level and not below.
/// </summary>
/// <remarks>
/// The method asks of H only what <see cref="IShiftInvertMatrix"/> lists, so one implementation serves H on one machine
/// (<see cref="DenseShiftInvertMatrix"/>: one n×n matrix of memory, the factor in the lower triangle and H in the upper)
/// and H distributed over MPI ranks (ScaLAPACK pdpotrf and pdpotrs). If the Cholesky of H itself fails, H is not
/// numerically positive definite, and the full eigensolver gives λ_min (≤ about n·ε·λ_max).
/// </remarks>
public static partial class SmallestEigenpair
{
    /// <summary>Vectors per block: enough for dpotrs and dsymm to run as matrix–matrix products, few enough that the
    /// basis (2·<see cref="MaxBasis"/>·n doubles) stays small next to H.</summary>
    public const int BlockSize = 16;

    /// <summary>Largest Krylov basis kept. The small eigenvalues of H∞ on sphere data form a continuum whose edge
    /// Lanczos resolves slowly: about 400 vectors at n = 3,000, d = 100 (docs/perf.md).</summary>
    public const int MaxBasis = 1200;

    /// <summary>The first stage (σ = 0) stops at this basis size if it has not converged, and its estimate sets the shift.</summary>
    public const int FirstStageBasis = 256;

    /// <summary>
    /// The shift sits this many times the estimate's last movement below the estimate: σ = λ̂ − 1.5·(λ̂(m/2) − λ̂(m)).
    /// Lanczos estimates of an extreme eigenvalue approach it monotonically from above and slow down; the remaining
    /// error was a quarter to a half of that movement on the sphere data measured (docs/perf.md), as an error ∝ 1/m²
    /// predicts (a third). If σ is still above λ_min the Cholesky of H − σI fails, which proves it, and the step is
    /// quadrupled.
    /// </summary>
    public const double ShiftSafety = 1.5;

    /// <summary>The smallest step, relative to the estimate (a stalled estimate still gets a shift this far below).</summary>
    public const double ShiftFloor = 1e-4;

    /// <summary>A shift is used only when the estimate moved by less than this fraction of itself over the last doubling
    /// of the basis; otherwise (an ill-conditioned H seen through products) the route through σ = 0 is taken.</summary>
    public const double ShiftUseFraction = 0.05;

    /// <summary>Shifted factorizations tried before falling back to σ = 0 with the full basis.</summary>
    public const int ShiftAttempts = 3;

    /// <summary>Relative residual target on H⁻¹ (relative to 1/λ_min): gives ‖Hv − ρv‖ ≲ 1e-12·λ_max, or the rounding floor.</summary>
    public const double InverseTolerance = 1e-13;

    /// <summary>Lanczos on (H − σI)⁻¹ also stops when 1/(λ_min − σ) moved by less than this, relative, between Ritz
    /// extractions (<see cref="BlockKrylov.Largest"/>): λ_min is then settled to about this relative accuracy (far below 1e-10·λ_max) even where a tight cluster
    /// keeps the vector's residual from falling.</summary>
    public const double ValueTolerance = 1e-12;

    /// <summary>Relative residual target of λ_max (it scales the certificate's margin and gives the condition number). Its
    /// Ritz value is settled far sooner (error ≈ residual²/gap), which <see cref="ValueTolerance"/> detects: on
    /// d = 1,000 sphere data the top of H∞'s spectrum is a Marchenko–Pastur edge, and a 1e-12 residual took 768
    /// products (23 s at n = 20,000).</summary>
    public const double LargestTolerance = 1e-8;

    /// <summary>λ_max's Ritz value is taken as settled when it moves by less than this, relative (it enters only the
    /// certificate's margin, the condition number and the bound on the second pair's residual).</summary>
    public const double LargestValueTolerance = 1e-10;

    /// <summary>The certificate's shift sits this many multiples of n·ε·λ_max below ρ, clear of the Cholesky's own
    /// backward error (about that size at worst, usually far less).</summary>
    public const double CertificateMargin = 4;

    /// <summary>Factorizations tried for the certificate, the margin ×100 each time (then it is reported as failed).</summary>
    public const int CertificateAttempts = 2;

    /// <summary>
    /// Computes λ_min of the full symmetric n×n <paramref name="h"/> (both triangles filled). <paramref name="h"/> is
    /// destroyed (its lower triangle becomes a Cholesky factor: <see cref="DenseShiftInvertMatrix"/>).
    /// </summary>
    /// <param name="h">H, n×n row-major.</param>
    /// <param name="n">Its order.</param>
    /// <param name="la">Backend (dgemm, dpotrf, dpotrs, dsymm).</param>
    /// <param name="certify">Also factor H − σI at σ just below ρ, which proves λ_min &gt; σ (a second n³/3).</param>
    /// <param name="seed">Seed of the Krylov start blocks.</param>
    /// <param name="progress">Receives a line at each phase.</param>
    /// <param name="float32">Try the mixed-precision path first (<see cref="Mixed"/>): the factorization in float32 (n²
    /// float32 values more), refined in float64; the float64 path follows where it gives up. Not with <paramref name="certify"/>.</param>
    /// <param name="maxParallelism">Threads for the float32 copy.</param>
    public static SmallestEigenpairResult Compute(double[] h, int n, ILinearAlgebra la, bool certify, ulong seed = 1,
        Action<string>? progress = null, bool float32 = false, int maxParallelism = 1)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "needs n ≥ 1");
        return Compute(new DenseShiftInvertMatrix(h, n, la), la, certify, seed, progress,
            float32 && !certify ? new DenseFloat32Factor(h, n, la, maxParallelism) : null);
    }

    /// <summary>
    /// Computes λ_min of <paramref name="h"/>, wherever it is held, by the stages above: block Lanczos on H, the Cholesky
    /// factorizations of H − σI, block Lanczos on (H − σI)⁻¹, and ρ and ‖Hv − ρv‖ from H. The Krylov vectors live on this
    /// process (n·<see cref="MaxBasis"/>·2 doubles); only the matrix operations go through <paramref name="h"/>.
    /// </summary>
    /// <param name="h">H and the operations on it (destroyed as its implementation says).</param>
    /// <param name="la">Backend for the Krylov vectors (dgemm, the small eigenproblems).</param>
    /// <param name="certify">Also factor H − σI at σ just below ρ, which proves λ_min &gt; σ (a second n³/3).</param>
    /// <param name="seed">Seed of the Krylov start blocks.</param>
    /// <param name="progress">Receives a line at each phase.</param>
    /// <param name="float32">A float32 factor of the same H: the mixed-precision path is tried first (<see cref="Mixed"/>).</param>
    public static SmallestEigenpairResult Compute(IShiftInvertMatrix h, ILinearAlgebra la, bool certify, ulong seed = 1,
        Action<string>? progress = null, IFloat32Factor? float32 = null)
    {
        int n = h.N;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(h), "needs n ≥ 1");
        var clock = Stopwatch.StartNew();
        BlockOperator product = h.Multiply;
        var (lambdaMax, fromProducts) = Products(product, n, la, seed, progress);
        double maxSeconds = clock.Elapsed.TotalSeconds, factorSeconds = 0;
        int factorizations = 0;
        // Factors H − σI, and counts and times the factorization. Returns 0, or the column at which H − σI proved not
        // positive definite.
        int FactorAt(double shift)
        {
            double start = clock.Elapsed.TotalSeconds;
            int info = h.Factor(shift);
            factorSeconds += clock.Elapsed.TotalSeconds - start;
            factorizations++;
            return info;
        }
        MixedAttempt? mixed = null;
        if (float32 != null && !certify)
        {
            mixed = Mixed(n, product, float32, la, fromProducts, lambdaMax, maxSeconds, seed, progress, clock);
            if (mixed.Result != null) return mixed.Result;
            progress?.Invoke($"mixed precision given up: {mixed.Reason}; the float64 path follows");
            maxSeconds += mixed.Factorization + mixed.Abandoned; // so that the float64 phases below are timed from here
        }
        double sigma = 0;
        int solves = 0;
        RitzPairs? bottom = null;
        var history = new List<(int Basis, double Lambda)>();
        // Where the products already pin λ_min down (a well-conditioned H), shift there at once: one factorization.
        if (n > FirstStageBasis && Shift(fromProducts) is { } early && early > 0)
        {
            progress?.Invoke($"shift: {h.FactorName} of H − σI at σ = {early:G8} (from Lanczos on H)");
            if (FactorAt(early) == 0) sigma = early;
        }
        if (sigma == 0)
        {
            progress?.Invoke($"{h.FactorName} of H (n³/3 = {n * (double)n * n / 3e9:G3} GFLOP)");
            int info = FactorAt(0);
            if (info != 0)
                return new SmallestEigenpairResult(h.SmallestByEigensolver(), null, lambdaMax, double.NaN, 0, "exact", null, null, 0,
                    $"{h.FactorName} failed at column {info} (not numerically positive definite); {h.EigensolverName}"
                    + (mixed == null ? "" : $"; float64 because {mixed.Reason}"), clock.Elapsed.TotalSeconds);
            // Stage 1: shift-invert at σ = 0. Where the bottom of the spectrum is a continuum (sphere data), the relative
            // gap (λ_2 − λ_1)/λ_1 is tiny and Lanczos creeps; its estimate of λ_min then sets the shift of stage 2.
            bottom = Inverse(h.Solve, n, la, 0, FirstStageBasis, seed + 1, history, progress);
            solves += bottom.Applications;
            if (!bottom.Converged && n > FirstStageBasis)
            {
                sigma = ShiftAfterFirstStage(history, FactorAt, h.FactorName, progress);
                if (sigma == 0) FactorAt(0); // succeeded before, so it succeeds again
                bottom = null;
            }
        }
        if (bottom == null)
        {
            // Stage 2: Lanczos on (H − σI)⁻¹, where the relative gap is (λ_2 − λ_1)/(λ_1 − σ).
            history.Clear();
            bottom = Inverse(h.Solve, n, la, sigma, MaxBasis, seed + 2, history, progress);
            solves += bottom.Applications;
        }
        double lanczosEnd = clock.Elapsed.TotalSeconds;
        var v = bottom.Vectors.AsSpan(0, n).ToArray();
        var hv = new double[n];
        product(v, hv, 1);
        double rho = TensorPrimitives.Dot(v, hv);
        TensorPrimitives.MultiplyAdd(v, -rho, hv, hv);
        double residual = TensorPrimitives.Norm(hv);
        double residualSeconds = clock.Elapsed.TotalSeconds - lanczosEnd;
        var (bound, kind, second) = ErrorBound(bottom, sigma, lambdaMax, rho, residual);
        // A shifted factorization that succeeded already proves λ_min > σ.
        double? certified = sigma > 0 ? sigma : null;
        if (sigma > 0 && rho - sigma < bound) { bound = rho - sigma; kind = "certified"; }
        if (certify)
        {
            // The margin need not cover the residual: the Ritz value is settled far more tightly than the vector.
            double margin = CertificateMargin * n * Spectrum.MachineEpsilon * lambdaMax;
            for (int attempt = 0; attempt < CertificateAttempts && kind != "certified"; attempt++, margin *= 100)
            {
                double lower = rho - margin;
                progress?.Invoke($"certificate: {h.FactorName} of H − σI at σ = λ − {margin:G3}");
                if (FactorAt(lower) != 0) continue;
                certified = lower;
                bound = margin;
                kind = "certified";
            }
        }
        double lanczos = clock.Elapsed.TotalSeconds - maxSeconds - factorSeconds - residualSeconds;
        double lambdaMaxSeconds = maxSeconds - (mixed == null ? 0 : mixed.Factorization + mixed.Abandoned);
        return new SmallestEigenpairResult(rho, v, lambdaMax, residual, bound, kind, second, certified, solves,
            $"{h.MethodName} (block {BlockSize}; σ = {sigma:G6}; {factorizations} factorization(s), {solves} solves; "
            + $"λ_max {lambdaMaxSeconds:F1} s, factorizations {factorSeconds:F1} s, Lanczos {lanczos:F1} s)"
            + (mixed == null ? "" : $"; float64 because {mixed.Reason}"),
            clock.Elapsed.TotalSeconds, new EigenPhases(lambdaMaxSeconds, factorSeconds, factorizations, lanczos, residualSeconds, n)
            {
                Float32Factorization = mixed?.Factorization ?? 0,
                Float32Factorizations = mixed?.Factorizations ?? 0,
                Abandoned = mixed?.Abandoned ?? 0,
            });
    }

    /// <summary>
    /// Stage 0: block Lanczos on H (<paramref name="product"/>) gives λ_max and, from the other end of the same Krylov
    /// space, a history of upper estimates of λ_min (basis size, estimate), from which <see cref="Shift"/> may place σ.
    /// </summary>
    internal static (double LambdaMax, List<(int Basis, double Lambda)> FromProducts) Products(BlockOperator product, int n, ILinearAlgebra la,
        ulong seed, Action<string>? progress)
    {
        var fromProducts = new List<(int Basis, double Lambda)>();
        var top = BlockKrylov.Largest(product, n, BlockSize, 1, LargestTolerance, MaxBasis, seed, la,
            (basis, _, ritz) => fromProducts.Add((basis, ritz.Smallest)), LargestValueTolerance, minBasis: FirstStageBasis);
        double lambdaMax = top.Values[0];
        progress?.Invoke($"λ_max = {lambdaMax:G10} ({top.Applications} products; λ_min ≤ {fromProducts[^1].Lambda:G8}, "
            + $"which moved {Movement(fromProducts):G3} over the last doubling of the basis)");
        return (lambdaMax, fromProducts);
    }

    /// <summary>
    /// A bound on |ρ − λ_min| from the residual ‖r‖ of the returned vector and Lanczos on (H − σI)⁻¹: ‖r²‖/gap
    /// (Kato–Temple) with the gap to the second Ritz value less that pair's residual in H, where the gap exceeds ‖r‖;
    /// otherwise ‖r‖. Also returns the second Ritz value, an estimate of λ_2.
    /// </summary>
    internal static (double Bound, string Kind, double? Second) ErrorBound(RitzPairs bottom, double sigma, double lambdaMax, double rho, double residual)
    {
        if (bottom.Values.Length < 2) return (residual, "residual", null);
        double second = sigma + 1 / bottom.Values[1];
        // ‖(H − σI)u − u/θ‖ ≤ ‖H − σI‖‖(H − σI)⁻¹u − θu‖/θ: the second pair's residual in H, to keep the gap honest.
        double gap = second - lambdaMax * bottom.Residuals[1] / bottom.Values[1] - rho;
        return gap > residual ? (Math.Min(residual, residual * residual / gap), "kato-temple", second) : (residual, "residual", second);
    }

    /// <summary>
    /// The shifted factorization after the σ = 0 stage: σ = λ̂ − <see cref="ShiftSafety"/>·Δ from its history, the step
    /// quadrupled after each failed factorization, at most <see cref="ShiftAttempts"/> tries. Returns the σ whose
    /// factorization succeeded, or 0 where none did (the caller factors at σ = 0 again).
    /// </summary>
    private static double ShiftAfterFirstStage(List<(int Basis, double Lambda)> history, Func<double, int> factorAt, string factorName,
        Action<string>? progress)
    {
        double now = history[^1].Lambda, step = ShiftSafety * Movement(history);
        for (int attempt = 0; attempt < ShiftAttempts; attempt++, step *= 4)
        {
            double shift = now - step;
            if (shift <= 0) break;
            progress?.Invoke($"shift: {factorName} of H − σI at σ = {shift:G8} (λ_min ≈ {now:G8} so far)");
            if (factorAt(shift) == 0) return shift;
        }
        return 0;
    }

    /// <summary>
    /// A shift below λ_min from a history of decreasing estimates (basis size, λ̂): σ = λ̂ − <see cref="ShiftSafety"/>·Δ
    /// (<see cref="Movement"/>); null where the history is too short or the estimate still moves by more than
    /// <see cref="ShiftUseFraction"/> of itself (a shift that far down would gain little).
    /// </summary>
    private static double? Shift(List<(int Basis, double Lambda)> history)
    {
        double now = history.Count == 0 ? 0 : history[^1].Lambda;
        if (history.Count < 2 || now <= 0) return null;
        double step = Movement(history);
        return step > ShiftUseFraction * now ? null : now - ShiftSafety * step;
    }

    /// <summary>Δ = λ̂(m/2) − λ̂(m), the estimate's movement over the last doubling of the basis, at least
    /// <see cref="ShiftFloor"/>·λ̂(m).</summary>
    private static double Movement(List<(int Basis, double Lambda)> history)
    {
        double now = history[^1].Lambda;
        var earlier = history.LastOrDefault(p => p.Basis <= history[^1].Basis / 2);
        return Math.Max(earlier.Basis == 0 ? 0 : earlier.Lambda - now, ShiftFloor * Math.Abs(now));
    }

    /// <summary>Block Lanczos on an operator <paramref name="inverse"/> = (H − σI)⁻¹; records (basis, λ estimate) as it goes.</summary>
    internal static RitzPairs Inverse(BlockOperator inverse, int n, ILinearAlgebra la, double sigma, int maxBasis, ulong seed,
        List<(int Basis, double Lambda)> history, Action<string>? progress)
    {
        return BlockKrylov.Largest(inverse, n, BlockSize, 1, InverseTolerance, maxBasis, seed, la, (basis, res, ritz) =>
        {
            history.Add((basis, sigma + 1 / ritz.Values[0]));
            progress?.Invoke($"Lanczos on (H − σI)⁻¹, σ = {sigma:G6}: {basis} vectors, λ_min ≈ {sigma + 1 / ritz.Values[0]:R}, relative residual {res:G3}");
        }, ValueTolerance, extra: Math.Min(1, n - 1));
    }

    /// <summary>λ_max of the full symmetric n×n <paramref name="h"/> (left unchanged) by block Lanczos on products (dgemm),
    /// to <see cref="LargestTolerance"/>.</summary>
    public static double LargestEigenvalue(double[] h, int n, ILinearAlgebra la) =>
        BlockKrylov.Largest(new DenseShiftInvertMatrix(h, n, la).Multiply, n, BlockSize, 1, LargestTolerance, MaxBasis, 1, la, valueTolerance: LargestValueTolerance).Values[0];
}
