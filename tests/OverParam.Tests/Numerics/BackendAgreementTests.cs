using OverParam.Numerics;

namespace OverParam.Tests.Numerics;

public class BackendAgreementTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 2, 2, 2 }, { 1, 7, 3 }, { 5, 1, 9 }, { 3, 4, 1 }, { 17, 33, 9 }, { 64, 31, 257 }, { 0, 3, 2 }, { 3, 0, 2 },
    };

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relTol)
    {
        double scale = 0;
        foreach (var v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relTol * Math.Max(scale, 1e-300), $"entry {i}: {expected[i]} vs {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Dgemm_agrees_for_every_transpose_combination(int m, int n, int k)
    {
        foreach (var opA in new[] { Op.None, Op.Transpose })
            foreach (var opB in new[] { Op.None, Op.Transpose })
            {
                var a = TestData.Gaussian(m * k, 1);
                var b = TestData.Gaussian(k * n, 2);
                var c0 = TestData.Gaussian(m * n, 3);
                int lda = opA == Op.None ? k : m, ldb = opB == Op.None ? n : k;
                var cNative = (double[])c0.Clone();
                var cManaged = (double[])c0.Clone();
                TestData.OpenBlas.Gemm(opA, opB, m, n, k, 0.7, a, Math.Max(1, lda), b, Math.Max(1, ldb), 0.3, cNative, Math.Max(1, n));
                TestData.Managed.Gemm(opA, opB, m, n, k, 0.7, a, Math.Max(1, lda), b, Math.Max(1, ldb), 0.3, cManaged, Math.Max(1, n));
                AssertClose(cManaged, cNative, Tolerances.BackendsAgreeF64);
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_agrees_in_float32(int m, int n, int k)
    {
        var a = TestData.Gaussian(m * k, 4).Select(v => (float)v).ToArray();
        var b = TestData.Gaussian(k * n, 5).Select(v => (float)v).ToArray();
        var cNative = new float[m * n];
        var cManaged = new float[m * n];
        Array.Fill(cNative, float.NaN); // beta = 0 must not read C
        TestData.OpenBlas.Gemm(Op.None, Op.Transpose, m, n, k, 1f, a, Math.Max(1, k), b.Length == 0 ? b : b, Math.Max(1, k), 0f, cNative, Math.Max(1, n));
        TestData.Managed.Gemm(Op.None, Op.Transpose, m, n, k, 1f, a, Math.Max(1, k), b, Math.Max(1, k), 0f, cManaged, Math.Max(1, n));
        AssertClose(cManaged.Select(v => (double)v).ToArray(), cNative.Select(v => (double)v).ToArray(), Tolerances.BackendsAgreeF32);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(9, 3)]
    [InlineData(65, 130)]
    public void Syrk_fills_the_same_lower_triangle(int n, int k)
    {
        var a = TestData.Gaussian(n * k, 6);
        var cNative = new double[n * n];
        var cManaged = new double[n * n];
        TestData.OpenBlas.SyrkLower(n, k, 1.0, a, k, 0.0, cNative, n);
        TestData.Managed.SyrkLower(n, k, 1.0, a, k, 0.0, cManaged, n);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                cNative[i * n + j] = cManaged[i * n + j] = 0; // upper triangle unspecified
        AssertClose(cManaged, cNative, Tolerances.BackendsAgreeF64);
    }

    private static double[] RandomSymmetric(int n, long seed)
    {
        var g = TestData.Gaussian(n * n, seed);
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s[i * n + j] = (g[i * n + j] + g[j * n + i]) / 2;
        return s;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    public void Symmetric_eigenvalues_agree_and_eigenvectors_solve_the_problem(int n)
    {
        var a = RandomSymmetric(n, n);
        var wN = new double[n];
        var wM = new double[n];
        TestData.OpenBlas.SymmetricEigenvalues((double[])a.Clone(), n, wN);
        TestData.Managed.SymmetricEigenvalues((double[])a.Clone(), n, wM);
        AssertClose(wM, wN, Tolerances.BackendsAgreeF64);
        for (int i = 1; i < n; i++) Assert.True(wN[i - 1] <= wN[i]);

        foreach (var la in TestData.Both)
        {
            var v = (double[])a.Clone();
            var w = new double[n];
            la.SymmetricEigen(v, n, w);
            AssertClose(wN, w, Tolerances.BackendsAgreeF64);
            for (int j = 0; j < n; j++) // ‖A v_j − λ_j v_j‖ small, ‖v_j‖ = 1
            {
                var vj = v.AsSpan(j * n, n);
                Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Norm(vj), 1e-12);
                for (int i = 0; i < n; i++)
                {
                    double av = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * n, n), vj);
                    Assert.True(Math.Abs(av - w[j] * vj[i]) < 1e-11 * Math.Max(1, Math.Abs(wN[^1])), $"{la.Name}: residual at ({i}, {j})");
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 1, 1)]
    [InlineData(7, 7, 7)]
    [InlineData(50, 2, 5)]
    public void Eigenvalue_range_returns_the_requested_slice(int n, int first, int last)
    {
        var a = RandomSymmetric(n, 40 + n);
        var all = new double[n];
        TestData.OpenBlas.SymmetricEigenvalues((double[])a.Clone(), n, all);
        foreach (var la in TestData.Both)
        {
            var w = new double[last - first + 1];
            la.SymmetricEigenvalueRange((double[])a.Clone(), n, first, last, w);
            AssertClose(all.AsSpan(first - 1, w.Length), w, Tolerances.BackendsAgreeF64);
        }
    }

    [Theory]
    [InlineData(50, 1, 1)]
    [InlineData(300, 1, 1)]
    [InlineData(300, 2, 4)]
    public void Eigenvalue_range_writes_nothing_past_its_slice(int n, int first, int last)
    {
        // A = BBᵀ with B n × (n − 40): forty eigenvalues at zero up to rounding. dsyevr's bisection (dstebz) returns the
        // whole cluster into a W of n values before it keeps the requested ones, so the backend must not hand LAPACK the
        // caller's shorter w (as the Cholesky-failed fallback on 40 identical inputs did).
        int k = n - 40;
        var b = TestData.Gaussian(n * k, 90 + n);
        var a = new double[n * n];
        TestData.OpenBlas.Gemm(Op.None, Op.Transpose, n, n, k, 1.0, b, k, b, k, 0.0, a, n);
        foreach (var la in TestData.Both)
        {
            var buffer = Enumerable.Repeat(double.NaN, n).ToArray();
            la.SymmetricEigenvalueRange((double[])a.Clone(), n, first, last, buffer.AsSpan(0, last - first + 1));
            Assert.All(buffer.Take(last - first + 1), v => Assert.False(double.IsNaN(v)));
            Assert.All(buffer.Skip(last - first + 1), v => Assert.True(double.IsNaN(v)));
        }
    }

    [Fact]
    public void Managed_eigensolver_rejects_NaN_with_a_typed_exception()
    {
        var a = new double[] { 1, double.NaN, double.NaN, 1 };
        Assert.Throws<LapackException>(() => TestData.Managed.SymmetricEigenvalues((double[])a.Clone(), 2, new double[2]));
    }

    [Fact]
    public void Bad_arguments_are_rejected_at_the_entry()
    {
        Assert.Throws<ArgumentException>(() => TestData.OpenBlas.Gemm(Op.None, Op.None, 2, 2, 2, 1.0, new double[3], 2, new double[4], 2, 0.0, new double[4], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.OpenBlas.SymmetricEigenvalueRange(new double[4], 2, 0, 1, new double[1]));
        Assert.Throws<ArgumentException>(() => Backends.Create("cuda", 1, out _));
    }
}
