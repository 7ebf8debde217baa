using OverParam.Sweeps;

namespace OverParam.Tests.Cli;

/// <summary>
/// The defects a hostile new user found (bad option values, output paths, overflow, stale and orphaned files, damaged
/// trials, a diverged run over a good one), each as the command that showed it: one line naming what is wrong, exit 2,
/// nothing written, nothing of an earlier result damaged.
/// </summary>
public class ReliabilityTests
{
    internal static void BadInput(CliRunner.Result r, string fragment, string? dir = null)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
        Assert.StartsWith("overparam: error: ", r.ErrorLine());
        Assert.Contains(fragment, r.ErrorLine());
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        if (dir != null) Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    public static TheoryData<string[], string> IntegerOptions => new()
    {
        { ["train", "--labels", "gaussian"], "--n" }, { ["train", "--labels", "gaussian"], "--d" }, { ["train", "--labels", "gaussian"], "--width" },
        { ["train", "--labels", "gaussian", "--model", "fc"], "--depth" }, { ["gram"], "--threads" }, { ["train", "--labels", "gaussian"], "--record-every" },
        { ["train", "--labels", "gaussian", "--model", "conv-resnet"], "--channels" }, { ["train", "--labels", "gaussian", "--model", "conv-resnet"], "--patch" },
        { ["bench", "deep"], "--runs" }, { ["bench", "gemm"], "--repeat" }, { ["bench", "gemm"], "--size" }, { ["reproduce", "du2019"], "--seeds" },
        { ["train", "--labels", "gaussian"], "--steps" }, { ["train", "--labels", "gaussian"], "--refresh-every" }, { ["sweep", "x.yaml"], "--cpus-per-task" },
    };

    [Theory]
    [MemberData(nameof(IntegerOptions))]
    public void An_integer_option_that_does_not_fit_or_parse_gets_one_line_naming_it(string[] command, string option)
    {
        using var dir = new TestData.TempDir();
        foreach (var value in new[] { "10000000000", "abc" })
            BadInput(CliRunner.Run([.. command, option, value, .. command[0] == "bench" ? Array.Empty<string>() : ["--out", dir["o"]]]),
                $"{option}: expected a whole number up to 2147483647, got '{value}'", dir.Path);
    }

