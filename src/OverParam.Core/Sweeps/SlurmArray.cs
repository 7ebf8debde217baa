using System.Diagnostics;
using System.Globalization;
using OverParam.IO;

namespace OverParam.Sweeps;

/// <summary>
/// The Slurm executor: a sweep's unfinished trials as one job array. <see cref="WriteScript"/> writes
/// <c>slurm/array.sh</c>, whose task i runs <c>overparam sweep run-trial DIR --index $SLURM_ARRAY_TASK_ID</c>;
/// <see cref="Submit"/> runs <c>sbatch --wait --array=…%jobs</c>. Trials write their folders atomically into the shared
/// sweep folder, so resume, status and aggregation work exactly as with the local executor.
/// </summary>
public static class SlurmArray
{
    /// <summary>Writes the array script; <paramref name="command"/> is how a compute node starts overparam (quoted words).</summary>
    /// <param name="folder">The sweep folder (on a file system the nodes share).</param>
    /// <param name="command">E.g. ["/usr/bin/dotnet", "exec", "/path/overparam.dll"].</param>
    /// <param name="cpusPerTask">Cores each trial asks for.</param>
    /// <param name="name">The job's name.</param>
    public static string WriteScript(SweepFolder folder, IReadOnlyList<string> command, int cpusPerTask, string name)
    {
        string dir = Path.Combine(folder.Dir, "slurm");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "array.sh");
        string run = string.Join(' ', command.Select(Quote));
        AtomicFile.WriteAllText(path, $"""
            #!/usr/bin/env bash
            #SBATCH --job-name={Quote("overparam-" + name)}
            #SBATCH --output={Quote(Path.Combine(dir, "%A_%a.out"))}
            #SBATCH --cpus-per-task={cpusPerTask.ToString(CultureInfo.InvariantCulture)}
            # One trial of the sweep in {folder.Dir}, chosen by the array index (written by overparam).
            set -euo pipefail
            exec {run} sweep run-trial {Quote(folder.Dir)} --index "$SLURM_ARRAY_TASK_ID"

            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\"'\"'") + "'";

    /// <summary>The --array value: the pending indices, at most <paramref name="jobs"/> running at once.</summary>
    public static string ArraySpec(IReadOnlyList<int> indices, int jobs) =>
        string.Join(',', indices.Select(i => i.ToString(CultureInfo.InvariantCulture))) + (jobs > 0 ? $"%{jobs}" : "");

    /// <summary>How often <see cref="Submit"/> calls its watcher while sbatch waits.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Submits the array and waits for it (sbatch --wait); returns sbatch's exit code and output. <paramref name="watch"/>,
    /// if given, is called every <see cref="WatchInterval"/> while sbatch waits, and once after.
    /// </summary>
    /// <exception cref="InputException">sbatch is not installed.</exception>
    public static (int ExitCode, string Output) Submit(string script, IReadOnlyList<int> indices, int jobs, Action? watch = null)
    {
        var psi = new ProcessStartInfo("sbatch", ["--wait", "--parsable", $"--array={ArraySpec(indices, jobs)}", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InputException("--executor slurm: sbatch not found (Debian: apt-get install slurm-wlm); or use --executor local");
        }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEndAsync();
            while (!p.WaitForExit(WatchInterval)) watch?.Invoke();
            p.WaitForExit(); // the streams' ends
            watch?.Invoke();
            return (p.ExitCode, (output.Result + err.Result).Trim());
        }
    }

    /// <summary>
    /// A watcher for <see cref="Submit"/>: each call reports to <paramref name="progress"/> the trials of
    /// <paramref name="trials"/> that have newly appeared finished in the folder (null without progress).
    /// </summary>
    public static Action? Watch(SweepFolder folder, IReadOnlyList<Trial> trials, PartProgress? progress)
    {
        if (progress == null) return null;
        var seen = new HashSet<string>();
        progress.Start();
        return () =>
        {
            foreach (var t in trials)
                if (!seen.Contains(t.Id) && folder.State(t.Id) is TrialState.Done or TrialState.Failed && seen.Add(t.Id))
                    progress.Complete(TrialCost.Of(t.Settings), $"{t.Id} {folder.State(t.Id).ToString().ToLowerInvariant()}");
        };
    }
}
