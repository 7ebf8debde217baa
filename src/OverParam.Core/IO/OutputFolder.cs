using System.Text;

namespace OverParam.IO;

/// <summary>
/// An output folder that appears whole or not at all, and holds one run's files only. Files are written into a hidden
/// staging folder beside the destination (<c>.NAME.partial-PID-GUID-HOST</c>); <see cref="Commit"/> renames it into place.
/// An earlier result there is first renamed aside (<c>.NAME.old-PID-GUID-HOST</c>) and removed after, so no stale file of an
/// earlier run survives, and a crash between the two renames leaves the earlier result to be put back by the next run
/// (<see cref="Orphans"/>). Disposing without committing removes the staging folder. The destination is checked before
/// any work (<see cref="Check"/>): it must be new, empty, or a folder this tool wrote (it holds summary.json).
/// </summary>
public sealed class OutputFolder : IDisposable
{
    /// <summary>Written last: its presence marks a complete result, and a folder that holds one may be replaced.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The longest file name most file systems take, in UTF-8 bytes.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>What the staging name adds to the destination's name: ".", ".partial-" and the longest <see cref="Orphans.Tag"/>.</summary>
    private const int StagingOverhead = 1 + 9 + Orphans.TagLength;

    private readonly string _target;
    private bool _committed;

    private OutputFolder(string target, string option)
    {
        _target = Check(target, option);
        string parent = Path.GetDirectoryName(_target)!;
        Orphans.Remove(parent);
        Directory.CreateDirectory(parent);
        Staging = Path.Combine(parent, $".{Path.GetFileName(_target)}.partial-{Orphans.Tag()}");
        Directory.CreateDirectory(Staging);
    }

    /// <summary>The staging folder files are written into.</summary>
    public string Staging { get; }

    /// <summary>The final folder.</summary>
    public string Target => _target;

    /// <summary>Starts a staged folder for <paramref name="target"/> (checked first; <paramref name="option"/> names it in errors).</summary>
    public static OutputFolder Begin(string target, string option = "--out") => new(target, option);

    /// <summary>
    /// Checks an output folder before any work and returns its full path: not empty, not a file, within the name length
    /// the staging name allows, under a parent that is a folder and writable, and either new, empty, or a result of this
    /// tool (holding <see cref="SummaryFile"/>), which a new run replaces. Throws <see cref="IO.InputException"/> naming
    /// <paramref name="option"/>.
    /// </summary>
    public static string Check(string target, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(target)) throw new IO.InputException($"{option}: expected a folder, got an empty path");
        string full;
        try { full = Path.GetFullPath(target); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IO.InputException($"{option} '{target}': not a usable path ({e.Message})");
        }
        full = Path.TrimEndingDirectorySeparator(full);
        string name = Path.GetFileName(full);
        if (name.Length == 0) throw new IO.InputException($"{option} '{target}': expected a folder below the root");
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes + StagingOverhead > MaxNameBytes)
            throw new IO.InputException($"{option} '{target}': the name is {bytes} bytes; at most {MaxNameBytes - StagingOverhead} (its staging name adds {StagingOverhead})");
        if (File.Exists(full)) throw new IO.InputException($"{option} {full}: a file is there; expected a folder (new, or one this tool wrote)");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, SummaryFile)))
            throw new IO.InputException($"{option} {full}: the folder holds files that are not an overparam result (no {SummaryFile}); choose a new folder");
        string? ancestor = Path.GetDirectoryName(full);
        while (ancestor != null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor)) throw new IO.InputException($"{option} {full}: {ancestor} is a file, not a folder");
            ancestor = Path.GetDirectoryName(ancestor);
        }
        if (ancestor != null) RequireWritable(ancestor, full, option);
        return full;
    }

    /// <summary>
    /// Checks that <paramref name="target"/> (a folder that may not exist yet) can be written: the folder itself when it
    /// exists, else its nearest existing ancestor. Throws <see cref="IO.InputException"/> naming <paramref name="option"/>.
    /// </summary>
    public static void RequireWritableUnder(string target, string option = "--out")
    {
        string? dir = target;
        while (dir != null && !Directory.Exists(dir)) dir = Path.GetDirectoryName(dir);
        if (dir != null) RequireWritable(dir, target, option);
    }

    /// <summary>Creates and removes a probe folder in <paramref name="dir"/>: the only portable test that it takes new entries.</summary>
    private static void RequireWritable(string dir, string target, string option)
    {
        string probe = Path.Combine(dir, $".overparam-probe-{Orphans.Tag()}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IO.InputException($"{option} {target}: cannot write in {dir} ({e.Message})");
        }
    }

    /// <summary>The staging path of <paramref name="file"/>.</summary>
    public string PathOf(string file) => Path.Combine(Staging, file);

    /// <summary>Moves the staged folder into the destination, replacing an earlier result whole; returns the destination.</summary>
    public string Commit() => CommitTo(_target);

    /// <summary>
    /// Commits a run that failed (e.g. diverged) without replacing an earlier result: into the destination when it holds
    /// none, else beside it as <c>NAME.diverged</c> (replacing an earlier one there). Returns where it went.
    /// </summary>
    public string CommitKeepingEarlier(string suffix)
    {
        bool earlier = Directory.Exists(_target) && Directory.EnumerateFileSystemEntries(_target).Any();
        return CommitTo(earlier ? Check(_target + suffix) : _target);
    }

    private string CommitTo(string target)
    {
        if (Directory.Exists(target))
        {
            string aside = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Orphans.Tag()}");
            Directory.Move(target, aside);
            Directory.Move(Staging, target);
            Directory.Delete(aside, recursive: true);
        }
        else
        {
            Directory.Move(Staging, target);
        }
        _committed = true;
        return target;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_committed) return;
        try { Directory.Delete(Staging, recursive: true); }
        catch (IOException) { /* best effort; the name marks it as partial, and Orphans removes it once this process is gone */ }
    }
}
