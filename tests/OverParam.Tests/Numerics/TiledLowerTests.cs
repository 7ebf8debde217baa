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

    /// <summary>Before factoring, the tiles' symmetric product is the whole matrix's: every tile read once, both of its
    /// orientations used below the diagonal.</summary>
    [Theory]
    [InlineData(50, 7)]
    [InlineData(5, 8)]
    public void The_symmetric_product_of_the_tiles_is_the_whole_matrixs(int n, int tile)
    {
        var la = TestData.OpenBlas;
        var a = Spd(n, 11);
        const int count = 3;
        var x = TestData.Gaussian(count * n, 12);
        var got = new double[count * n];
        Array.Fill(got, double.NaN); // overwritten, not accumulated
        Tiles(a, n, tile).SymmetricProduct(x, got, count, la);
        var direct = new double[count * n];
        la.Gemm(Op.None, Op.None, count, n, n, 1.0, x, n, a, n, 0.0, direct, n);
        for (int k = 0; k < got.Length; k++) Assert.Equal(direct[k], got[k], Tolerances.BlockEntries * n);
    }

    /// <summary>
    /// The float32 tiles (spotrf, strsm, ssyrk and sgemm on the tiles, both backends): the factor is dpotrf's to float32
    /// rounding, and the float32 factor of H − σI built from the float64 tiles (H left unchanged) solves (H − σI)x = b
    /// to float32 accuracy.
    /// </summary>
    [Theory]
    [InlineData(50, 7, true)]
    [InlineData(64, 16, false)]
    public void The_float32_tiles_factor_and_solve_to_float32_accuracy(int n, int tile, bool native)
    {
        var la = native ? TestData.OpenBlas : TestData.Managed;
        var a = Spd(n, 21);
        var h = Tiles(a, n, tile);
        var low = new OverParam.Kernels.TiledFloat32Factor(h, la, 2);
        const double sigma = 0.05; // below λ_min ≥ 0.1
        Assert.Equal(0, low.Factor(sigma));
        const int count = 2;
        var b = TestData.Gaussian(count * n, 22);
        var x = new double[count * n];
        low.Solve(b, x, count);
        // (H − σI)x in float64 from the original matrix gives b back to float32 accuracy.
        var shifted = (double[])a.Clone();
        for (int i = 0; i < n; i++) shifted[i * n + i] -= sigma;
        var back = new double[count * n];
        la.Gemm(Op.None, Op.None, count, n, n, 1.0, x, n, shifted, n, 0.0, back, n);
        for (int k = 0; k < b.Length; k++) Assert.Equal(b[k], back[k], Tolerances.CholeskySolveF32 * 10);
        var untouched = Tiles(a, n, tile);
        for (int i = 0; i < h.Count; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(untouched[i, j], h[i, j]);
        // The float32 tile factor against the float64 one.
        var f32 = new TiledLower<float>(n, tile);
        var f64 = Tiles(a, n, tile);
        for (int i = 0; i < h.Count; i++)
            for (int j = 0; j <= i; j++)
                for (int k = 0; k < h[i, j].Length; k++) f32[i, j][k] = (float)h[i, j][k];
        Assert.Equal(0, f32.Cholesky(la));
        Assert.Equal(0, f64.Cholesky(la));
        for (int i = 0; i < h.Count; i++)
            for (int j = 0; j <= i; j++)
                for (int k = 0; k < h[i, j].Length; k++) Assert.Equal(f64[i, j][k], f32[i, j][k], Tolerances.CholeskySolveF32);
        Assert.Equal(TiledLower.Bytes(n, tile) / 2, TiledLower<float>.Bytes(n, tile));
    }
}
