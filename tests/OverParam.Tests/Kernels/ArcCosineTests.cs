using OverParam.Architectures;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

public class ArcCosineTests
{
    /// <summary>THEORY.md §7.1: unit vectors at cosine c.</summary>
    [Theory]
    [InlineData(1.0, 0.5, 0.5, 1.0)]
    [InlineData(0.5, 1.0 / 6, 0.3044988905, 0.4711655572)]
    [InlineData(0.0, 0.0, 0.1591549431, 0.1591549431)]
    [InlineData(-0.5, -1.0 / 12, 0.0544988905, -0.0288344428)]
    [InlineData(-1.0, 0.0, 0.0, 0.0)]
    public void Two_layer_entries_match_the_closed_form_table(double c, double h, double g, double joint)
    {
        double theta = ArcCosine.AngleFromCosine(c);
        Assert.Equal(h, ArcCosine.H(c, theta), Tolerances.ClosedForm);
        Assert.Equal(g, ArcCosine.G(1, theta), 1e-10); // the table's values have 10 decimals
        Assert.Equal(joint, ArcCosine.H(c, theta) + ArcCosine.G(1, theta), 1e-10);
    }

    [Fact]
    public void Gram_entries_at_the_table_cosines_come_out_of_the_data_path()
    {
        // Five unit vectors in the plane at angles 0, 60, 90, 120, 180 degrees from x_0.
        double[] deg = [0, 60, 90, 120, 180];
        var data = TestData.FromRows(deg.Select(a => new[] { Math.Cos(a * Math.PI / 180), Math.Sin(a * Math.PI / 180) }).ToArray());
        var gram = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        double[] expected = [0.5, 1.0 / 6, 0, -1.0 / 12, 0];
        for (int j = 0; j < 5; j++) Assert.Equal(expected[j], gram.Values[j], Tolerances.ClosedForm);
    }

    [Fact]
    public void Stable_angle_of_identical_non_unit_vectors_is_exactly_zero()
    {
        // THEORY.md §7.10: arccos of the rounded ratio gives 2.1e-8 here.
        double[] u = [0.1, 0.7, 0.3];
        Assert.Equal(0.0, ArcCosine.Angle(u, u));
        Assert.Equal(Math.PI, ArcCosine.Angle(u, u.Select(v => -3 * v).ToArray()), 15);
    }

    [Fact]
    public void Stable_angle_resolves_nearly_parallel_vectors_that_arccos_cannot()
    {
        const double tiny = 1e-9;
        double[] u = [1, 0];
        double[] v = [Math.Cos(tiny), Math.Sin(tiny)];
        Assert.Equal(tiny, ArcCosine.Angle(u, v), tiny * 1e-6);
        Assert.Equal(0.0, ArcCosine.AngleFromCosine(u[0] * v[0] + u[1] * v[1])); // the naive path loses it entirely
    }

    [Fact]
    public void Kernels_k0_and_k1_are_twice_the_expectations()
    {
        foreach (double theta in new[] { 0.0, 0.3, 1.0, 2.0, Math.PI })
        {
            Assert.Equal(ArcCosine.K0(theta) / 2, (Math.PI - theta) / (2 * Math.PI), Tolerances.ClosedForm);
            Assert.Equal(ArcCosine.K1(theta) / 2, ArcCosine.G(1, theta), Tolerances.ClosedForm);
        }
    }
}
