using System.Diagnostics;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>Whether the tiled path tries the float32 factorization (<see cref="TiledSmallestEigenpair"/>).</summary>
public enum Float32Use
{
    /// <summary>Float64 only: H factored in place, as before the mixed path existed.</summary>
    No,

    /// <summary>Mixed where block Lanczos on H puts κ̂ = λ_max/λ̂_min below
    /// <see cref="TiledSmallestEigenpair.AutoConditionLimit"/>; float64 otherwise.</summary>
    IfWellConditioned,

    /// <summary>Mixed whatever the products say (float64 where it gives up).</summary>
    Yes,
}

public static partial class TiledSmallestEigenpair
{
    /// <summary>
    /// <see cref="Float32Use.IfWellConditioned"/> tries float32 while κ̂ = λ_max/λ̂_min ≤ this, λ̂_min being the smallest
    /// Ritz value of block Lanczos on H (an upper bound on λ_min, so κ̂ ≤ κ): then ε₃₂·κ̂ ≤ 6·10⁻³. κ̂ underestimates κ
    /// (by 9× on 8,000 Fashion-MNIST images: κ̂ = 5.9·10⁴, κ = 5.3·10⁵, where the mixed path still converged in 2 LOBPCG
    /// iterations); sphere data has κ̂ below 100. All 60,000 Fashion-MNIST images (κ = 1.5·10⁷, ε₃₂·κ ≈ 0.9) stay float64.
    /// </summary>
    public const double AutoConditionLimit = 1e5;

    /// <summary>
    /// The mixed-precision path on tiles, H kept in float64 tiles: block Lanczos on H's products from the tiles (λ_max and
    /// the shift), the float32 tiled Cholesky of H − σI (<see cref="TiledFloat32Factor"/>), Lanczos on its solves and
    /// LOBPCG on H in float64 (<see cref="SmallestEigenpair.Mixed"/>), accepted at ‖Hv − ρv‖ ≤
    /// <see cref="SmallestEigenpair.MixedResidualTolerance"/>·λ_max from the float64 tiles. With labels, yᵀH⁻¹y then
    /// takes a float64 factorization in place, as the in-memory path's does. Returns the result, or null with the attempt
    /// (null where it was not tried) for the float64 path, which finds H intact.
    /// </summary>
    private static (TiledEigenResult? Result, MixedAttempt? GaveUp, double Seconds) TryMixed(TiledLower h, double[]? y, ILinearAlgebra la,
        int maxParallelism, ulong seed, Float32Use use, Action<string>? note, IProgress<ProgressUpdate>? progress, PairGeometry geometry,
        double formSeconds, Stopwatch clock)
    {
        int n = h.N;
        double start = clock.Elapsed.TotalSeconds;
        var products = new PartProgress(progress, "Lanczos on H", "block product", 0, 2, 4);
        long count = 0;
        BlockOperator product = (x, v, k) =>
        {
            h.SymmetricProduct(x, v, k, la);
            products.Reach(++count);
        };
        products.Start();
        var (lambdaMax, fromProducts) = SmallestEigenpair.Products(product, n, la, seed, note);
        products.End();
        double maxSeconds = clock.Elapsed.TotalSeconds - start;
        // λ̂_min ≤ 0: the products already see H singular or indefinite in float64, no case for float32.
        double smallest = fromProducts[^1].Lambda, conditionEstimate = smallest > 0 ? lambdaMax / smallest : double.PositiveInfinity;
        if (use == Float32Use.IfWellConditioned && !(conditionEstimate <= AutoConditionLimit))
            return (null, new MixedAttempt(null, $"Lanczos on H gives κ ≥ λ_max/λ̂_min = {conditionEstimate:G3} > {AutoConditionLimit:G3} "
                + "(auto takes float32 in tiles only below)", 0, maxSeconds), clock.Elapsed.TotalSeconds - start);
        var factorPart = new PartProgress(progress, "float32 Cholesky of H − σI", "", 100, 3, 4);
        var low = new TiledFloat32Factor(h, la, maxParallelism, f => factorPart.Fraction(f));
        var refine = new PartProgress(progress, "Lanczos and LOBPCG", "block product", 0, 4, 4);
        var attempt = SmallestEigenpair.Mixed(n, product, new Reporting(low, factorPart, refine), la, fromProducts, lambdaMax, maxSeconds,
            seed, note, clock);
        refine.End();
        if (attempt.Result is not { } found)
            return (null, attempt with { Abandoned = attempt.Abandoned + maxSeconds }, clock.Elapsed.TotalSeconds - start);
        LabelComplexityResult? complexity = null;
        if (y != null)
        {
            note?.Invoke("yᵀH⁻¹y: float64 Cholesky of H in tiles");
            int info = h.Cholesky(la);
            complexity = info == 0 ? LabelComplexityOf(h, y, la, "a float64 tiled Cholesky factor (after the mixed-precision λ_min)")
                : new LabelComplexityResult(null, null, $"H is not numerically positive definite (the float64 tiled Cholesky failed at column {info})");
        }
        var result = found with
        {
            Method = found.Method.Replace("float32 Cholesky", $"float32 tiled Cholesky ({h.Tile}×{h.Tile} tiles)", StringComparison.Ordinal)
                + $"; forming {formSeconds:F0} s",
            Seconds = clock.Elapsed.TotalSeconds,
            Phases = found.Phases! with { Forming = formSeconds },
        };
        return (new TiledEigenResult(result, geometry, complexity, TiledLower.Bytes(n, h.Tile) + TiledFloat32Factor.Bytes(n, h.Tile)), null,
            clock.Elapsed.TotalSeconds - start);
    }

    /// <summary>The float32 factor with its progress: each factorization restarts the factorization part, each solve is a
    /// block product of the refinement part.</summary>
    private sealed class Reporting(IFloat32Factor inner, PartProgress factorPart, PartProgress refine) : IFloat32Factor
    {
        private long _solves;

        public int Factor(double sigma)
        {
            factorPart.Start();
            int info = inner.Factor(sigma);
            factorPart.End();
            refine.Start();
            return info;
        }

        public void Solve(ReadOnlySpan<double> x, Span<double> y, int count)
        {
            inner.Solve(x, y, count);
            refine.Reach(++_solves);
        }

        public void Release() => inner.Release();
    }
}
