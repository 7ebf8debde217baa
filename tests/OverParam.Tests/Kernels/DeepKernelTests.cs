using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Tests.Kernels;

public class DeepKernelTests
{
    /// <summary>The values, given to 10 decimals.</summary>
    [Theory]
    [InlineData("relu", 2.0)]
    [InlineData("softplus", 1.0854865030)]
    [InlineData("sigmoid", 3.4085598416)]
    [InlineData("tanh", 2.5361754332)]
    [InlineData("erf", 2.1525788606)]
    public void C_sigma_matches_the_reference_values(string name, double expected)
    {
        Assert.Equal(expected, Activation.ByName(name).CSigma, 5e-10);
    }

    [Fact]
    public void Gauss_Hermite_is_exact_on_a_closed_form_bivariate_expectation()
    {
        // E[e^u e^v] = exp((a + b + 2c)/2) for (u, v) ~ N(0, [[a, c], [c, b]]): an analytic oracle for the 2-D rule.
        var rule = new GaussHermite();
        foreach (var (a, b, c) in new[] { (1.0, 1.0, 0.3), (0.5, 2.0, -0.9), (1.0, 1.0, 1.0), (2.0, 0.7, 0.0) })
        {
            double sa = Math.Sqrt(a), beta = c / sa, gamma = Math.Sqrt(Math.Max(b - beta * beta, 0)), sum = 0;
            for (int i = 0; i < rule.Nodes.Length; i++)
                for (int j = 0; j < rule.Nodes.Length; j++)
                    sum += rule.Weights[i] * rule.Weights[j] * Math.Exp(sa * rule.Nodes[i]) * Math.Exp(beta * rule.Nodes[i] + gamma * rule.Nodes[j]);
            Assert.Equal(Math.Exp((a + b + 2 * c) / 2), sum, 1e-12 * sum);
        }
    }

    /// <summary>
    /// The stated quadrature error (GaussHermite's remarks): the default node count agrees with 150 nodes to 5e-11 on
    /// unit-variance covariances for every smooth activation, and to 1e-9 at variance 2.
    /// </summary>
    [Theory]
    [InlineData("softplus")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Quadrature_with_the_default_nodes_meets_its_stated_error(string name)
    {
        var sigma = Activation.ByName(name);
        var used = new BivariateGaussian(sigma, new GaussHermite(sigma.QuadratureNodes));
        var reference = new BivariateGaussian(sigma, new GaussHermite(150));
        foreach (var (a, b, c, tol) in new[] { (1.0, 1.0, 0.5, 5e-11), (1.0, 1.0, 0.999, 5e-11), (1.0, 1.0, -0.7, 5e-11), (1.0, 1.0, 1.0, 5e-11), (2.0, 2.0, 1.0, 1e-9) })
        {
            var (s1, d1) = used.Pair(a, b, c);
            var (s2, d2) = reference.Pair(a, b, c);
            Assert.Equal(s2, s1, tol);
            Assert.Equal(d2, d1, tol);
        }
    }

    /// <summary>
    /// erf's closed forms (Williams 1997) against the 150-node product rule applied to erf and erf' directly: erf is entire,
    /// so the rule is exact to rounding here, and a wrong constant or a swapped argument in the closed form fails.
    /// </summary>
    [Fact]
    public void Erf_closed_form_expectations_equal_quadrature()
    {
        var erf = Activation.ByName("erf");
        var rule = new GaussHermite(150);
        foreach (var (a, b, c) in new[] { (1.0, 1.0, 0.5), (1.0, 1.0, 1.0), (2.0, 0.5, -0.9), (0.3, 3.0, 0.2), (1.5, 1.5, -1.5) })
        {
            double sa = Math.Sqrt(a), beta = c / sa, gamma = Math.Sqrt(Math.Max(b - beta * beta, 0)), ss = 0, dd = 0;
            for (int i = 0; i < rule.Nodes.Length; i++)
                for (int j = 0; j < rule.Nodes.Length; j++)
                {
                    double u = sa * rule.Nodes[i], v = beta * rule.Nodes[i] + gamma * rule.Nodes[j], w = rule.Weights[i] * rule.Weights[j];
                    ss += w * erf.Value(u) * erf.Value(v);
                    dd += w * erf.Derivative(u) * erf.Derivative(v);
                }
            var (css, cdd) = erf.ClosedFormPair(a, b, c)!.Value;
            Assert.Equal(ss, css, 1e-12);
            Assert.Equal(dd, cdd, 1e-12);
        }
        Assert.Equal(0, rule.Mean(erf.Value, 1.7), 1e-15);
        Assert.Equal(0.0, erf.ClosedFormMean(1.7));
    }

    [Fact]
    public void Rules_beyond_150_nodes_are_refused_rather_than_silently_wrong()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussHermite(200));
        Assert.Equal(1.0, new GaussHermite(150).Weights.Sum(), 1e-14);
    }

    [Fact]
    public void Fc_kernel_of_depth_one_with_relu_is_twice_H_infinity()
    {
        var data = Synthetic.Sphere(30, 5, 2);
        var spec = new DeepSpec(Architecture.Fc, 1, Activation.ByName("relu"), 0.5);
        var k = DeepKernel.Compute(data, spec, TestData.OpenBlas, 2);
        var h = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Values;
        for (int i = 0; i < h.Length; i++) Assert.Equal(2 * h[i], k.KH[i], 1e-14);
        // and the NTK of depth one is H∞-style + output layer: 2H∞ + 2G∞ (the ½ of a = ±1 is absent with a ~ N(0,1)·c_σ)
        var g = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019Output, TestData.OpenBlas, 2).Values;
        for (int i = 0; i < h.Length; i++) Assert.Equal(2 * h[i] + 2 * g[i], k.Ntk[i], 1e-14);
    }

    [Theory]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void Deep_kernels_are_symmetric_positive_definite_with_unit_diagonal_features(string model)
    {
        var arch = OverParam.Experiments.DeepArchitectures.ByName(model).Architecture;
        var data = Synthetic.Sphere(12, 4, 5);
        var k = DeepKernel.Compute(data, new DeepSpec(arch, 4, Activation.ByName("softplus"), 0.5), TestData.OpenBlas, 2);
        foreach (var mat in new[] { k.KH, k.Ntk, k.Nngp })
        {
            for (int i = 0; i < 12; i++)
                for (int j = 0; j < 12; j++) Assert.Equal(mat[i * 12 + j], mat[j * 12 + i], 1e-15);
            var s = Spectrum.Compute((double[])mat.Clone(), 12, TestData.OpenBlas, false);
            Assert.True(s.LambdaMin > 0);
        }
        if (arch == Architecture.Fc) // c_σ keeps the features' norms: Σ^(h)_ii = 1 for unit inputs
            for (int i = 0; i < 12; i++) Assert.Equal(1.0, k.Nngp[i * 12 + i], 1e-10);
    }
}
