using System.Diagnostics;
using System.Text.Json.Nodes;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// A kill -9 campaign: gram, train, sweep and aggregate are killed at random moments, then run again. Afterwards nothing is
/// lost or duplicated, no temporary entry of the killed process is left, a folder that exists is complete, and the results
/// are byte-identical to an uninterrupted run's apart from timing fields. A few kills in CI; OVERPARAM_KILL_CAMPAIGN=N for
/// N rounds of the four commands.
/// </summary>
public class KillCampaignTests
{
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("OVERPARAM_KILL_CAMPAIGN"), out int r) ? r : 1;

    private const string Spec = """
        name: campaign
        base: { n: 120, d: 40, labels: gaussian, steps: 40, gram_every: 0 }
        axes:
          width: [800, 1600]
          seed: [0, 1]
        """;

    /// <summary>Fields that record when or how fast, not what: left out of the comparisons.</summary>
    private static readonly string[] Timing = ["wall_seconds", "steps_per_second", "created_utc", "timings"];

    [Fact]
    public void Killed_commands_leave_no_orphan_and_rerun_to_identical_results()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["spec.yaml"], Spec);
        var commands = new (string Name, Func<string, string[]> Args, string[] Files)[]
        {
            ("gram", o => ["gram", "--n", "1500", "--d", "50", "--labels", "sign", "--eigenvectors", "--out", o], ["gram.npy", "eigenvalues.npy", "eigenvectors.npy", "summary.json"]),
            ("train", o => ["train", "--n", "150", "--d", "60", "--labels", "gaussian", "--width", "2000", "--steps", "80", "--gram-every", "20", "--out", o], ["metrics.csv", "summary.json"]),
            ("sweep", o => ["sweep", dir["spec.yaml"], "--out", o], ["aggregate.csv", "summary.csv"]),
            ("aggregate", o => ["aggregate", o], ["aggregate.csv", "summary.csv"]), // report.html carries the time it was made
        };
        var reference = new Dictionary<string, string>();
        foreach (var (name, args, _) in commands.Where(c => c.Name != "aggregate"))
            Assert.Equal(0, Run(args(dir[$"ref-{name}"])).Code);
        var rng = new Random(20261202);
        for (int round = 0; round < Rounds; round++)
            foreach (var (name, args, files) in commands)
            {
                string outDir = dir[$"r{round}-{name}"];
                if (name == "aggregate") Copy(dir["ref-sweep"], outDir); // a finished sweep whose aggregation is killed
                using (var run = Start(args(outDir)))
                {
                    Thread.Sleep(rng.Next(50, 1500));
                    if (!run.HasExited) run.Kill(entireProcessTree: true); // SIGKILL
                    run.WaitForExit();
                }
                if (Directory.Exists(outDir) && name is "gram" or "train")
                    Assert.True(File.Exists(Path.Combine(outDir, "summary.json")), $"{name}: a folder without its summary after the kill");

                var again = Run(args(outDir));
                Assert.True(again.Code == 0, $"{name} after a kill: {again.Err}");
                Assert.Empty(Leftovers(dir.Path));
                string refDir = name == "aggregate" ? dir["ref-sweep"] : dir[$"ref-{name}"];
                foreach (var f in files)
                    Assert.True(Same(Path.Combine(refDir, f), Path.Combine(outDir, f)), $"{name}: {f} differs from the uninterrupted run's");
                if (name == "sweep")
                {
                    var folder = new SweepFolder(outDir);
                    var trials = folder.ReadTrials().Trials;
                    Assert.All(trials, t => Assert.Equal(TrialState.Done, folder.State(t.Id)));
                    Assert.Equal(trials.Count, Directory.GetDirectories(Path.Combine(outDir, "trials")).Length); // none twice
                }
            }
    }

    /// <summary>Temporary entries of a killed process that the rerun should have removed (anywhere below <paramref name="root"/>).</summary>
    private static IEnumerable<string> Leftovers(string root) =>
        Directory.EnumerateFileSystemEntries(root, ".*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is var n && (n.Contains(".partial-") || n.Contains(".old-") || n.EndsWith(".tmp", StringComparison.Ordinal) || n.StartsWith(".overparam-probe", StringComparison.Ordinal)));

    private static bool Same(string expected, string actual)
    {
        if (Path.GetExtension(expected) != ".json") return File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual));
        var a = Strip(JsonNode.Parse(File.ReadAllText(expected))!);
        var b = Strip(JsonNode.Parse(File.ReadAllText(actual))!);
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonNode Strip(JsonNode n)
    {
        if (n is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).ToList())
                if (Timing.Contains(key)) o.Remove(key);
                else if (o[key] is { } child) Strip(child);
        }
        return n;
    }

    private static void Copy(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, f.Replace(from, to));
        File.Delete(Path.Combine(to, "aggregate.csv"));
    }

    /// <summary>Starts the command line in a process of its own, its output discarded (so a kill never finds it blocked on a pipe).</summary>
    private static Process Start(string[] args) =>
        Process.Start(new ProcessStartInfo("bash", ["-c", "exec \"$@\" >/dev/null 2>&1", "run", "dotnet", "exec", typeof(OverParam.Cli.App).Assembly.Location, .. args]))!;

    /// <summary>Runs the command line to the end in a process of its own.</summary>
    private static (int Code, string Err) Run(string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("dotnet", ["exec", typeof(OverParam.Cli.App).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Result);
    }
}
