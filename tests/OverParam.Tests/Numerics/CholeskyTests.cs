using OverParam.Numerics;

namespace OverParam.Tests.Numerics;

/// <summary>dpotrf, dpotrs and dsymm through P/Invoke against the managed reference and against their definitions.</summary>
public class CholeskyTests
{
    /// <summary>A = GGᵀ/k + I·shift: symmetric positive definite, κ ≤ about (k + 4√k·… )/shift.</summary>
    private static double[] SpdMatrix(int n, long seed, double shift = 0.5)
    {
        int k = n + 3;
        var g = TestData.Gaussian(n * k, seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += g[i * k + p] * g[j * k + p];
                a[i * n + j] = s / k + (i == j ? shift : 0);
            }
        return a;
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    public void Factor_reproduces_the_matrix_and_leaves_the_upper_triangle(int n)
    {
        var a = SpdMatrix(n, n);
        foreach (var la in TestData.Both)
        {
            var f = (double[])a.Clone();
            Assert.Equal(0, la.CholeskyLower(f, n));
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    Assert.Equal(a[i * n + j], f[i * n + j]); // strict upper triangle untouched
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double s = 0;
                    for (int p = 0; p <= j; p++) s += f[i * n + p] * f[j * n + p];
                    Assert.True(Math.Abs(s - a[i * n + j]) <= Tolerances.CholeskySolve * MaxAbs(a), $"{la.Name}: (LLᵀ)[{i},{j}] = {s} vs {a[i * n + j]}");
                }
        }
    }

    [Fact]
    public void Indefinite_matrix_reports_the_failing_minor()
    {
        // The leading 2×2 minor [[1, 2], [2, 1]] has determinant −3.
        double[] a = [1, 2, 0, 2, 1, 0, 0, 0, 5];
        foreach (var la in TestData.Both) Assert.Equal(2, la.CholeskyLower((double[])a.Clone(), 3));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(64, 3)]
    [InlineData(130, 8)]
    public void Solve_inverts_the_product_for_a_block_of_vectors(int n, int count)
    {
        var a = SpdMatrix(n, 7 + n);
        var x = TestData.Gaussian(n * count, 9);
        var b = new double[n * count];
        TestData.Managed.SymmetricMultiplyUpper(a, n, x, count, b);
        foreach (var la in TestData.Both)
        {
            var f = (double[])a.Clone();
            la.CholeskyLower(f, n);
            var sol = (double[])b.Clone();
            la.CholeskySolve(f, n, sol, count);
            for (int i = 0; i < sol.Length; i++)
                Assert.True(Math.Abs(sol[i] - x[i]) <= Tolerances.CholeskySolve * MaxAbs(x), $"{la.Name}: x[{i}] = {sol[i]} vs {x[i]}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 2)]
    [InlineData(77, 5)]
    public void Symmetric_product_reads_only_the_upper_triangle(int n, int count)
    {
        var a = SpdMatrix(n, 3 + n);
        var garbage = (double[])a.Clone();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) garbage[i * n + j] = double.NaN;
        var x = TestData.Gaussian(n * count, 4);
        var expected = new double[n * count];
        TestData.OpenBlas.Gemm(Op.None, Op.Transpose, count, n, n, 1.0, x, n, a, n, 0.0, expected, n);
        foreach (var la in TestData.Both)
        {
            var y = new double[n * count];
            la.SymmetricMultiplyUpper(garbage, n, x, count, y);
            for (int i = 0; i < y.Length; i++)
                Assert.True(Math.Abs(y[i] - expected[i]) <= Tolerances.BackendsAgreeF64 * MaxAbs(expected), $"{la.Name}: y[{i}] = {y[i]} vs {expected[i]}");
        }
    }
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(130, 8)]
    public void Float32_factor_and_solve_invert_the_product_on_both_backends(int n, int count)
    {
        var a = SpdMatrix(n, 11 + n);
        var x = TestData.Gaussian(n * count, 5);
        var b = new double[n * count];
        TestData.Managed.SymmetricMultiplyUpper(a, n, x, count, b);
        foreach (var la in TestData.Both)
        {
            var f = a.Select(v => (float)v).ToArray();
            Assert.Equal(0, la.CholeskyLower(f, n));
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double s = 0;
                    for (int p = 0; p <= j; p++) s += (double)f[i * n + p] * f[j * n + p];
                    Assert.True(Math.Abs(s - a[i * n + j]) <= Tolerances.CholeskySolveF32 * MaxAbs(a), $"{la.Name}: (LLᵀ)[{i},{j}] = {s} vs {a[i * n + j]}");
                }
            var sol = b.Select(v => (float)v).ToArray();
            la.CholeskySolve(f, n, sol, count);
            for (int i = 0; i < sol.Length; i++)
                Assert.True(Math.Abs(sol[i] - x[i]) <= Tolerances.CholeskySolveF32 * MaxAbs(x), $"{la.Name}: x[{i}] = {sol[i]} vs {x[i]}");
        }
    }

    [Fact]
    public void Float32_factor_reports_the_failing_minor()
    {
        float[] a = [1, 2, 0, 2, 1, 0, 0, 0, 5];
        foreach (var la in TestData.Both) Assert.Equal(2, la.CholeskyLower((float[])a.Clone(), 3));
    }
}
