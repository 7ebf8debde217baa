using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.Tests.Cli;
using OverParam.Theory;

namespace OverParam.Tests.Theory;

/// <summary>
/// Arora et al. (ICML 2019) Theorem 4.1 as THEORY.md §5 recalls it: the formulas, and <c>check</c> and <c>train</c> from a
/// small initialization checking it (and saying so) instead of Du et al.'s Theorem 4.1.
/// </summary>
public class AroraTheorem41Tests
{
    [Fact]
    public void Epsilon_and_the_width_follow_from_kappa_as_stated()
    {
        var t = new AroraTheorem41(N: 100, Width: 1000, Lambda0: 0.05, Eta: 1e-6, Delta: 0.1, Kappa: 0.01);
        Assert.Equal(0.01 * 10 / 0.1, t.Epsilon, 1e-15);
        // n⁷/(λ0⁴κ²δ⁴ε²) with ε = κ√n/δ is n⁶/(λ0⁴κ⁴δ²).
        double direct = Math.Pow(100, 7) / (Math.Pow(0.05, 4) * 1e-4 * 1e-4 * t.Epsilon * t.Epsilon);
        Assert.Equal(direct, t.RequiredWidth, 1e-12 * direct);
        Assert.Equal(Math.Pow(100, 6) / (Math.Pow(0.05, 4) * Math.Pow(0.01, 4) * 0.01), t.RequiredWidth, 1e-12 * direct);
        Assert.Equal(0.05 / 1e4, t.RequiredStep, 1e-18);
        var h = t.Hypotheses();
        Assert.Equal(["init_scale", "width", "step_size"], h.Select(x => x.Name).ToArray());
        Assert.False(h[1].Passed); // 1000 units are far from 1e28
        Assert.True(h[2].Passed);  // η = 1e-6 ≤ 5e-6
        Assert.All(h, x => Assert.Contains("not verified", x.Source));
        Assert.False(new AroraTheorem41(10, 10, 0, 1, 0.1, 0.01).Defined);
    }

    [Fact]
    public void Check_names_the_theorem_it_checks()
    {
        string[] common = ["check", "--data", "sphere", "--n", "20", "--d", "5", "--labels", "gaussian", "--width", "100"];
        var du = CliRunner.Run(common);
        Assert.Contains("theorem: Du et al. ICLR 2019, Thm 4.1", du.Out);
        var arora = CliRunner.Run([.. common, "--init-scale", "0.01"]);
        Assert.Contains("theorem: Arora et al. ICML 2019, Thm 4.1", arora.Out);
        Assert.Contains("n⁷/(λ0⁴κ²δ⁴ε²)", arora.Out);
        Assert.Contains("[ok] init_scale", arora.Out);
        Assert.Equal(1, arora.ExitCode); // m = 100 fails the width
    }

    /// <summary>
    /// label_prediction is ‖(I − ηH∞)^k y‖: ‖y‖ at k = 0 exactly and non-increasing for η ≤ 1/λ_max; the observation is
    /// the largest |√(2L(k)) − label_prediction(k)| against ε = κ√n/δ, recomputed here from metrics.csv.
    /// </summary>
    [Fact]
    public void Train_from_a_small_initialization_records_the_prediction_and_judges_it_against_epsilon()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--data", "sphere", "--n", "30", "--d", "5", "--labels", "gaussian", "--width", "3000", "--init-scale", "0.01",
            "--steps", "200", "--record-every", "10", "--gram-every", "0", "--out", dir["t"]);
        Assert.True(r.ExitCode is 0 or 1, r.Err);
        var s = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        var cert = s["certificate"]!;
        Assert.StartsWith("Arora et al. ICML 2019, Thm 4.1", (string)cert["theorem"]!);
        double eps = (double)cert["bounds"]!["epsilon"]!;
        Assert.Equal(0.01 * Math.Sqrt(30) / 0.1, eps, 1e-12);
        var lines = File.ReadAllLines(dir["t/metrics.csv"]);
        var header = lines[0].Split(',');
        int loss = Array.IndexOf(header, "loss"), pred = Array.IndexOf(header, "label_prediction");
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var y = new OverParam.Data.DataSpec("sphere", "gaussian", 30, 5, 0, false).Load().Y!;
        Assert.Equal(Math.Sqrt(y.Sum(v => v * v)), rows[0][pred], 1e-12);
        for (int i = 1; i < rows.Count; i++) Assert.True(rows[i][pred] <= rows[i - 1][pred] * (1 + 1e-12));
        double worst = rows.Max(row => Math.Abs(Math.Sqrt(2 * row[loss]) - row[pred]));
        var within = cert["observed"]!["within_epsilon"]!;
        Assert.Equal(worst <= eps, (bool)within["passed"]!);
    }
}
