using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

public class CircleSpectrumTests
{
    public static TheoryData<int, double> CircleLambda0 => new()
    {
        { 3, 1.0 / 3 }, { 4, 0.5 }, { 5, 0.3 }, { 6, 0.0 },
    };

    /// <summary>THEORY.md §7.3: λ0 of n equally spaced unit vectors on S¹.</summary>
    [Theory]
    [MemberData(nameof(CircleLambda0))]
    public void Lambda0_of_points_on_the_circle_is_exact(int n, double lambda0)
    {
        foreach (var la in TestData.Both)
        {
            var gram = TwoLayerGram.Compute(Synthetic.Circle(n), TwoLayerKernel.Du2019, la, 2);
            var s = Spectrum.Compute(gram.Values, n, la, withVectors: false);
            Assert.Equal(lambda0, s.LambdaMin, Tolerances.SmallEigen);
        }
    }

    [Fact]
    public void Whole_spectrum_of_eight_points_matches_the_closed_form()
    {
        double r = Math.Sqrt(2);
        double[] expected = [0, 0, (2 - r) / 4, 0.5, 0.5, (2 + r) / 4, 1, 1];
        var gram = TwoLayerGram.Compute(Synthetic.Circle(8), TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        var s = Spectrum.Compute(gram.Values, 8, TestData.OpenBlas, false);
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], s.Eigenvalues[i], Tolerances.SmallEigen);
    }

    [Fact]
    public void Six_points_are_flagged_singular_with_their_antipodal_pairs()
    {
        var gram = TwoLayerGram.Compute(Synthetic.Circle(6), TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        Assert.Equal(3, gram.Geometry.ParallelPairCount);
        Assert.Contains(new InputPair(0, 3, 180), gram.Geometry.ParallelPairs);
        var s = Spectrum.Compute(gram.Values, 6, TestData.OpenBlas, false);
        Assert.True(s.IsNumericallySingular);
        Assert.Null(s.ConditionNumber);
    }

    [Fact]
    public void Five_points_have_the_closed_form_first_row_and_no_parallel_pair()
    {
        var gram = TwoLayerGram.Compute(Synthetic.Circle(5), TwoLayerKernel.Du2019, TestData.OpenBlas, 2);
        double[] row0 = [0.5, 0.0927050983, -0.0809016994, -0.0809016994, 0.0927050983];
        for (int j = 0; j < 5; j++) Assert.Equal(row0[j], gram.Values[j], 1e-10);
        Assert.Equal(0, gram.Geometry.ParallelPairCount);
        Assert.Equal(36.0, gram.Geometry.MinLineAngleDegrees, 1e-9);
        Assert.Equal(72.0, gram.Geometry.MinAngleDegrees, 1e-9);
    }
}
