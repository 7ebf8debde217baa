using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

public class GramInvariantTests
{
    /// <summary>Rounding in an eigensolver on matrices with entries ≤ 1 and n ≤ 60: |λ| error ≲ n·ε·λ_max ≈ 60·2.2e-16·30.</summary>
    private const double PsdSlack = 1e-12;

    public static TheoryData<int, int> Sizes => new() { { 1, 3 }, { 2, 2 }, { 7, 3 }, { 33, 5 }, { 60, 17 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_two_layer_kernel_is_symmetric_and_positive_semidefinite(int n, int d)
    {
        var data = Synthetic.Sphere(n, d, seed: n);
        foreach (TwoLayerKernel kernel in Enum.GetValues<TwoLayerKernel>())
        {
            var g = TwoLayerGram.Compute(data, kernel, TestData.OpenBlas, 2);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(g.Values[i * n + j], g.Values[j * n + i]);
            var s = Spectrum.Compute((double[])g.Values.Clone(), n, TestData.OpenBlas, false);
            Assert.True(s.LambdaMin >= -PsdSlack, $"{kernel}: λ_min = {s.LambdaMin}");
        }
    }

    [Fact]
    public void Diagonal_is_half_the_squared_norm_and_trace_bounds_lambda_max()
    {
        var data = Synthetic.Sphere(40, 6, 3);
        var x = (double[])data.X.Clone();
        for (int k = 0; k < 6; k++) x[k] *= 3; // x_0 has norm 3
        data = data with { X = x };
        var g = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        Assert.Equal(4.5, g.Values[0], Tolerances.ClosedForm * 10);
        for (int i = 1; i < 40; i++) Assert.Equal(0.5, g.Values[i * 40 + i], Tolerances.ClosedForm);
        double trace = Enumerable.Range(0, 40).Sum(i => g.Values[i * 40 + i]);
        var s = Spectrum.Compute(g.Values, 40, TestData.OpenBlas, false);
        Assert.True(s.LambdaMax <= trace);
    }

    [Fact]
    public void Joint_kernel_is_the_sum_of_the_two_layers()
    {
        var data = Synthetic.Sphere(25, 4, 1);
        var h = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var g = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019Output, TestData.OpenBlas, 2).Values;
        var joint = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019Joint, TestData.OpenBlas, 2).Values;
        for (int k = 0; k < joint.Length; k++) Assert.Equal(h[k] + g[k], joint[k], Tolerances.ClosedForm);
    }

    [Fact]
    public void Bias_kernel_is_H_infinity_of_the_augmented_inputs()
    {
        var data = Synthetic.Sphere(20, 3, 2);
        var aug = new double[20 * 4];
        for (int i = 0; i < 20; i++)
        {
            data.Row(i).CopyTo(aug.AsSpan(i * 4, 3));
            aug[i * 4 + 3] = 1;
        }
        var expected = TwoLayerGram.Compute(new Dataset("aug", 20, 4, aug, null), TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var actual = TwoLayerGram.Compute(data, TwoLayerKernel.Bias, TestData.OpenBlas, 2).Values;
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Bias_kernel_separates_antipodal_points_that_break_H_infinity()
    {
        var six = Synthetic.Circle(6);
        var g = TwoLayerGram.Compute(six, TwoLayerKernel.Bias, TestData.OpenBlas, 2);
        Assert.Equal(0, g.Geometry.ParallelPairCount);
        var s = Spectrum.Compute(g.Values, 6, TestData.OpenBlas, false);
        Assert.False(s.IsNumericallySingular);
    }

    [Fact]
    public void Duplicate_non_unit_inputs_give_exactly_zero_angle_and_a_singular_matrix()
    {
        var data = TestData.FromRows([0.3, 0.4, 1.2], [0.3, 0.4, 1.2], [1, 0, 0]);
        var g = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        Assert.Equal(0.0, g.Geometry.MinAngleDegrees);
        Assert.Equal(g.Values[0], g.Values[1]); // θ = 0 exactly: H_01 = ‖x‖²/2 = H_00
        Assert.Equal(new InputPair(0, 1, 0), g.Geometry.ParallelPairs.Single());
    }

    [Fact]
    public void Zero_input_is_listed_and_gives_a_zero_row()
    {
        var data = TestData.FromRows([1, 0], [0, 0], [0, 1]);
        var g = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019Joint, TestData.OpenBlas, 2);
        Assert.Equal([1], g.Geometry.ZeroRows);
        for (int j = 0; j < 3; j++) Assert.Equal(0.0, g.Values[3 + j]);
    }

    [Fact]
    public void One_point_gives_a_one_by_one_matrix()
    {
        var g = TwoLayerGram.Compute(Synthetic.Sphere(1, 5, 0), TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        Assert.Equal([0.5], g.Values, new DoubleComparer(Tolerances.ClosedForm));
        Assert.Null(g.Geometry.ClosestPair);
        Assert.True(double.IsNaN(g.Geometry.MinAngleDegrees));
    }

    private sealed class DoubleComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double v) => 0;
    }
}
