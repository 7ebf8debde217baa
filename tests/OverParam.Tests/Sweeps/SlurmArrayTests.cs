using System.Diagnostics;
using OverParam.Sweeps;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Sweeps;

/// <summary>The Slurm executor without a cluster: the generated array script is run by bash as Slurm would run it.</summary>
public class SlurmArrayTests
{
    private const string Spec = """
        name: slurm
        base: { n: 12, d: 4, labels: sign, steps: 15, gram_every: 0 }
        axes:
          width: [20, 60]
          seed: [0, 1]
        """;

    [Fact]
    public void Array_tasks_run_by_bash_give_the_same_aggregate_as_the_local_executor()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["slurm"]);
        var pending = SweepRunner.Prepare(SweepSpec.Parse(Spec, "s.yaml"), folder);
        Assert.Equal([0, 1, 2, 3], pending);
        string cli = typeof(OverParam.Cli.App).Assembly.Location;
        string script = SlurmArray.WriteScript(folder, ["dotnet", "exec", cli], 1, "slurm");
        Assert.Contains("sweep run-trial", File.ReadAllText(script));
        foreach (int i in pending)
        {
            var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["SLURM_ARRAY_TASK_ID"] = i.ToString();
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, output);
            // The task's log (stderr: a file under Slurm) gets the run's steps as plain lines, with the time left.
            Assert.Contains("overparam: train · step 0/15 · ", output);
            Assert.Matches(@"overparam: train · step 15/15 · \d+ s elapsed · done · loss ", output);
        }
        Assert.Empty(SweepRunner.Prepare(SweepSpec.Parse(Spec, "s.yaml"), folder)); // all done: nothing left to submit

        var local = new SweepFolder(dir["local"]);
        SweepRunner.Run(SweepSpec.Parse(Spec, "s.yaml"), local, 1, TestData.OpenBlas, 1);
        foreach (var f in new[] { folder, local }) Aggregation.Write(Aggregation.Load(f), f);
        Assert.Equal(File.ReadAllText(dir["local/aggregate.csv"]), File.ReadAllText(dir["slurm/aggregate.csv"]));
    }

    [Fact]
    public void Run_trial_skips_a_finished_trial_and_names_a_bad_index()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        SweepRunner.Prepare(SweepSpec.Parse(Spec, "s.yaml"), folder);
        Assert.Equal(0, CliRunner.Run("sweep", "run-trial", dir["s"], "--index", "1").ExitCode);
        var again = CliRunner.Run("sweep", "run-trial", dir["s"], "--index", "1");
        Assert.Contains("already done", again.Out);
        var bad = CliRunner.Run("sweep", "run-trial", dir["s"], "--index", "9");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--index 9: the sweep in", bad.ErrorLine());
    }

    [Fact]
    public void Array_spec_lists_pending_indices_with_the_concurrency_cap()
    {
        Assert.Equal("0,2,5%2", SlurmArray.ArraySpec([0, 2, 5], 2));
        Assert.Equal("3", SlurmArray.ArraySpec([3], 0));
        Assert.Equal("'it'\"'\"'s'", SlurmArray.Quote("it's"));
    }
}
