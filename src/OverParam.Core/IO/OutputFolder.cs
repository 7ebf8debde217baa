namespace OverParam.IO;

/// <summary>
/// An output folder that appears whole or not at all. Files are written into a hidden staging folder beside the
/// destination (<c>.NAME.partial-PID-GUID</c>); <see cref="Commit"/> renames it into place, or, when the destination
/// already exists, moves each file over the old one with <c>summary.json</c> last, so a folder holding a summary always
/// holds the files it describes. Disposing without committing removes the staging folder.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    /// <summary>Written last on commit: its presence marks a complete result.</summary>
    public const string SummaryFile = "summary.json";

    private readonly string _target;
    private bool _committed;

    private OutputFolder(string target)
    {
        _target = Path.GetFullPath(target);
        string parent = Path.GetDirectoryName(_target) ?? ".";
        Directory.CreateDirectory(parent);
        Staging = Path.Combine(parent, $".{Path.GetFileName(_target)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Staging);
    }

    /// <summary>The staging folder files are written into.</summary>
    public string Staging { get; }

    /// <summary>The final folder.</summary>
    public string Target => _target;

    /// <summary>Starts a staged folder for <paramref name="target"/>.</summary>
    public static OutputFolder Begin(string target) => new(target);

    /// <summary>The staging path of <paramref name="file"/>.</summary>
    public string PathOf(string file) => Path.Combine(Staging, file);

    /// <summary>Moves the staged files into the destination.</summary>
    public void Commit()
    {
        if (!Directory.Exists(_target))
        {
            Directory.Move(Staging, _target);
        }
        else
        {
            var files = Directory.GetFiles(Staging)
                .OrderBy(f => Path.GetFileName(f) == SummaryFile ? 1 : 0)
                .ThenBy(f => f, StringComparer.Ordinal);
            string oldSummary = Path.Combine(_target, SummaryFile);
            if (File.Exists(oldSummary)) File.Delete(oldSummary); // the folder stops looking complete while it changes
            foreach (var f in files) File.Move(f, Path.Combine(_target, Path.GetFileName(f)), overwrite: true);
            Directory.Delete(Staging, recursive: true);
        }
        _committed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_committed) return;
        try { Directory.Delete(Staging, recursive: true); }
        catch (IOException) { /* best effort; the name marks it as partial */ }
    }
}
