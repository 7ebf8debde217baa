using OverParam.Reproductions;
using OverParam.Sweeps;
using OverParam.Tests.Progress;
using OverParam.Thresholds;

namespace OverParam.Tests.Sweeps;

/// <summary>What sweeps, threshold rounds and the Slurm executor report while they run, and the costs that weigh their trials.</summary>
public class SweepProgressTests
{
    [Fact]
    public void A_sweep_reports_each_trial_of_those_it_runs_and_ends()
    {
        using var dir = new TestData.TempDir();
        var sink = new Recorder();
        SweepRunner.Run(SweepSpec.Parse(SweepRunnerTests.Spec, "t.yaml"), new SweepFolder(dir["s"]), 2, TestData.OpenBlas, 1, progress: sink);
        Assert.All(sink.Updates, u => Assert.Equal(("sweep t", "trial", 4L, 1, 1), (u.Name, u.Unit, u.Total, u.Part, u.Parts)));
        Assert.Equal(0, sink.Updates[0].Done);
        Assert.Null(sink.Updates[0].Left);
        Assert.Equal([1L, 2, 3, 4], sink.Updates.Where(u => u.Detail != null).Select(u => u.Done));
        Assert.True(sink.Updates[^1].Finished);
        Assert.Equal(TimeSpan.Zero, sink.Updates[^1].Left);

        sink.Updates.Clear(); // resumed: nothing left to run, nothing reported
        SweepRunner.Run(SweepSpec.Parse(SweepRunnerTests.Spec, "t.yaml"), new SweepFolder(dir["s"]), 1, TestData.OpenBlas, 1, progress: sink);
        Assert.Empty(sink.Updates);
    }

    [Fact]
    public void A_threshold_search_reports_each_rounds_runs_as_a_stage()
    {
        using var dir = new TestData.TempDir();
        var settings = SettingKeys.All.ToDictionary(k => k.Name, k => k.Default);
        (settings["d"], settings["steps"], settings["gram_every"]) = ("5", "300", "0");
        var spec = new ThresholdSpec("th", settings, [10, 20], 2, 0.01, SuccessCriterion.Loss, 0.8, 0.05, 8, 64);
        var sink = new Recorder();
        var result = ThresholdSearch.Run(spec, new SweepFolder(dir["th"]), new LocalExecutor(1, TestData.OpenBlas, 1), TestData.OpenBlas, 1, progress: sink);
        var stages = sink.Updates.Select(u => u.Stage!).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, result.Rounds).Select(r => $"round {r}"), stages);
        Assert.All(sink.Updates, u => Assert.Equal(("th", "run"), (u.Name, u.Unit)));
        Assert.Equal(4, sink.Updates.First(u => u.Stage == "round 1").Total); // two sizes × two seeds at the start width
        Assert.Equal(result.TrialsRun, sink.Updates.GroupBy(u => u.Stage).Sum(g => g.Max(u => u.Done)));
    }

    [Fact]
    public void The_slurm_watcher_reports_trials_as_they_appear_finished_in_the_folder()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        var spec = SweepSpec.Parse(SweepRunnerTests.Spec, "t.yaml");
        var pending = SweepRunner.Prepare(spec, folder);
        var (_, trials) = folder.ReadTrials();
        var sink = new Recorder();
        var watch = SlurmArray.Watch(folder, trials, SweepRunner.Progress(sink, "sweep t on Slurm", "trial", trials))!;
        watch();
        Assert.Equal(0, sink.Updates.Max(u => u.Done)); // started, nothing done yet
        SweepRunner.RunTrial(trials[pending[0]], folder, TestData.OpenBlas, 1);
        SweepRunner.RunTrial(trials[pending[1]], folder, TestData.OpenBlas, 1);
        watch();
        watch(); // seen once only
        Assert.Equal(2, sink.Updates[^1].Done);
        Assert.Equal(3, sink.Updates.Count);
        Assert.Null(SlurmArray.Watch(folder, trials, null)); // no progress: no watching
    }

    [Fact]
    public void Trial_costs_follow_the_widths_with_a_fixed_cost_a_run()
    {
        // reproduce du2019 --quick: n = d = 200, 100 steps, H(k) every 10; widths 50, 200, 1000, 5000 (TrialCost.Overhead's doc).
        var costs = Du2019Reproduction.Spec(true, 1).Trials().Select(t => TrialCost.Of(t.Settings)).ToList();
        Assert.Equal(4, costs.Count);
        var ratios = costs.Select(c => c / costs[0]).ToList();
        Assert.Equal(1.5, ratios[1], 0.05);
        Assert.Equal(4.2, ratios[2], 0.05);
        Assert.Equal(17.7, ratios[3], 0.1);
        // n·P·(K + 1) exactly, with the rest: P = m·d + m (first layer and a).
        Assert.Equal(200.0 * (50 * 200 + 50) * 101 + 200.0 * 200 * 200 * 2 + 10 * (200.0 * 200 * 50 + 200.0 * 200 * 200) + TrialCost.Overhead, costs[0], 1e-6 * costs[0]);
    }

    [Fact]
    public void A_convolutional_resnet_weighs_its_positions_and_its_kernels_recursion()
    {
        // reproduce du2019-deep --quick: n = 30, d = 10, m = 256, softplus (64 quadrature nodes), 100 steps, Gram every 50;
        // its conv ResNet trials took 1.6, 5.6, 9.6 and 17.1 s at H = 1, 2, 4, 8 (the FC and ResNet ones 0.2 to 0.7 s).
        var trials = Du2019DeepReproduction.Spec(true, 1).Trials();
        double Cost(string model, int depth) => TrialCost.Of(trials.Single(t => t.Axes["model"] == model && t.Axes["depth"] == $"{depth}").Settings);
        var conv = new[] { 1, 2, 4, 8 }.Select(h => Cost("conv-resnet", h) / Cost("conv-resnet", 1)).ToList();
        Assert.Equal([1, 3.7, 9.1, 19.9], conv.Select(r => Math.Round(r, 1)));
        Assert.True(Cost("conv-resnet", 8) > 9 * Cost("fc", 8));
        Assert.Equal(Cost("fc", 4), Cost("resnet", 4));
    }
}
