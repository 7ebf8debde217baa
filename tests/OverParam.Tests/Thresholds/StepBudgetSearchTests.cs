using System.Globalization;
using System.Text.Json.Nodes;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Thresholds;

/// <summary>
/// Threshold searches with a step cap, end to end on tiny two-layer and output-layer runs (each search about a second):
/// with a base budget too small, m* at K is larger than m* from the reruns; a search whose runs stall reruns nothing; a
/// search stopped in the middle of its reruns resumes to the same tables; and the cap is refused below --steps.
/// </summary>
public class StepBudgetSearchTests
{
    /// <summary>
    /// A two-layer net on d = 5 sphere data stopped at K = 100 steps: most runs are still falling fast there (L(K) ≈ 1–4% of
    /// L(0), ε = 1%), so the reruns with up to 1600 steps decide them.
    /// </summary>
    private static string[] Short(string outDir) =>
        ["threshold", "--n", "10,20", "--data", "sphere", "--labels", "gaussian", "--d", "5", "--seeds", "2", "--steps", "100", "--max-steps", "1600",
            "--tol", "0.01", "--start-width", "8", "--out", outDir];

    private static List<Dictionary<string, string>> Csv(string path) => ThresholdCommandTests.Csv(path);

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Reruns_of_undecided_runs_lower_m_star_below_the_base_budgets()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(Short(dir["th"]));
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = Csv(dir["th/thresholds.csv"]);
        var runs = Csv(dir["th/runs.csv"]);
        foreach (var row in rows)
        {
            int mStar = Int(row["m_star"]);
            Assert.True(Int(row["reruns"]) > 0, $"n = {row["n"]}: no reruns");
            // At K = 100 the base runs need more than m*: either a larger width, or none of the widths tried suffices.
            Assert.True(row["m_star_base"] == "" ? Int(row["m_below_base"]) >= mStar : Int(row["m_star_base"]) > mStar,
                $"n = {row["n"]}: m* = {mStar}, at K: {row["m_star_base"]} (m_below {row["m_below_base"]})");
        }
        // A rerun is the same (n, m, seed) with 4× the steps, under its own id; the verdict codes are 0–3.
        var reruns = runs.Where(x => x["steps"] != "100").ToList();
        Assert.NotEmpty(reruns);
        Assert.All(reruns, x => Assert.Contains(x["steps"], new[] { "400", "1600" }));
        foreach (var x in reruns)
        {
            var first = runs.Single(y => (y["n"], y["width"], y["seed"], y["steps"]) == (x["n"], x["width"], x["seed"], "100"));
            Assert.Equal("2", first["verdict"]); // only undecided runs are rerun
            Assert.NotEqual(first["trial"], x["trial"]);
            var settings = JsonNode.Parse(File.ReadAllText(dir[$"th/trials/{x["trial"]}/settings.json"]))!["settings"]!;
            Assert.Equal(Int(x["steps"]), (int)settings["steps"]!);
        }
        Assert.All(runs, x => Assert.Contains(x["verdict"], new[] { "0", "1", "2", "3" }));
        Assert.Equal(runs.Where(x => x["verdict"] == "1").Select(x => x["trial"]), runs.Where(x => x["succeeded"] == "1").Select(x => x["trial"]));

