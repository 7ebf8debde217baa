using OverParam.Theory;

namespace OverParam.Tests.Theory;

public class Theorem41Tests
{
    [Fact]
    public void Bounds_are_the_papers_formulas_with_constant_one()
    {
        var b = new Theorem41(N: 5, Width: 1000, Lambda0: 0.3, Eta: 0.5, Delta: 0.1, InitialResidual: 2.0);
        Assert.Equal(15625 / (0.0081 * 0.001), b.RequiredWidth, 1e-3);
        Assert.Equal(0.3 / 25, b.RequiredStep, 1e-15);
        Assert.Equal(4 * Math.Sqrt(5) * 2 / (Math.Sqrt(1000) * 0.3), b.RPrime, 1e-12);
        Assert.Equal(0.1 * 0.3 / 25, b.R, 1e-15);
        Assert.Equal(Math.Pow(0.925, 10) * 3.0, b.Envelope(10, 3.0), 1e-12);
    }

    [Fact]
    public void Envelope_is_undefined_when_the_step_is_too_large_or_lambda0_vanishes()
    {
        Assert.True(double.IsNaN(new Theorem41(5, 10, 0.3, 10, 0.1, 1).LogEnvelope(3, 1)));
        Assert.False(new Theorem41(5, 10, 0, 0.1, 0.1, 1).Defined);
    }

    [Fact]
    public void Certificate_finds_the_first_violation_of_the_envelope_and_radius()
    {
        var b = new Theorem41(N: 4, Width: 100, Lambda0: 0.2, Eta: 1, Delta: 0.1, InitialResidual: 1);
        // contraction 0.9: envelope 1, 0.9, 0.81; the loss at step 2 is above it.
        var trace = new RunTrace([0, 1, 2], [1.0, 0.85, 0.9], [0, 0.1, 2 * b.RPrime], [0.2, double.NaN, 0.05]);
        var c = TrainingCertificate.Evaluate(b, [], trace);
        var env = c.Observations.Single(o => o.Name == "loss_under_envelope");
        Assert.False(env.Passed);
        Assert.Contains("first at step 2", env.Detail);
        Assert.Equal(0.9 / 0.81, c.WorstEnvelopeRatio, 1e-12);
        Assert.Equal(2.0, c.WorstRadiusRatio, 1e-12);
        Assert.Equal(0.05, c.MinLambdaH);
        Assert.False(c.Observations.Single(o => o.Name == "lambda_min_H_above_half_lambda0").Passed);
        Assert.False(c.Hypotheses.Single(h => h.Name == "width").Passed);
    }
}
