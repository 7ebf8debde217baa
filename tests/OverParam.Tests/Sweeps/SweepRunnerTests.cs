using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

public class SweepRunnerTests
{
    internal const string Spec = """
        name: t
        base: { n: 16, d: 4, labels: gaussian, steps: 20, gram_every: 5 }
        axes:
          width: [20, 80]
          seed: [0, 1]
        """;

    private static SweepRunResult Run(string dir, string spec = Spec, int jobs = 1) =>
        SweepRunner.Run(SweepSpec.Parse(spec, "t.yaml"), new SweepFolder(dir), jobs, TestData.OpenBlas, 1);

    [Fact]
    public void A_rerun_skips_finished_trials_without_touching_them()
    {
        using var dir = new TestData.TempDir();
        var first = Run(dir["s"]);
        Assert.Equal((4, 0, 4, 0), (first.Total, first.AlreadyDone, first.RanOk, first.Failed));
        var summaries = Directory.GetFiles(dir["s/trials"], "summary.json", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllText);
        var second = Run(dir["s"]);
        Assert.Equal((4, 4, 0, 0), (second.Total, second.AlreadyDone, second.RanOk, second.Failed));
        foreach (var (f, text) in summaries) Assert.Equal(text, File.ReadAllText(f));
        using (new SweepFolder(dir["s"]).Lock()) { } // released: the next process takes it at once
    }

    [Fact]
    public void A_failing_trial_is_recorded_and_the_sweep_goes_on()
    {
        using var dir = new TestData.TempDir();
        string truncated = Path.Combine(AppContext.BaseDirectory, "Fixtures", "x_truncated.npy"); // there, but cut short: fails when loaded
        var spec = SweepSpec.Parse(Spec.Replace("width: [20, 80]", $"data: [sphere, '{truncated}']"), "t.yaml");
        // The sweep as a whole is refused before it writes anything: its data is checked first (Preflight).
        var refused = Assert.Throws<OverParam.IO.InputException>(() => Run(dir["s"], spec: Spec.Replace("width: [20, 80]", $"data: [sphere, '{truncated}']")));
        Assert.Contains("x_truncated.npy", refused.Message);
        Assert.False(Directory.Exists(dir["s"]));
        // A trial that fails while the sweep runs (a file damaged after the check; a Slurm task) is recorded, and the others go on.
        var folder = new SweepFolder(dir["t"]);
        var trials = spec.Trials();
        folder.WriteTrials(spec, trials);
        var (ok, failedCount) = SweepRunner.RunPending(trials, folder, 1, TestData.OpenBlas, 1);
        Assert.Equal((2, 2), (ok, failedCount));
        var failed = trials.Where(t => folder.State(t.Id) == TrialState.Failed).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains("truncated", File.ReadAllText(folder.FailedFile(failed[0].Id)));
        Assert.False(Directory.Exists(folder.TrialDir(failed[0].Id)));
        // failed/ID.json is the trial's entry, then the error and when (its schema: schema summary --verb sweep --path failed/ID.json).
        Assert.Equal(["id", "axes", "settings", "error", "failed_utc"],
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.FailedFile(failed[0].Id)))!.AsObject().Select(p => p.Key));
        Assert.Equal(1 + 2 + 2 + 2, Schemas.SchemaAssert.SummaryOf("sweep", dir["t"])); // sweep.json; each finished trial's settings.json and summary.json; each failure

    }

    [Fact]
    public void Two_jobs_give_the_same_aggregate_as_one()
    {
        using var dir = new TestData.TempDir();
        Run(dir["a"], jobs: 1);
        Run(dir["b"], jobs: 2);
        foreach (var d in new[] { "a", "b" })
        {
            var f = new SweepFolder(dir[d]);
            Aggregation.Write(Aggregation.Load(f), f);
        }
        Assert.Equal(File.ReadAllText(dir["a/aggregate.csv"]), File.ReadAllText(dir["b/aggregate.csv"]));
        Assert.Equal(File.ReadAllText(dir["a/summary.csv"]), File.ReadAllText(dir["b/summary.csv"]));
    }

    [Fact]
    public void A_held_lock_is_refused_and_a_released_or_stale_one_taken()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        using (folder.Lock())
        {
            var e = Assert.Throws<OverParam.IO.InputException>(() => Run(dir["s"]));
            Assert.Contains($"being run by process {Environment.ProcessId}", e.Message);
        }
        // What a killed process leaves: the files, but no OS lock (the kernel drops it with the process).
        File.WriteAllText(Path.Combine(folder.Dir, ".lock-holder"), "2147483646");
        Assert.Equal(4, Run(dir["s"]).RanOk);
    }

    [Fact]
    public void Empirical_rate_recovers_a_geometric_sequence_and_ignores_the_floor()
    {
        double[] steps = [0, 1, 2, 3, 4, 5];
        double[] loss = [8, 4, 2, 1, 1e-30, 1e-31];
        Assert.Equal(0.5, Aggregation.EmpiricalRate(steps, loss), 1e-12);
        Assert.True(double.IsNaN(Aggregation.EmpiricalRate([0], [1.0])));
    }
}
