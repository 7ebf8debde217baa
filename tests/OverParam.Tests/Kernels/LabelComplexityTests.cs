using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

/// <summary>yᵀH⁻¹y by a Cholesky solve against closed forms and the eigendecomposition.</summary>
public class LabelComplexityTests
{
    [Fact]
    public void Diagonal_matrix_gives_the_sum_of_squares_over_the_diagonal()
    {
        double[] h = [2, 0, 0, 0, 4, 0, 0, 0, 0.5];
        double[] y = [1, -2, 3];
        foreach (var la in TestData.Both)
        {
            var r = LabelComplexity.Compute(h, 3, y, la);
            double expected = 1 / 2.0 + 4 / 4.0 + 9 / 0.5;
            Assert.Equal(expected, r.Value!.Value, Tolerances.ClosedForm * expected);
            Assert.Equal(Math.Sqrt(2 * expected / 3), r.GeneralizationBound!.Value, Tolerances.ClosedForm * 10);
        }
    }

    [Fact]
    public void H_infinity_agrees_with_the_eigen_sum()
    {
        int n = 80;
        var data = Synthetic.Sphere(n, 6, 4);
        var y = Synthetic.Labels(data, LabelKind.Sign, 4);
        var h = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        var r = LabelComplexity.Compute(h, n, y, TestData.OpenBlas);
        var spectrum = Spectrum.Compute((double[])h.Clone(), n, TestData.OpenBlas, withVectors: true);
        double expected = spectrum.LabelProjections(y).Select((p, j) => p / spectrum.Eigenvalues[j]).Sum();
        // Both carry a relative error of about κ·ε; κ of this H is below 1e3.
        Assert.Equal(expected, r.Value!.Value, Tolerances.CholeskySolve * expected);
    }

    [Fact]
    public void An_indefinite_matrix_gives_no_value_and_says_why()
    {
        double[] h = [1, 2, 2, 1];
        var r = LabelComplexity.Compute(h, 2, [1.0, 1.0], TestData.OpenBlas);
        Assert.Null(r.Value);
        Assert.Contains("failed at column 2", r.Note);
    }
}
