using OverParam.Numerics;

namespace OverParam.Tests.Numerics;

/// <summary>
/// Exact oracle: the tiled Cholesky, its solves and its product against dpotrf, dpotrs and the matrix itself on the whole
/// square, with a tile that does not divide n (so the last tile row and column are cut); and dtrsm against the managed
/// substitutions.
/// </summary>
public class TiledLowerTests
{
    /// <summary>A symmetric positive definite n×n matrix: GGᵀ/n + I/10 (condition number about 40).</summary>
    private static double[] Spd(int n, long seed)
    {
        var g = TestData.Gaussian(n * n, seed);
        var a = new double[n * n];
        TestData.OpenBlas.Gemm(Op.None, Op.Transpose, n, n, n, 1.0 / n, g, n, g, n, 0.0, a, n);
        for (int i = 0; i < n; i++) a[i * n + i] += 0.1;
        return a;
    }

    private static TiledLower Tiles(double[] a, int n, int tile)
    {
        var t = new TiledLower(n, tile);
        for (int i = 0; i < t.Count; i++)
            for (int j = 0; j <= i; j++)
                for (int r = 0; r < t.Size(i); r++)
                    for (int c = 0; c < t.Size(j); c++) t[i, j][r * t.Size(j) + c] = a[(i * tile + r) * n + j * tile + c];
        return t;
    }

    [Theory]
    [InlineData(50, 7)]
    [InlineData(64, 16)]
    [InlineData(5, 8)]
    public void The_tiled_factor_solves_and_products_are_the_whole_matrixs(int n, int tile)
    {
        var la = TestData.OpenBlas;
        var a = Spd(n, n);
        var t = Tiles(a, n, tile);
        Assert.Equal(0, t.Cholesky(la));
        var full = (double[])a.Clone();
        Assert.Equal(0, la.CholeskyLower(full, n));
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double got = t[i / tile, j / tile][(i % tile) * t.Size(j / tile) + j % tile];
                Assert.True(Math.Abs(got - full[i * n + j]) <= Tolerances.CholeskySolve, $"L[{i},{j}]: {got:R} vs {full[i * n + j]:R}");
            }

        const int count = 3;
        var b = TestData.Gaussian(count * n, 7);
        var expected = (double[])b.Clone();
        la.CholeskySolve(full, n, expected, count);
        var got2 = (double[])b.Clone();
        t.Solve(got2, count, transpose: true, la);
        t.Solve(got2, count, transpose: false, la);
        for (int k = 0; k < b.Length; k++) Assert.Equal(expected[k], got2[k], Tolerances.CholeskySolve);

        var product = new double[count * n];
        t.FactorProduct(b, product, count, la);
        var direct = new double[count * n];
        la.Gemm(Op.None, Op.None, count, n, n, 1.0, b, n, a, n, 0.0, direct, n);
        for (int k = 0; k < b.Length; k++) Assert.Equal(direct[k], product[k], Tolerances.CholeskySolve);
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_stops_at_the_same_column_as_dpotrf()
    {
        const int n = 40, tile = 6;
        var a = Spd(n, 3);
        a[23 * n + 23] = -1; // the leading 24×24 minor is not positive definite
        var full = (double[])a.Clone();
        int expected = TestData.OpenBlas.CholeskyLower(full, n);
        Assert.Equal(24, expected);
        Assert.Equal(expected, Tiles(a, n, tile).Cholesky(TestData.OpenBlas));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Triangular_solves_agree_between_the_backends_on_strided_rows(bool transpose)
    {
        const int n = 30, m = 4, ldb = 37;
        var l = Spd(n, 5);
        Assert.Equal(0, TestData.OpenBlas.CholeskyLower(l, n));
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) l[i * n + j] = double.NaN; // never read
        var b = TestData.Gaussian(m * ldb, 9);
        var native = (double[])b.Clone();
        var managed = (double[])b.Clone();
        TestData.OpenBlas.TriangularSolveRight(l, n, transpose, native, m, ldb);
        TestData.Managed.TriangularSolveRight(l, n, transpose, managed, m, ldb);
        for (int r = 0; r < m; r++)
        {
            for (int c = 0; c < n; c++) Assert.Equal(native[r * ldb + c], managed[r * ldb + c], Tolerances.CholeskySolve);
            for (int c = n; c < ldb && r * ldb + c < b.Length; c++) Assert.Equal(b[r * ldb + c], native[r * ldb + c]); // the gap untouched
        }
        // The solve inverts the product: x·Lᵀ (or x·L) gives back b.
        var back = new double[m * n];
        for (int r = 0; r < m; r++)
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    double lik = transpose ? (k <= i ? l[i * n + k] : 0) : (i <= k ? l[k * n + i] : 0);
                    sum += native[r * ldb + k] * lik;
                }
                back[r * n + i] = sum;
            }
        for (int r = 0; r < m; r++)
            for (int i = 0; i < n; i++) Assert.Equal(b[r * ldb + i], back[r * n + i], Tolerances.CholeskySolve);
    }
}
