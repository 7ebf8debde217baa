using OverParam.Architectures;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Tests.Kernels;

/// <summary>λ_min by Cholesky + block Lanczos on H⁻¹ against the full eigensolver (dsyevd), on the kernels OverParam
/// computes and on spectra built to be hard (a tight cluster at the bottom, a singular matrix).</summary>
public class SmallestEigenpairTests
{
    private static double FullMin(double[] h, int n, ILinearAlgebra la)
    {
        var w = new double[n];
        la.SymmetricEigenvalues((double[])h.Clone(), n, w);
        return w[0];
    }

    private static SmallestEigenpairResult AssertAgrees(double[] h, int n, ILinearAlgebra la, bool certify = false, bool float32 = false)
    {
        var w = new double[n];
        la.SymmetricEigenvalues((double[])h.Clone(), n, w);
        var r = SmallestEigenpair.Compute((double[])h.Clone(), n, la, certify, float32: float32, maxParallelism: 2);
        double tol = Tolerances.SmallestEigenAgreement * w[^1];
        Assert.True(Math.Abs(r.Value - w[0]) <= tol, $"{la.Name}: λ_min {r.Value:R} vs dsyevd {w[0]:R} (λ_max {w[^1]:G6})");
        Assert.True(Math.Abs(r.LambdaMax - w[^1]) <= tol, $"λ_max {r.LambdaMax:R} vs {w[^1]:R}");
        Assert.True(r.Value >= w[0] - tol, "a Rayleigh quotient is never below λ_min");
        Assert.True(Math.Abs(r.Value - w[0]) <= r.ErrorBound + tol, $"the stated bound {r.ErrorBound:G3} ({r.BoundKind}) holds");
        double residualTol = Tolerances.SmallestEigenResidual * w[^1];
        Assert.True(r.Residual <= residualTol, $"residual {r.Residual:G3}");
        Assert.NotNull(r.Vector);
        // The vector is an eigenvector: ‖Hv − λv‖ recomputed here from the untouched matrix.
        var hv = new double[n];
        TestData.Managed.Gemm(Op.None, Op.None, n, 1, n, 1.0, h, n, r.Vector, 1, 0.0, hv, 1);
        double res = 0;
        for (int i = 0; i < n; i++) res += Math.Pow(hv[i] - r.Value * r.Vector[i], 2);
        Assert.True(Math.Abs(Math.Sqrt(res) - r.Residual) <= tol, $"recomputed residual {Math.Sqrt(res):G3} vs reported {r.Residual:G3}");
        if (certify)
        {
            Assert.Equal("certified", r.BoundKind);
            Assert.True(r.CertifiedLowerBound < w[0] + tol);
        }
        return r;
    }

