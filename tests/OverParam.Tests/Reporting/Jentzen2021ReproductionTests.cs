using System.Text.Json.Nodes;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Reporting;

/// <summary>Jentzen &amp; Kröger (arXiv 2102.11840) on the quick reproduction: biases make distinct scalars enough, a repeated input is not, v1's setting.</summary>
public class Jentzen2021ReproductionTests
{
    [Trait("Category", "Statistical")]
    [Fact]
    public void Every_claim_holds_on_the_quick_run_each_naming_its_version_and_a_resume_changes_nothing()
    {
        var (r, shared) = SharedRuns.Run("reproduce", "jentzen2021", "--quick"); // the README's example
        Assert.True(r.ExitCode == 0, r.Err);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(shared, "claims.json")))!;
        Assert.Equal("jentzen2021-quick", (string)json["reproduction"]!);
        var claims = json["claims"]!.AsArray();
        Assert.Equal(["distinct_inputs_suffice_with_biases", "biases_converge_without_them_a_floor", "duplicate_inputs_have_a_floor", "v1_pairwise_independent_converges"],
            claims.Select(c => (string)c!["id"]!).ToArray());
        // Measured (n = 10 scalars, m = 50,000, 3,000 steps, 2 seeds): with biases L(K)/L(0) = 1.2e-5 under the envelope; without,
        // L(K)/L* = 1 + 2e-16 with L*/L(0) = 0.91; the repeated input stops at 1.007·(Δy)²/4; the circle (v1) reaches 1e-28.
        Assert.All(claims, c => Assert.True((bool?)c!["holds"] == true, c!.ToJsonString()));
        Assert.All(claims, c => Assert.Matches("v1|v2", (string)c!["source"]!));
        var html = File.ReadAllText(Path.Combine(shared, "report.html"));
        Assert.Contains("NOT verified", html);
        foreach (var part in new[] { "one-dimensional", "duplicate", "pairwise-independent" })
            Assert.True(File.Exists(Path.Combine(shared, part, "report.html")), part);

        using var dir = new TestData.TempDir();
        SharedRuns.Copy(shared, dir["j"]);
        var again = CliRunner.Run("reproduce", "jentzen2021", "--quick", "--out", dir["j"]);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(json["claims"]!.ToJsonString(), JsonNode.Parse(File.ReadAllText(dir["j/claims.json"]))!["claims"]!.ToJsonString());
    }

    [Fact]
    public void A_folder_of_the_users_files_is_refused_and_bad_seeds_get_one_line()
    {
        using var dir = new TestData.TempDir();
        Directory.CreateDirectory(dir["mine"]);
        File.WriteAllText(dir["mine/report.html"], "mine");
        var r = CliRunner.Run("reproduce", "jentzen2021", "--quick", "--out", dir["mine"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a jentzen2021 run's", r.ErrorLine());
        Assert.Equal("mine", File.ReadAllText(dir["mine/report.html"]));
        var bad = CliRunner.Run("reproduce", "jentzen2021", "--seeds", "-1", "--out", dir["x"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.False(Directory.Exists(dir["x"]));
    }
}
