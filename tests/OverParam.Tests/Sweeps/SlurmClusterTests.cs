using System.Diagnostics;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// <c>sweep --executor slurm</c> on a real Slurm cluster: the one-node cluster of <c>tools/slurm-local.sh</c> (munged,
/// slurmctld, slurmd), which CI starts. Where the daemons cannot start (no root, no packages), the test is skipped with
/// the reason, never passed silently.
/// </summary>
[Trait("Category", "Slurm")]
public class SlurmClusterTests
{
    /// <summary>Trials of a few seconds each, so that one seen running is still running when scancel reaches it.</summary>
    private static string Spec(string name) => $"""
        name: {name}
        base: {"{"} n: 150, d: 60, labels: gaussian, steps: 800, record_every: 50, gram_every: 0, form: primal {"}"}
        axes:
          width: [1500, 2500]
          seed: [0, 1]
        """;

    [SkippableFact]
    public void A_slurm_sweep_survives_a_cancelled_array_task_and_matches_the_local_executor()
    {
        StartCluster();
        using var dir = new TestData.TempDir();
        string name = $"slurm-test-{Guid.NewGuid():N}"[..24];
        File.WriteAllText(dir["s.yaml"], Spec(name));
        string[] sweep = ["sweep", dir["s.yaml"], "--out", dir["slurm"], "--executor", "slurm", "--cpus-per-task", "1"];

        // 1. Run on Slurm and cancel the first array task seen running.
        using (var run = Cli(sweep))
        {
            string? task = null;
            var clock = Stopwatch.StartNew();
            while (task == null && clock.Elapsed < TimeSpan.FromSeconds(120) && !run.HasExited)
            {
                task = Shell("squeue", "-h", "-t", "R", "-n", $"overparam-{name}", "-o", "%i").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (task == null) Thread.Sleep(100);
            }
            Assert.True(task != null, "no array task was seen running");
            Shell("scancel", task);
            string output = run.StandardOutput.ReadToEnd() + run.StandardError.ReadToEnd();
            run.WaitForExit();
            Assert.True(run.ExitCode == 1, $"a cancelled task leaves the sweep unfinished (exit 1), got {run.ExitCode}: {output}");
        }
        var folder = new SweepFolder(dir["slurm"]);
        var trials = folder.ReadTrials().Trials;
        Assert.Contains(trials, t => folder.State(t.Id) != TrialState.Done);

        // 2. Resume: only the unfinished trials are submitted, and the sweep completes.
        var before = trials.Where(t => folder.State(t.Id) == TrialState.Done)
            .ToDictionary(t => t.Id, t => File.ReadAllText(Path.Combine(folder.TrialDir(t.Id), "summary.json")));
        using (var resume = Cli(sweep))
        {
            string output = resume.StandardOutput.ReadToEnd() + resume.StandardError.ReadToEnd();
            resume.WaitForExit();
            Assert.True(resume.ExitCode == 0, output);
            Assert.Contains($"submitting {trials.Count - before.Count} trial(s)", output);
        }
        foreach (var (id, text) in before) Assert.Equal(text, File.ReadAllText(Path.Combine(folder.TrialDir(id), "summary.json")));

        // 3. The same aggregate as the local executor's.
        var local = new SweepFolder(dir["local"]);
        SweepRunner.Run(SweepSpec.Parse(Spec(name), "s.yaml"), local, 1, TestData.OpenBlas, 1);
        Aggregation.Write(Aggregation.Load(local), local);
        Assert.Equal(File.ReadAllText(dir["local/aggregate.csv"]), File.ReadAllText(dir["slurm/aggregate.csv"]));
    }

    [SkippableFact]
    public void A_threshold_search_on_slurm_runs_each_round_as_an_array_and_matches_the_local_search()
    {
        StartCluster();
        using var dir = new TestData.TempDir();
        string[] search = ["threshold", "--n", "20,40", "--d", "5", "--steps", "1500", "--seeds", "2", "--name", $"th-{Guid.NewGuid():N}"[..16]];
        using (var slurm = Cli([.. search, "--out", dir["slurm"], "--executor", "slurm", "--cpus-per-task", "1"]))
        {
            string output = slurm.StandardOutput.ReadToEnd() + slurm.StandardError.ReadToEnd();
            slurm.WaitForExit();
            Assert.True(slurm.ExitCode == 0, output);
            Assert.Contains("submitting 4 trial(s) as a Slurm array", output); // round 1: 2 sizes × 2 seeds
        }
        var local = OverParam.Tests.Cli.CliRunner.Run([.. search, "--out", dir["local"]]);
        Assert.True(local.ExitCode == 0, local.Err);
        Assert.Equal(File.ReadAllText(dir["local/thresholds.csv"]), File.ReadAllText(dir["slurm/thresholds.csv"]));
        Assert.Equal(File.ReadAllText(dir["local/runs.csv"]), File.ReadAllText(dir["slurm/runs.csv"]));
    }

    /// <summary>Starts the one-node cluster (idempotent), or skips the test with the script's reason.</summary>
    private static void StartCluster()
    {
        string script = Path.Combine(TestData.RepoRoot(), "tools", "slurm-local.sh");
        var (code, output) = Shell("bash", script);
        Skip.If(code != 0, $"no Slurm cluster here: {output.Trim()}");
    }

    private static Process Cli(string[] args) => Process.Start(new ProcessStartInfo("dotnet", ["exec", typeof(OverParam.Cli.App).Assembly.Location, .. args])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;

    private static (int Code, string Output) Shell(string file, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) { return (127, $"{file}: {e.Message}"); }
    }
}