        var fit = JsonNode.Parse(File.ReadAllText(dir["th/fit.json"]))!;
        Assert.Equal((100, 1600), ((int)fit["steps"]!, (int)fit["max_steps"]!));
        foreach (var key in new[] { "m_star", "params_star", "m_star_base", "params_star_base" })
            Assert.True(fit[key]!.AsObject().ContainsKey("ci_low_sizes_seeds"), key);
        Assert.Equal("undecided", (string)fit["verdict_codes"]!["2"]!);
        Assert.Contains("m* at 100", r.Out);
        string report = File.ReadAllText(dir["th/report.html"]);
        Assert.Contains("is undecided and is run again with 4&#215; the steps, up to 1600", report);
        Assert.Contains("bootstrap over sizes and seeds", report);
    }

    [Fact]
    public void A_search_stopped_in_the_middle_of_its_reruns_resumes_to_the_same_tables()
    {
        using var dir = new TestData.TempDir();
        Assert.Equal(0, CliRunner.Run(Short(dir["clean"])).ExitCode);
        // The state a crash in a rerun round leaves: sweep.json lists every rerun, the last ones have not finished.
        CopyFolder(dir["clean"], dir["crashed"]);
        var runs = Csv(dir["crashed/runs.csv"]);
        var lost = runs.Where(x => x["steps"] != "100").TakeLast(3).Select(x => x["trial"]).ToList();
        foreach (var id in lost) Directory.Delete(dir[$"crashed/trials/{id}"], recursive: true);
        foreach (var f in new[] { "thresholds.csv", "runs.csv", "fit.json" }) File.Delete(dir[$"crashed/{f}"]);
        var resumed = CliRunner.Run(Short(dir["crashed"]));
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains($"({lost.Count} run now in", resumed.Out);
        foreach (var f in new[] { "thresholds.csv", "runs.csv" })
            Assert.Equal(File.ReadAllText(dir[$"clean/{f}"]), File.ReadAllText(dir[$"crashed/{f}"]));
        Assert.Equal(File.ReadAllText(dir["clean/sweep.json"]), File.ReadAllText(dir["crashed/sweep.json"]));
    }

    /// <summary>
    /// Negative control: the output layer alone with m ≤ 8 &lt; n features converges to its least-squares floor, far above
    /// ε·L(0), long before K; the loss is flat over the last 10% of the steps, so no run is undecided and none is rerun,
    /// whatever the cap.
    /// </summary>
    [Fact]
    public void A_search_whose_runs_stall_reruns_nothing()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("threshold", "--n", "20,40", "--data", "sphere", "--labels", "gaussian", "--d", "5", "--model", "fc", "--depth", "2",
            "--activation", "erf", "--train-layers", "last", "--seeds", "2", "--steps", "1000", "--max-steps", "64000", "--tol", "0.01",
            "--start-width", "2", "--max-width", "8", "--out", dir["th"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var runs = Csv(dir["th/runs.csv"]);
        Assert.Equal(2 * 2 * 3, runs.Count); // widths 2, 4, 8 at both sizes, each seed once
        Assert.All(runs, x => Assert.Equal(("1000", "0"), (x["steps"], x["verdict"])));
        Assert.All(Csv(dir["th/thresholds.csv"]), x => Assert.Equal(("0", "0", ""), (x["reruns"], x["undecided"], x["m_star"])));
    }

    [Fact]
    public void Without_max_steps_nothing_is_rerun_and_m_star_at_the_base_budget_is_m_star()
    {
        using var dir = new TestData.TempDir();
        var args = Short(dir["th"]).ToList();
        args.RemoveRange(args.IndexOf("--max-steps"), 2);
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("m* at 100", r.Out);
        foreach (var row in Csv(dir["th/thresholds.csv"]))
        {
            Assert.Equal(("0", row["m_star"], row["m_below"], row["params_star"]), (row["reruns"], row["m_star_base"], row["m_below_base"], row["params_star_base"]));
            Assert.Equal(row["undecided"], row["undecided_base"]);
        }
        Assert.All(Csv(dir["th/runs.csv"]), x => Assert.Equal("100", x["steps"]));
        Assert.Equal(100, (int)JsonNode.Parse(File.ReadAllText(dir["th/threshold.json"]))!["max_steps"]!);
    }

    [Theory]
    [InlineData(new[] { "--max-steps", "50" }, "--max-steps (50) must be at least --steps (100)")]
    [InlineData(new[] { "--max-steps", "-1" }, "--max-steps (-1) must be at least --steps (100)")]
    [InlineData(new[] { "--max-steps", "400", "--criterion", "accuracy" }, "--max-steps reruns runs still falling under --criterion loss")]
    public void A_cap_below_the_steps_or_off_the_loss_criterion_is_refused_in_one_line(string[] extra, string expected)
    {
        using var dir = new TestData.TempDir();
        var args = Short(dir["th"]).ToList();
        args.RemoveRange(args.IndexOf("--max-steps"), 2);
        var r = CliRunner.Run([.. args, .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.ErrorLine());
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(dir["th"]), "a refused search writes nothing");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, f.Replace(from, to));
    }
}
