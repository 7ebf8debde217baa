using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OverParam.IO;

/// <summary>
/// What a killed run leaves behind, found by the names the tool gives its temporary entries, each carrying the id of the
/// process that made it: staging folders <c>.NAME.partial-PID-GUID</c> (<see cref="OutputFolder"/>), earlier results set
/// aside during a commit <c>.NAME.old-PID-GUID</c>, temporary files <c>.NAME.PID.GUID.tmp</c> (<see cref="AtomicFile"/>)
/// and write probes <c>.overparam-probe-PID-GUID</c>. Entries whose process is gone are removed; an earlier result set
/// aside is put back when nothing has taken its place. Entries of running processes are left alone.
/// </summary>
public static partial class Orphans
{
    [GeneratedRegex(@"^\.(?<name>.+)\.(?<kind>partial|old)-(?<pid>\d+)-[0-9a-f]{32}$")]
    private static partial Regex FolderName();

    [GeneratedRegex(@"^\..+\.(?<pid>\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempFileName();

    [GeneratedRegex(@"^\.overparam-probe-(?<pid>\d+)-[0-9a-f]{32}$")]
    private static partial Regex ProbeName();

    /// <summary>Cleans <paramref name="dir"/> (not its subfolders); returns the entries removed or restored.</summary>
    public static IReadOnlyList<string> Remove(string dir)
    {
        var done = new List<string>();
        if (!Directory.Exists(dir)) return done;
        foreach (var path in Directory.EnumerateDirectories(dir, ".*"))
        {
            string name = Path.GetFileName(path);
            if (FolderName().Match(name) is { Success: true } m && !Alive(m.Groups["pid"].Value))
            {
                string original = Path.Combine(dir, m.Groups["name"].Value);
                if (m.Groups["kind"].Value == "old" && !Directory.Exists(original) && !File.Exists(original)) Directory.Move(path, original);
                else TryDelete(path, directory: true);
                done.Add(path);
            }
            else if (ProbeName().Match(name) is { Success: true } p && !Alive(p.Groups["pid"].Value))
            {
                TryDelete(path, directory: true);
                done.Add(path);
            }
        }
        foreach (var path in Directory.EnumerateFiles(dir, ".*.tmp"))
            if (TempFileName().Match(Path.GetFileName(path)) is { Success: true } m && !Alive(m.Groups["pid"].Value))
            {
                TryDelete(path, directory: false);
                done.Add(path);
            }
        return done;
    }

    /// <summary>Whether process <paramref name="pid"/> runs (this process counts; so does one this user may not inspect).</summary>
    public static bool Alive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
        catch (System.ComponentModel.Win32Exception) { return true; }
    }

    private static bool Alive(string pid) => !int.TryParse(pid, out int id) || Alive(id);

    private static void TryDelete(string path, bool directory)
    {
        try
        {
            if (directory) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
        catch (IOException) { /* another process got there first */ }
        catch (UnauthorizedAccessException) { /* not ours to remove: left as it is */ }
    }
}
