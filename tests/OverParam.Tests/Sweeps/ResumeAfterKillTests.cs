using System.Diagnostics;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

/// <summary>A sweep whose process is killed in the middle, then started again.</summary>
public class ResumeAfterKillTests
{
    /// <summary>Trials of about half a second each: long enough to kill the process between two of them.</summary>
    private const string Spec = """
        name: killed
        base: { n: 150, d: 60, labels: gaussian, steps: 60, gram_every: 0 }
        axes:
          width: [1500, 2000, 2500, 3000]
          seed: [0, 1]
        """;

    [Fact]
    public void Killed_sweep_resumes_with_every_trial_done_once_and_the_same_aggregate()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["spec.yaml"], Spec);
        string cli = typeof(OverParam.Cli.App).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", ["exec", cli, "sweep", dir["spec.yaml"], "--out", dir["killed"], "--jobs", "1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using (var p = Process.Start(psi)!)
        {
            var folder = new SweepFolder(dir["killed"]);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(120) && !p.HasExited)
            {
                if (Directory.Exists(dir["killed/trials"]) && Directory.GetFiles(dir["killed/trials"], "summary.json", SearchOption.AllDirectories).Length >= 2) break;
                Thread.Sleep(20);
            }
            Assert.False(p.HasExited, "the sweep finished before it could be killed; make its trials longer");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        var killedFolder = new SweepFolder(dir["killed"]);
        var before = Directory.GetFiles(dir["killed/trials"], "summary.json", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        Assert.InRange(before.Count, 2, 7);

        var resumed = SweepRunner.Run(SweepSpec.Parse(Spec, "spec.yaml"), killedFolder, 1, TestData.OpenBlas, 1);
        Assert.Equal(before.Count, resumed.AlreadyDone);
        Assert.Equal(8 - before.Count, resumed.RanOk);
        foreach (var (f, text) in before) Assert.Equal(text, File.ReadAllText(f)); // finished trials never rerun
        Assert.Empty(Directory.GetDirectories(dir["killed/trials"], ".*")); // no staging folder left behind
        Assert.Equal(8, Directory.GetDirectories(dir["killed/trials"]).Length);

        var clean = new SweepFolder(dir["clean"]);
        SweepRunner.Run(SweepSpec.Parse(Spec, "spec.yaml"), clean, 1, TestData.OpenBlas, 1);
        Aggregation.Write(Aggregation.Load(killedFolder), killedFolder);
        Aggregation.Write(Aggregation.Load(clean), clean);
        Assert.Equal(File.ReadAllText(dir["clean/aggregate.csv"]), File.ReadAllText(dir["killed/aggregate.csv"]));
        Assert.Equal(File.ReadAllText(dir["clean/summary.csv"]), File.ReadAllText(dir["killed/summary.csv"]));
    }
}
