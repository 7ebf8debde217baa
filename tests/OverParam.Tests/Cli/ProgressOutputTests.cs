using System.Text.RegularExpressions;
using OverParam.Cli;
using OverParam.IO;
using OverParam.Tests.Progress;

namespace OverParam.Tests.Cli;

/// <summary>
/// Progress as the command line writes it when stderr is a file or a pipe: the line's words, the rate it comes at, and
/// that it goes to stderr only, leaving what a command prints on stdout as it was.
/// </summary>
public partial class ProgressOutputTests
{
    private static ProgressUpdate At(long done, long total, double elapsed, double? left) =>
        new(1, 1, "sweep widths", done, total, TimeSpan.FromSeconds(elapsed), left is { } l ? TimeSpan.FromSeconds(l) : null) { Unit = "trial" };

    [Fact]
    public void A_line_names_the_part_its_stage_the_counts_the_elapsed_time_and_the_time_left()
    {
        var u = new ProgressUpdate(3, 6, "threshold-all-true", 8, 16, TimeSpan.FromSeconds(65), TimeSpan.FromSeconds(126)) { Unit = "run", Stage = "round 2" };
        Assert.Equal("part 3/6 threshold-all-true · round 2 · run 8/16 · 1 min 5 s elapsed · about 2 min 10 s left in round 2", ProgressText.Line(u));
        Assert.Equal("sweep widths · trial 1/6 · 2 s elapsed · about 10 s left", ProgressText.Line(At(1, 6, 2, 10)));
        Assert.Equal("sweep widths · trial 0/6 · 0 s elapsed · estimating…", ProgressText.Line(At(0, 6, 0, null)));
        Assert.Equal("sweep widths · trial 6/6 · 12 s elapsed · done · w-3 done in 1.0 s", ProgressText.Line(At(6, 6, 12, 0) with { Detail = "w-3 done in 1.0 s" }));
        Assert.Equal("train · step 340/1000 · 3 s elapsed · ended", ProgressText.Line(At(340, 1000, 3, 5) with { Name = "train", Unit = "step", Ended = true }));
        Assert.Equal("part 2/4 Cholesky of H · 45% · 9 s elapsed · about 11 s left",
            ProgressText.Line(new ProgressUpdate(2, 4, "Cholesky of H", 45, 100, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11)) { Unit = "" }));
        Assert.Equal("part 3/4 Lanczos · 12 block products · 40 s elapsed",
            ProgressText.Line(new ProgressUpdate(3, 4, "Lanczos", 12, 0, TimeSpan.FromSeconds(40), null) { Unit = "block product" }));
    }

    [Theory]
    [InlineData(42, false, "42 s")]
    [InlineData(185, false, "3 min 5 s")]
    [InlineData(180, false, "3 min")]
    [InlineData(126, true, "2 min 10 s")]
    [InlineData(1500, false, "25 min")]
    [InlineData(7500, false, "2 h 5 min")]
    [InlineData(7200, true, "2 h")]
    public void Durations_read_as_a_person_would_say_them(double seconds, bool rough, string expected) =>
        Assert.Equal(expected, ProgressText.Duration(TimeSpan.FromSeconds(seconds), rough));

    /// <summary>The lines a part of <paramref name="items"/> items, one every <paramref name="secondsEach"/>, writes.</summary>
    private static List<string> Lines(int items, double secondsEach, bool asPart = false)
    {
        var clock = new FakeClock();
        var err = new StringWriter();
        var plain = new PlainProgress(err, clock, TimeSpan.FromSeconds(5));
        var part = new PartProgress(asPart ? new PartOf(plain, 2, 3, "lower-bound") : plain, "sweep s", "trial", items, clock: clock);
        part.Start();
        for (int i = 0; i < items; i++)
        {
            clock.Advance(secondsEach);
            part.Complete();
        }
        part.End();
        return [.. err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    [GeneratedRegex(@"trial (\d+)/(\d+)")]
    private static partial Regex Counts();

    [Fact]
    public void Plain_lines_come_at_most_once_an_interval_and_once_a_tenth_of_the_part()
    {
        var lines = Lines(100, 1);
        // The start, the first estimate, each tenth from the interval on, and the end.
        Assert.Equal([0, 1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], lines.Select(l => int.Parse(Counts().Match(l).Groups[1].Value)));
        Assert.All(lines, l => Assert.StartsWith("overparam: sweep s · trial ", l));
        Assert.All(lines, l => Assert.Equal("100", Counts().Match(l).Groups[2].Value));
        Assert.Contains("estimating…", lines[0]);
        Assert.All(lines.Skip(1).SkipLast(1), l => Assert.Matches(@"about \d+ (s|min)( \d+ s)? left$", l));
        Assert.EndsWith("1 min 40 s elapsed · done", lines[^1]);
        Assert.Contains("about 1 min 40 s left", lines[1]); // 1 s an item, 99 to go: rounded to ten seconds
    }

    [Fact]
    public void A_short_part_writes_its_start_its_first_estimate_and_its_end()
    {
        var lines = Lines(1000, 0.001);
        Assert.Equal(3, lines.Count);
        Assert.Equal(["0", "1", "1000"], lines.Select(l => Counts().Match(l).Groups[1].Value));
    }

    [Fact]
    public void A_part_of_a_larger_work_names_its_number_and_counts_its_own_trials()
    {
        var lines = Lines(10, 1, asPart: true);
        Assert.All(lines, l => Assert.StartsWith("overparam: part 2/3 lower-bound · trial ", l));
        Assert.Contains(lines, l => l.Contains("part 2/3 lower-bound · trial 1/10 · 1 s elapsed · about 9 s left", StringComparison.Ordinal));
        Assert.EndsWith("trial 10/10 · 10 s elapsed · done", lines[^1]);
    }

    [Fact]
    public void A_part_of_unknown_length_writes_a_line_every_six_intervals_at_most()
    {
        var clock = new FakeClock();
        var err = new StringWriter();
        var part = new PartProgress(new PlainProgress(err, clock, TimeSpan.FromSeconds(5)), "Lanczos", "block product", 0, clock: clock);
        part.Start();
        for (int i = 1; i <= 120; i++)
        {
            clock.Advance(1);
            part.Reach(i);
        }
        part.End();
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 120 / 30 + 1, lines.Length); // start, one every 30 s, end
        Assert.DoesNotContain(lines, l => l.Contains("left", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sweep_with_stderr_redirected_writes_plain_lines_with_the_time_left_and_stdout_as_before()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["s.yaml"], OverParam.Tests.Sweeps.SweepRunnerTests.Spec);
        var r = CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["out"]);
        Assert.Equal(0, r.ExitCode);
        var progress = r.Err.Split('\n').Where(l => l.StartsWith("overparam: sweep t · trial ", StringComparison.Ordinal)).ToList();
        Assert.Contains(progress, l => Regex.IsMatch(l, @"trial 1/4 · \d+ s elapsed · about \d+ s left"));
        Assert.EndsWith("done", progress.Last(l => l.Contains("trial 4/4", StringComparison.Ordinal)).Split(" · ")[3]);
        // stdout: the summary table and the files, nothing of the progress.
        var stdout = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^sweep t: 4 trials: 0 already done, 4 ran, 0 failed, in \d+\.\d s$", stdout[0]);
        Assert.StartsWith("  setting ", stdout[1]);
        Assert.StartsWith($"wrote {Path.GetFullPath(dir["out"])}/aggregate.csv", stdout[^1]);
        Assert.Equal(5, stdout.Length); // the line, the table's head and two settings, the files
        Assert.DoesNotContain("left", r.Out);
        Assert.DoesNotContain("estimating", r.Out);
    }

    [Fact]
    public void On_a_terminal_the_live_display_keeps_notes_and_each_parts_last_line_on_stderr()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var ctx = new CliContext(stdout, stderr, Interactive: true, CommonOptions.Backend(), CommonOptions.Threads());
        int result = ProgressOutput.Run(ctx, (live, progress) =>
        {
            live.Note("a note written while the bars are live");
            var part = new PartProgress(progress, "sweep s", "trial", 3);
            part.Start();
            for (int i = 0; i < 3; i++) part.Complete();
            part.End();
            return 7;
        });
        Assert.Equal(7, result);
        Assert.Equal("", stdout.ToString());
        string err = stderr.ToString();
        Assert.Contains("overparam: a note written while the bars are live", err);
        Assert.Matches(@"overparam: sweep s · trial 3/3 · \d+ s elapsed · done", err);
    }

    [Fact]
    public void Training_reports_its_steps_on_stderr_only()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--n", "20", "--d", "5", "--labels", "gaussian", "--width", "50", "--steps", "40", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var steps = r.Err.Split('\n').Where(l => l.StartsWith("overparam: train · step ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("overparam: train · step 0/40", steps[0]);
        Assert.Matches(@"^overparam: train · step 40/40 · \d+ s elapsed · done · loss \S+, \d+\.\d steps/s$", steps[^1]);
        Assert.StartsWith("train ", r.Out);
        Assert.DoesNotContain("step 40/40", r.Out);
    }
}