    [Theory]
    [InlineData(30, 5)]
    [InlineData(200, 10)]
    [InlineData(400, 100)]
    [InlineData(600, 1000)]
    public void Two_layer_H_on_the_sphere_matches_the_full_eigensolver(int n, int d)
    {
        var h = TwoLayerGram.Compute(Synthetic.Sphere(n, d, n), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        AssertAgrees(h, n, TestData.OpenBlas, certify: n == 200);
    }

    [Theory]
    [InlineData(600, 1000, "1 factorization(s)")] // well conditioned: Lanczos on H gives the shift at once
    [InlineData(500, 20, "2 factorization(s)")]   // ill conditioned: σ = 0 first, then the shift from H⁻¹
    public void Each_route_to_the_shift_is_taken_where_expected(int n, int d, string route)
    {
        var h = TwoLayerGram.Compute(Synthetic.Sphere(n, d, 1), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var r = SmallestEigenpair.Compute((double[])h.Clone(), n, TestData.OpenBlas, certify: false);
        Assert.Contains(route, r.Method);
        Assert.True(Math.Abs(r.Value - FullMin(h, n, TestData.OpenBlas)) <= Tolerances.SmallestEigenAgreement * r.LambdaMax);
    }

    [Fact]
    public void Managed_backend_gives_the_same_lambda_min()
    {
        int n = 60;
        var h = TwoLayerGram.Compute(Synthetic.Sphere(n, 4, 2), TwoLayerKernel.Du2019, TestData.Managed, 2).Values;
        AssertAgrees(h, n, TestData.Managed, certify: true);
    }

    [Theory]
    [InlineData("du2019-fc")]
    [InlineData("du2019-resnet")]
    [InlineData("ntk-fc")]
    [InlineData("nngp-resnet")]
    public void Deep_kernels_match_the_full_eigensolver(string kernel)
    {
        int n = 120;
        var data = Synthetic.Sphere(n, 8, 5);
        var kind = KernelKinds.Find(kernel);
        var h = kind.Matrix(data, new DeepSpec(kind.Architecture!, 3, Activation.ByName("softplus"), 0.5), TestData.OpenBlas, 2);
        AssertAgrees(h, n, TestData.OpenBlas);
    }

    [Theory]
    [InlineData(500, 300, "openblas")]
    [InlineData(600, 1000, "openblas")]
    [InlineData(300, 1000, "managed")]
    public void Mixed_precision_matches_the_full_eigensolver_where_H_is_well_conditioned(int n, int d, string backend)
    {
        var la = backend == "managed" ? TestData.Managed : TestData.OpenBlas;
        var h = TwoLayerGram.Compute(Synthetic.Sphere(n, d, n + 1), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var r = AssertAgrees(h, n, la, float32: true);
        Assert.StartsWith("float32 Cholesky", r.Method);
        Assert.Equal((1, 0), (r.Phases!.Float32Factorizations, r.Phases.Factorizations));
        Assert.True(r.Residual <= SmallestEigenpair.MixedResidualTolerance * r.LambdaMax, $"accepted at ‖r‖ = {r.Residual:G3}");
        Assert.Null(r.CertifiedLowerBound); // a float32 factor proves nothing at float64's precision
    }

    [Fact]
    public void Mixed_precision_where_the_products_do_not_settle_lambda_min_factors_H_first_then_the_shift()
    {
        // n = 500 points in d = 20 (the float64 path's route through σ = 0 above): two float32 factorizations.
        var h = TwoLayerGram.Compute(Synthetic.Sphere(500, 20, 500), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var r = AssertAgrees(h, 500, TestData.OpenBlas, float32: true);
        Assert.StartsWith("float32 Cholesky", r.Method);
        Assert.Equal(2, r.Phases!.Float32Factorizations);
    }

    [Fact]
    public void Mixed_precision_gives_up_where_the_float32_factor_fails_and_the_float64_path_gives_the_same_numbers()
    {
        // λ_min = −1e-3, far beyond float32's backward error here (n·ε₃₂·λ_max ≈ 1e-4): spotrf of H fails.
        var h = Rotated(Enumerable.Range(0, 40).Select(i => i == 0 ? -1e-3 : 1.0 + i).ToArray(), 3);
        var f64 = SmallestEigenpair.Compute((double[])h.Clone(), 40, TestData.OpenBlas, certify: false);
        var mixed = SmallestEigenpair.Compute((double[])h.Clone(), 40, TestData.OpenBlas, certify: false, float32: true);
        Assert.Contains("float64 because the float32 Cholesky of H failed", mixed.Method);
        Assert.Equal(f64.Value, mixed.Value);
        Assert.Equal(f64.BoundKind, mixed.BoundKind);
    }

    [Fact]
    public void Certify_takes_the_float64_path_even_when_mixed_is_asked_for()
    {
        var h = TwoLayerGram.Compute(Synthetic.Sphere(400, 100, 400), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var r = AssertAgrees(h, 400, TestData.OpenBlas, certify: true, float32: true);
        Assert.StartsWith("Cholesky", r.Method);
    }

    [Fact]
    public void A_tight_cluster_at_the_bottom_is_resolved()
    {
        // Q diag(λ) Qᵀ with λ_1..λ_20 within 1e-6 of 1e-3 and the rest spread to 100: inverse iteration's ratio
        // λ_1/λ_2 ≈ 1 − 1e-4, the case that stalls subspace iteration.
        int n = 150;
        var lambda = Enumerable.Range(0, n).Select(i => i < 20 ? 1e-3 + 1e-6 * i / 20 : 1e-3 + 100.0 * i / n).ToArray();
        var h = Rotated(lambda, 11);
        AssertAgrees(h, n, TestData.OpenBlas, certify: true);
    }

    [Fact]
    public void A_singular_matrix_gives_its_zero_eigenvalue()
    {
        // Rounding makes the zero eigenvalue ±1e-15: the Cholesky may succeed or fail, and either way λ_min agrees.
        var h = Rotated(Enumerable.Range(0, 40).Select(i => i == 0 ? 0.0 : 1.0 + i).ToArray(), 3);
        var r = SmallestEigenpair.Compute((double[])h.Clone(), 40, TestData.OpenBlas, certify: false);
        Assert.True(Math.Abs(r.Value - FullMin(h, 40, TestData.OpenBlas)) <= Tolerances.SmallestEigenAgreement * 41);
    }

    [Fact]
    public void An_indefinite_matrix_falls_back_to_the_full_solver()
    {
        var lambda = Enumerable.Range(0, 40).Select(i => i == 0 ? -1e-3 : 1.0 + i).ToArray();
        var h = Rotated(lambda, 3);
        var r = SmallestEigenpair.Compute((double[])h.Clone(), 40, TestData.OpenBlas, certify: false);
        Assert.Equal("exact", r.BoundKind);
        Assert.Contains("Cholesky failed", r.Method);
        Assert.True(Math.Abs(r.Value - FullMin(h, 40, TestData.OpenBlas)) <= Tolerances.SmallestEigenAgreement * 41);
    }

    [Fact]
    public void One_point_is_its_own_eigenvalue()
    {
        var r = SmallestEigenpair.Compute([0.5], 1, TestData.OpenBlas, certify: true);
        Assert.Equal(0.5, r.Value, 15);
        Assert.Equal(0.5, r.LambdaMax, 15);
    }

    /// <summary>Q diag(λ) Qᵀ for a seeded random orthogonal Q (the eigenvectors of a random symmetric matrix).</summary>
    internal static double[] Rotated(double[] lambda, long seed)
    {
        int n = lambda.Length;
        var g = TestData.Gaussian(n * n, seed);
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) s[i * n + j] = g[i * n + j] + g[j * n + i];
        var w = new double[n];
        TestData.OpenBlas.SymmetricEigen(s, n, w); // rows of s: orthonormal vectors
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = 0;
                for (int k = 0; k < n; k++) v += s[k * n + i] * lambda[k] * s[k * n + j];
                h[i * n + j] = v;
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) h[i * n + j] = h[j * n + i] = 0.5 * (h[i * n + j] + h[j * n + i]);
        return h;
    }
}
