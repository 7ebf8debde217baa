using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OverParam.IO;

/// <summary>
/// What a killed run leaves behind, found by the names the tool gives its temporary entries, each carrying the id of the
/// process that made it and, for folders, the machine it ran on (<see cref="Tag"/>): staging folders
/// <c>.NAME.partial-PID-GUID-HOST</c> (<see cref="OutputFolder"/>), earlier results set aside during a commit
/// <c>.NAME.old-PID-GUID-HOST</c>, write probes <c>.overparam-probe-PID-GUID-HOST</c>, and temporary files
/// <c>.NAME.PID.GUID.tmp</c> (<see cref="AtomicFile"/>). Entries whose process is gone are removed; an earlier result set
/// aside is put back when nothing has taken its place. Entries of running processes, and folders another machine made
/// (a Slurm array on a shared file system: its process ids mean nothing here), are left alone.
/// </summary>
public static partial class Orphans
{
    [GeneratedRegex(@"^\.(?<name>.+)\.(?<kind>partial|old)-(?<pid>\d+)-[0-9a-f]{32}(?:-(?<host>[A-Za-z0-9]{1,32}))?$")]
    private static partial Regex FolderName();

    [GeneratedRegex(@"^\..+\.(?<pid>\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempFileName();

    [GeneratedRegex(@"^\.overparam-probe-(?<pid>\d+)-[0-9a-f]{32}(?:-(?<host>[A-Za-z0-9]{1,32}))?$")]
    private static partial Regex ProbeName();

    /// <summary>This machine's name as names carry it: its letters and digits, at most 32.</summary>
    public static readonly string Host = new string([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit).Take(32)]) is { Length: > 0 } h ? h : "host";

    /// <summary>"PID-GUID-HOST": what a temporary folder's name carries after its kind, new each call.</summary>
    public static string Tag() => $"{Environment.ProcessId}-{Guid.NewGuid():N}-{Host}";

    /// <summary>The longest <see cref="Tag"/>: a PID of up to 10 digits, 32 hex digits, a host of up to 32 characters, two dashes.</summary>
    public const int TagLength = 10 + 1 + 32 + 1 + 32;

    /// <summary>Cleans <paramref name="dir"/> (not its subfolders); returns the entries removed or restored.</summary>
    public static IReadOnlyList<string> Remove(string dir)
    {
        var done = new List<string>();
        if (!Directory.Exists(dir)) return done;
        foreach (var path in Directory.EnumerateDirectories(dir, ".*"))
        {
            string name = Path.GetFileName(path);
            if (FolderName().Match(name) is { Success: true } m && Here(m) && !Alive(m.Groups["pid"].Value))
            {
                string original = Path.Combine(dir, m.Groups["name"].Value);
                if (m.Groups["kind"].Value == "old" && !Directory.Exists(original) && !File.Exists(original)) Directory.Move(path, original);
                else TryDelete(path, directory: true);
                done.Add(path);
            }
            else if (ProbeName().Match(name) is { Success: true } p && Here(p) && !Alive(p.Groups["pid"].Value))
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

    /// <summary>Whether the entry was made on this machine (an entry without a host is taken as local).</summary>
    private static bool Here(Match m) => !m.Groups["host"].Success || m.Groups["host"].Value == Host;

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