    [Fact]
    public void Output_paths_are_checked_before_any_work()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["f"], "x");
        string[] train = ["train", "--n", "300", "--d", "50", "--labels", "gaussian", "--width", "2000", "--steps", "200"];
        var file = CliRunner.Run([.. train, "--out", dir["f"]]);
        BadInput(file, "--out " + dir["f"] + ": a file is there");
        Assert.DoesNotContain("needs about", file.Err); // refused before the data was even loaded
        BadInput(CliRunner.Run([.. train, "--out", Path.Combine(dir["f"], "sub")]), "is a file, not a folder");
        BadInput(CliRunner.Run([.. train, "--out", ""]), "--out: expected a folder, got an empty path");
        BadInput(CliRunner.Run([.. train, "--out", dir[new string('x', 220)]]), "the name is 220 bytes; at most 169");
        Directory.CreateDirectory(dir["mine"]);
        File.WriteAllText(dir["mine/notes.txt"], "a user's own file");
        BadInput(CliRunner.Run("gram", "--n", "5", "--out", dir["mine"]), "not an overparam result (no summary.json)");
        Assert.Equal("a user's own file", File.ReadAllText(dir["mine/notes.txt"]));
        BadInput(CliRunner.Run("sweep", "/nonexistent/spec.yaml", "--out", dir["f"]), "spec.yaml");
        File.WriteAllText(dir["s.yaml"], "base: { n: 4, d: 2, labels: sign, steps: 1 }\n");
        BadInput(CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["f"]), "a file is there; expected a sweep folder");
        BadInput(CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["mine"]), "not a sweep's (no sweep.json)");
    }

    [Fact]
    public void Sizes_that_overflow_name_the_option()
    {
        using var dir = new TestData.TempDir();
        BadInput(CliRunner.Run("gram", "--n", "2000000000", "--data", "circle", "--out", dir["o"]), "--n 2000000000 points × 2 = 4000000000 values", dir.Path);
        BadInput(CliRunner.Run("gram", "--d", "2000000000", "--out", dir["o"]), "--n 100 × --d 2000000000", dir.Path);
        File.WriteAllText(dir["w.yaml"], "base:\n  width: 10000000000\n");
        BadInput(CliRunner.Run("sweep", dir["w.yaml"], "--out", dir["s"]), "w.yaml: line 2: base.width: expected a whole number ≥ 1 up to 2147483647, got '10000000000'");
        Assert.False(Directory.Exists(dir["s"]));
    }

    [Fact]
    public void A_folder_the_tool_writes_holds_this_runs_files_only()
    {
        using var dir = new TestData.TempDir();
        Assert.Equal(0, CliRunner.Run("gram", "--n", "20", "--labels", "gaussian", "--eigenvectors", "--out", dir["o"]).ExitCode);
        Assert.True(File.Exists(dir["o/eigenvectors.npy"]));
        Assert.Equal(0, CliRunner.Run("gram", "--n", "30", "--out", dir["o"]).ExitCode);
        Assert.False(File.Exists(dir["o/eigenvectors.npy"]));
        Assert.False(File.Exists(dir["o/label_projections.npy"]));
        Assert.Equal(0, CliRunner.Run("train", "--n", "10", "--d", "3", "--labels", "sign", "--width", "20", "--steps", "3", "--save-weights", "--out", dir["t"]).ExitCode);
        Assert.True(File.Exists(dir["t/final_W.npy"]));
        Assert.Equal(0, CliRunner.Run("train", "--n", "10", "--d", "3", "--labels", "sign", "--width", "20", "--steps", "3", "--out", dir["t"]).ExitCode);
        Assert.Equal(new[] { "metrics.csv", "summary.json" }, Directory.GetFiles(dir["t"]).Select(f => Path.GetFileName(f)!).Order().ToList());
        Assert.Equal(new[] { "o", "t" }, Directory.GetFileSystemEntries(dir.Path).Select(f => Path.GetFileName(f)!).Order().ToList()); // nothing set aside left
    }

    [Fact]
    public void A_diverged_run_keeps_the_earlier_result_and_says_where_its_metrics_are()
    {
        using var dir = new TestData.TempDir();
        string[] run = ["train", "--n", "20", "--d", "3", "--labels", "gaussian", "--width", "50", "--steps", "300", "--out", dir["t"]];
        Assert.Equal(0, CliRunner.Run([.. run, "--lr", "0.1"]).ExitCode);
        string good = File.ReadAllText(dir["t/summary.json"]);
        var bad = CliRunner.Run([.. run, "--lr", "100"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"metrics so far are in {dir["t.diverged"]} (the earlier result in {dir["t"]} is kept)", bad.ErrorLine());
        Assert.Equal(good, File.ReadAllText(dir["t/summary.json"]));
        Assert.Contains("\"diverged\": true", File.ReadAllText(dir["t.diverged/summary.json"]));
        var fresh = CliRunner.Run([.. run[..^1], dir["new"], "--lr", "100"]); // nothing to keep: the folder itself
        Assert.Equal(1, fresh.ExitCode);
        Assert.True(File.Exists(dir["new/metrics.csv"]));
    }

    [Fact]
    public void Orphans_of_a_killed_run_are_removed_by_the_next_run_and_a_live_runs_are_left()
    {
        using var dir = new TestData.TempDir();
        const int gone = 2147483646; // no such process
        string guid = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(dir[$".o.partial-{gone}-{guid}"]);
        Directory.CreateDirectory(dir[$".o.partial-{Environment.ProcessId}-{guid}"]); // a live process's (this one's)
        Assert.Equal(0, CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["o"]).ExitCode);
        Assert.False(Directory.Exists(dir[$".o.partial-{gone}-{guid}"]));
        Assert.True(Directory.Exists(dir[$".o.partial-{Environment.ProcessId}-{guid}"]));
        // Another machine's staging folder (a Slurm task elsewhere, on a shared file system): its id means nothing here.
        Directory.CreateDirectory(dir[$".o.partial-{gone}-{guid}-elsewhere"]);
        Directory.CreateDirectory(dir[$".o.partial-{gone}-{guid}-{OverParam.IO.Orphans.Host}"]);
        Assert.Equal(0, CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["o"]).ExitCode);
        Assert.True(Directory.Exists(dir[$".o.partial-{gone}-{guid}-elsewhere"]));
        Assert.False(Directory.Exists(dir[$".o.partial-{gone}-{guid}-{OverParam.IO.Orphans.Host}"]));

        // An earlier result set aside by a commit that was killed before it finished comes back.
        Directory.CreateDirectory(dir[$".r.old-{gone}-{guid}"]);
        File.WriteAllText(dir[$".r.old-{gone}-{guid}/summary.json"], "{}");
        Assert.Equal(0, CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["other"]).ExitCode);
        Assert.True(File.Exists(dir["r/summary.json"]));

        File.WriteAllText(dir["s.yaml"], "base: { n: 4, d: 2, labels: sign, steps: 1, gram_every: 0 }\naxes: { seed: [0, 1] }\n");
        Assert.Equal(0, CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["s"]).ExitCode);
        File.WriteAllText(dir[$"s/.aggregate.csv.{gone}.{guid}.tmp"], "half");
        File.WriteAllText(dir[$"s/figures/.loss.svg.{gone}.{guid}.tmp"], "half");
        Assert.Equal(0, CliRunner.Run("aggregate", dir["s"]).ExitCode);
        Assert.Empty(Directory.GetFiles(dir["s"], "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_damaged_trial_is_named_not_aggregated_and_rerun_on_resume()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["s.yaml"], "base: { n: 10, d: 3, labels: sign, steps: 40, gram_every: 0 }\naxes: { width: [20, 30] }\n");
        Assert.Equal(0, CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["s"]).ExitCode);
        string clean = File.ReadAllText(dir["s/aggregate.csv"]);
        var folder = new SweepFolder(dir["s"]);
        var victim = folder.ReadTrials().Trials[0];
        string metrics = Path.Combine(folder.TrialDir(victim.Id), "metrics.csv");
        File.WriteAllBytes(metrics, File.ReadAllBytes(metrics)[..500]); // head -c 500

        var status = CliRunner.Run("sweep", "status", dir["s"]);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains($"damaged  {victim.Id}", status.Out);
        Assert.Contains("1 done, 0 failed, 1 damaged, 0 pending", status.Out);
        var agg = CliRunner.Run("aggregate", dir["s"]);
        Assert.Equal(0, agg.ExitCode);
        Assert.Contains($"trial {victim.Id} is damaged", agg.Err);
        Assert.DoesNotContain(victim.Id, File.ReadAllText(dir["s/aggregate.csv"]));

        var resumed = CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["s"]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("1 already done, 1 ran", resumed.Out);
        Assert.Equal(clean, File.ReadAllText(dir["s/aggregate.csv"]));
    }

    public static TheoryData<string, string> BadSpecs => new()
    {
        { "base: [1\n", "not valid YAML" },
        { "base: { widht: 3 }\n", "base.widht: unknown key" },
        { "base: { width: 0 }\n", "line 1: base.width: expected a whole number ≥ 1" },
        { "base: { model: fc, form: dual }\n", "line 1: base.form: an option of two-layer, not of fc, the model this sweep trains" },
        { "base: { width: 5 }\naxes: { width: [1, 2] }\n", "line 2: axes.width: also set in base (line 1); give it in one place" },
        { "base: { c_res: 1.5 }\n", "base.c_res: expected a number in (0, 1)" },
        { "base: { labels: nosuch.npy }\n", "line 1: base.labels: 'nosuch.npy' is neither one of gaussian, sign, teacher, true, random nor an existing file" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void A_bad_spec_names_file_and_line_and_leaves_no_folder(string yaml, string fragment)
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["bad.yaml"], yaml);
        BadInput(CliRunner.Run("sweep", dir["bad.yaml"], "--out", dir["s"]), fragment);
        Assert.False(Directory.Exists(dir["s"]));
    }

    [Fact]
    public void Smaller_defects_each_get_their_line()
    {
        using var dir = new TestData.TempDir();
        BadInput(CliRunner.Run("gram", "--data", dir.Path, "--out", dir["o"]), "is a folder; expected a .npy or .csv file");
        BadInput(CliRunner.Run("gram", "--data", "circle", "--n", "5", "--d", "7", "--out", dir["o"]), "--d: circle points are 2-D");
        BadInput(CliRunner.Run("sweep", "x.yaml", "--out", dir["s"], "--jobs", "-1"), "--jobs must be ≥ 0, got -1");
        BadInput(CliRunner.Run("aggregate", dir.Path), "not a sweep folder (no sweep.json)");
        BadInput(CliRunner.Run("sweep", "status", dir.Path), "not a sweep folder (no sweep.json)");
        File.WriteAllText(dir["big.csv"], "1e200,0\n0,1\n");
        BadInput(CliRunner.Run("gram", "--data", dir["big.csv"], "--out", dir["o"]), "big.csv: row 0: ‖x‖² overflows float64");
        File.WriteAllText(dir["x.csv"], "0,0\n1,0\n");
        var zero = CliRunner.Run("gram", "--data", dir["x.csv"], "--normalize", "--out", dir["z"]);
        Assert.Contains("x_0 is the zero vector, which no scaling puts on the sphere", zero.Out);
        Assert.DoesNotContain("use --normalize", zero.Out);
    }
}
