using OverParam.Numerics;
using OverParam.Tests.Kernels;

namespace OverParam.Tests.Numerics;

/// <summary>LOBPCG (Knyazev 2001) against the full eigensolver on spectra built to be easy and hard, with exact,
/// float32 and no preconditioning.</summary>
public class LobpcgTests
{
    /// <summary>Y = A·X for rows X, by dgemm on the full matrix.</summary>
    private static BlockOperator Product(double[] a, int n) =>
        (x, y, count) => TestData.OpenBlas.Gemm(Op.None, Op.None, count, n, n, 1.0, x, n, a, n, 0.0, y, n);

    /// <summary>Y = (A − σI)⁻¹X in float64 (an exact shift-invert preconditioner).</summary>
    private static BlockOperator ShiftInvert(double[] a, int n, double sigma)
    {
        var f = (double[])a.Clone();
        for (int i = 0; i < n; i++) f[i * n + i] -= sigma;
        Assert.Equal(0, TestData.OpenBlas.CholeskyLower(f, n));
        return (x, y, count) => { x.CopyTo(y); TestData.OpenBlas.CholeskySolve(f, n, y, count); };
    }

    private static (LobpcgResult Result, double[] Exact) Run(double[] lambda, int block, BlockOperator? precondition, int maxIterations, double sigma = 0)
    {
        int n = lambda.Length;
        var a = SmallestEigenpairTests.Rotated(lambda, 5);
        var exact = (double[])lambda.Clone();
        Array.Sort(exact);
        double target = Tolerances.SmallestEigenAgreement * exact[^1];
        var r = Lobpcg.Smallest(Product(a, n), precondition ?? ShiftInvert(a, n, sigma), n, TestData.Gaussian(block * n, 7), block,
            (_, res) => res[0] <= target, maxIterations, TestData.OpenBlas);
        return (r, exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void With_an_exact_shift_invert_preconditioner_it_finds_the_smallest_pair(int block)
    {
        var lambda = Enumerable.Range(0, 120).Select(i => 1.0 + i * i / 10.0).ToArray();
        var (r, exact) = Run(lambda, block, null, 50, sigma: 0.5);
        Assert.True(r.Converged, $"residual {r.Residuals[0]:G3} after {r.Iterations}");
        Assert.True(Math.Abs(r.Values[0] - exact[0]) <= Tolerances.SmallestEigenAgreement * exact[^1], $"θ_1 = {r.Values[0]:R}");
        // Cauchy interlacing: the j-th Ritz value is never below the j-th eigenvalue.
        for (int j = 0; j < block; j++) Assert.True(r.Values[j] >= exact[j] - Tolerances.SmallestEigenAgreement * exact[^1]);
        // No slower than inverse iteration with the same shift on the block, whose error falls by (λ_1 − σ)/(λ_{b+1} − σ) a step.
        double ratio = (exact[0] - 0.5) / (exact[block] - 0.5);
        Assert.True(r.Iterations <= Math.Log(1e-10) / Math.Log(ratio), $"{r.Iterations} iterations; inverse iteration needs {Math.Log(1e-10) / Math.Log(ratio):F0}");
    }

    [Fact]
    public void Without_a_preconditioner_it_still_converges_on_a_separated_spectrum()
    {
        var lambda = Enumerable.Range(0, 80).Select(i => i == 0 ? 0.5 : 1.0 + i).ToArray();
        var (r, exact) = Run(lambda, 2, (x, y, _) => x.CopyTo(y), 300);
        Assert.True(r.Converged, $"residual {r.Residuals[0]:G3} after {r.Iterations}");
        Assert.True(Math.Abs(r.Values[0] - exact[0]) <= Tolerances.SmallestEigenAgreement * exact[^1]);
    }

    [Fact]
    public void A_cluster_at_the_bottom_is_resolved_with_a_float32_preconditioner()
    {
        // λ_1..λ_8 within 1e-6 of 1e-2, the rest spread to 10: the block holds the cluster, float32 solves precondition.
        int n = 150;
        var lambda = Enumerable.Range(0, n).Select(i => i < 8 ? 1e-2 + 1e-6 * i : 1e-2 + 10.0 * i / n).ToArray();
        var a = SmallestEigenpairTests.Rotated(lambda, 5);
        var f = new float[n * n];
        for (int i = 0; i < n * n; i++) f[i] = (float)a[i];
        for (int i = 0; i < n; i++) f[i * n + i] -= 5e-3f;
        Assert.Equal(0, TestData.OpenBlas.CholeskyLower(f, n));
        BlockOperator t = (x, y, count) =>
        {
            var b = new float[count * n];
            for (int i = 0; i < b.Length; i++) b[i] = (float)x[i];
            TestData.OpenBlas.CholeskySolve(f, n, b, count);
            for (int i = 0; i < b.Length; i++) y[i] = b[i];
        };
        var (r, exact) = Run(lambda, 8, t, 60);
        Assert.True(r.Converged, $"residual {r.Residuals[0]:G3} after {r.Iterations}");
        Assert.True(Math.Abs(r.Values[0] - exact[0]) <= Tolerances.SmallestEigenAgreement * exact[^1]);
    }

    [Fact]
    public void It_stops_at_the_iteration_cap_and_says_it_did_not_converge()
    {
        var lambda = Enumerable.Range(0, 60).Select(i => 1.0 + i).ToArray();
        var (r, _) = Run(lambda, 1, (x, y, _) => x.CopyTo(y), 2);
        Assert.False(r.Converged);
        Assert.Equal(2, r.Iterations);
    }

    [Fact]
    public void A_rank_deficient_start_is_refused()
    {
        var a = SmallestEigenpairTests.Rotated([1, 2, 3, 4], 1);
        var start = new double[8]; // two zero vectors
        Assert.Throws<ArgumentException>(() => Lobpcg.Smallest(Product(a, 4), (x, y, _) => x.CopyTo(y), 4, start, 2, (_, _) => false, 5, TestData.OpenBlas));
    }
}
