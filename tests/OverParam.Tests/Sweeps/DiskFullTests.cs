using OverParam.Tests.Cli;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// A disk that fills up mid-run, on a small tmpfs the test mounts (root, as CI runs): the command exits 1 with one line,
/// leaves no temporary file or staging folder, keeps what it had finished whole, and completes when run again once
/// there is space. Before the fix, sweep and threshold exited 70 (an AggregateException from the parallel trials) and a
/// zero-byte temporary file survived every later run.
/// </summary>
public class DiskFullTests
{
    /// <summary>Space left free on the small disk: more than a probe folder takes, less than any command here writes.</summary>
    private const int FreeKib = 24;

    private const string Spec = "name: full\nbase: { n: 20, d: 5, labels: sign, steps: 50, width: 50, gram_every: 0 }\naxes: { seed: [0, 1, 2, 3] }\n";

    public static TheoryData<string> Commands => new() { "sweep", "threshold", "gram", "reproduce" };

    private static string[] Command(string kind, string spec, string outDir) => kind switch
    {
        "sweep" => ["sweep", spec, "--out", outDir],
        "threshold" => ["threshold", "--n", "10,20", "--d", "3", "--labels", "sign", "--seeds", "2", "--steps", "100", "--max-width", "64", "--out", outDir],
        "gram" => ["gram", "--n", "80", "--out", outDir],
        "reproduce" => ["reproduce", "arora2019", "--quick", "--seeds", "1", "--out", outDir],
        _ => throw new ArgumentException(kind),
    };

    [SkippableTheory]
    [MemberData(nameof(Commands))]
    public void A_full_disk_is_exit_1_with_nothing_partial_and_the_run_completes_once_there_is_space(string kind)
    {
        Skip.IfNot(TestMount.TryTmpfs(2048, out var disk, out string why), why);
        using (disk)
        {
            using var dir = new TestData.TempDir();
            File.WriteAllText(dir["spec.yaml"], Spec);
            string outDir = Path.Combine(disk!.Path, "out");
            long free = new DriveInfo(disk.Path).AvailableFreeSpace;
            using (var fill = File.Create(Path.Combine(disk.Path, "fill"))) // written, not SetLength: a sparse file takes no space
                for (long left = free - FreeKib * 1024; left > 0; left -= 4096) fill.Write(new byte[(int)Math.Min(4096, left)]);
            var full = CliRunner.Run(Command(kind, dir["spec.yaml"], outDir));
            Assert.True(full.ExitCode == 1, $"{kind}: exit {full.ExitCode}: {full.Err}");
            Assert.Contains("No space left on device", full.ErrorLine());
            Assert.DoesNotContain("   at ", full.Err);
            Assert.Empty(Leftovers(disk.Path));

            disk.Resize(64 * 1024);
            var again = CliRunner.Run(Command(kind, dir["spec.yaml"], outDir));
            Assert.True(again.ExitCode == 0, $"{kind} after space came back: exit {again.ExitCode}: {again.Err}");
            Assert.Empty(Leftovers(disk.Path));
            Assert.True(File.Exists(Path.Combine(outDir, kind == "gram" ? "summary.json" : "sweep.json")));
        }
    }

    /// <summary>Temporary files, staging folders and write probes anywhere under <paramref name="root"/>.</summary>
    private static List<string> Leftovers(string root) =>
        [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is var n && (n.EndsWith(".tmp", StringComparison.Ordinal) || n.Contains(".partial-", StringComparison.Ordinal)
                || n.Contains(".old-", StringComparison.Ordinal) || n.StartsWith(".overparam-probe", StringComparison.Ordinal)))];
}
