using System.Globalization;
using System.Text.RegularExpressions;
using OverParam.Data;

namespace OverParam.Tests.Cli;

public class DeepCheckCommandTests
{
    private static double Printed(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @" = ([-+0-9.E]+)");
        Assert.True(match.Success, $"'{label}' not in output:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Check_fc_reports_the_same_lambda_as_the_gram_command()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["--data", "sphere", "--n", "30", "--d", "6", "--labels", "gaussian", "--depth", "3"];
        var g = CliRunner.Run(["gram", "--kernel", "du2019-fc", .. data, "--out", dir["g"]]);
        Assert.Equal(0, g.ExitCode);
        double lambda = Npy.Read(dir["g/eigenvalues.npy"]).Data[0];
        var c = CliRunner.Run(["check", "--model", "fc", .. data]);
        Assert.Equal(0, c.ExitCode);
        Assert.Equal(lambda, Printed(c.Out, "λ_min(K^(H))"), 5e-4 * lambda); // printed to 4 significant digits
        Assert.Contains("Thm 5.1", c.Out);
        Assert.DoesNotContain("] width:", c.Out);     // no --width given: no width verdict
        Assert.DoesNotContain("] step_size:", c.Out); // no --lr given: no step verdict
    }

    [Theory]
    [InlineData("two-layer")]
    [InlineData("fc")]
    [InlineData("resnet")]
    public void Check_with_eig_min_prints_what_the_full_eigensolver_gives(string model)
    {
        // λ_min and λ_max agree to 1e-10·λ_max (SmallestEigenpairTests); every figure is printed to 4 significant digits.
        // The deep models with erf, smooth and in closed form: softplus's 64² quadrature points per entry and layer made each
        // of these checks 12 CPU-seconds for a kernel that both runs form alike (the eigensolvers are what is compared).
        string[] activation = model == "two-layer" ? [] : ["--activation", "erf"];
        string[] args = ["check", "--model", model, .. activation, "--n", "300", "--d", "20", "--labels", "gaussian", "--width", "100", "--lr", "0.01"];
        var all = CliRunner.Run(args);
        var min = CliRunner.Run([.. args, "--eig", "min"]);
        Assert.Equal(all.ExitCode, min.ExitCode);
        Assert.Equal(all.Out, min.Out);
    }

    [Fact]
    public void Check_fc_of_depth_one_with_relu_on_the_circle_finds_twice_lambda0_and_fails_the_smoothness_hypotheses()
    {
        var c = CliRunner.Run("check", "--model", "fc", "--depth", "1", "--activation", "relu", "--data", "circle", "--n", "5", "--labels", "sign");
        Assert.Equal(1, c.ExitCode);
        Assert.Equal(0.6, Printed(c.Out, "λ_min(K^(H))"), 1e-12); // K = 2H∞, λ0 = 0.3 on 5 equally spaced points
        Assert.Contains("[FAIL] activation_lipschitz_smooth", c.Out);
        Assert.Contains("[FAIL] activation_analytic_non_polynomial", c.Out);
    }

    [Fact]
    public void Check_resnet_compares_width_and_step_when_given()
    {
        var c = CliRunner.Run("check", "--model", "resnet", "--depth", "2", "--data", "sphere", "--n", "20", "--d", "5", "--labels", "gaussian",
            "--width", "50", "--lr", "1e-12");
        Assert.Equal(1, c.ExitCode); // m = 50 is far below the required width
        Assert.Contains("[FAIL] width: m = 50", c.Out);
        Assert.Contains("[ok] step_size: η = 1E-12", c.Out);
        Assert.Contains("λH²/n²", c.Out);
    }

    [Fact]
    public void Check_conv_resnet_uses_the_infinite_width_kernel_and_reports_the_empirical_one()
    {
        var c = CliRunner.Run("check", "--model", "conv-resnet", "--depth", "2", "--channels", "2", "--patch", "3", "--activation", "softplus",
            "--data", "sphere", "--n", "8", "--d", "12", "--labels", "gaussian", "--width", "24");
        Assert.Equal(1, c.ExitCode); // m = 24 is far below Theorem 7.1's width on the infinite-width λ
        Assert.Contains("Def. 7.1: position-pair recursion", c.Out);
        Assert.Contains("empirical λ_min(K^(H)) at m = 24", c.Out);
        Assert.Contains("[FAIL] width: m = 24", c.Out);
        var without = CliRunner.Run("check", "--model", "conv-resnet", "--depth", "2", "--channels", "2", "--activation", "softplus",
            "--data", "sphere", "--n", "8", "--d", "12", "--labels", "gaussian");
        Assert.Equal(0, without.ExitCode); // no width or step to judge; the data hypotheses hold
        Assert.DoesNotContain("empirical", without.Out);
    }

    [Theory]
    [InlineData(new[] { "--model", "conv-resnet", "--d", "6", "--width", "8", "--channels", "4" }, "--channels 4 does not divide d = 6")]
    [InlineData(new[] { "--model", "resnet", "--c-res", "1.5" }, "--c-res must be in (0, 1)")]
    [InlineData(new[] { "--model", "fc", "--bias" }, "--bias: an option of two-layer, not of fc, the model this run checks")]
    [InlineData(new[] { "--model", "fc", "--init-scale", "0.1" }, "--init-scale: an option of two-layer, not of fc, the model this run checks")]
    [InlineData(new[] { "--model", "fc", "--lr", "-1" }, "--lr must be a finite number > 0")]
    public void Bad_deep_check_options_get_one_line_and_exit_2(string[] options, string expected)
    {
        var c = CliRunner.Run(["check", "--data", "sphere", "--n", "10", "--labels", "gaussian", .. options]);
        Assert.Equal(2, c.ExitCode);
        Assert.Contains(expected, c.ErrorLine());
    }
}
