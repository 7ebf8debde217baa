using OverParam.Data;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Tests.Kernels;

/// <summary>Statistical agreement: finite-width Gram matrices approach the closed forms.</summary>
[Trait("Category", "Statistical")]
public class MonteCarloGramTests
{
    /// <summary>
    /// The empirical Gram (1/m)Σ_r x_iᵀx_j 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0} averages m i.i.d. terms bounded by 1, so its
    /// entrywise error has standard deviation ≤ 1/(2√m); the max over n² = 64 entries stays below 4.5/(2√m) with
    /// probability ≈ 1 − 64·7e-6 (Gaussian tail at 4.5σ).
    /// </summary>
    private const double MaxErrorTimesSqrtM = 4.5 / 2;

    private static double MaxEntryError(Dataset data, int m, long seed)
    {
        var exact = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        int n = data.N, d = data.D;
        var rng = Rng.Stream(seed, 7);
        var w = new double[d];
        var active = new bool[n];
        var sum = new double[n * n];
        for (int r = 0; r < m; r++)
        {
            rng.FillGaussian(w);
            for (int i = 0; i < n; i++) active[i] = System.Numerics.Tensors.TensorPrimitives.Dot(w, data.Row(i)) >= 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (active[i] && active[j]) sum[i * n + j] += 1;
        }
        double err = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double inner = System.Numerics.Tensors.TensorPrimitives.Dot(data.Row(i), data.Row(j));
                err = Math.Max(err, Math.Abs(inner * sum[i * n + j] / m - exact[i * n + j]));
            }
        return err;
    }

    [Fact]
    public void Empirical_gram_approaches_H_infinity_like_one_over_sqrt_m()
    {
        var data = Synthetic.Sphere(8, 5, 11);
        int[] widths = [250, 4000, 64000];
        var errors = widths.Select(m => MaxEntryError(data, m, m)).ToArray();
        for (int k = 0; k < widths.Length; k++)
            Assert.True(errors[k] * Math.Sqrt(widths[k]) < MaxErrorTimesSqrtM, $"m = {widths[k]}: error {errors[k]}");
        // 16× the width: the error shrinks about 4×; well inside 1.5..12 unless the rate is wrong.
        Assert.InRange(errors[0] / errors[1], 1.5, 12);
        Assert.InRange(errors[1] / errors[2], 1.5, 12);
    }
}
