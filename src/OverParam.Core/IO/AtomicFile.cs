namespace OverParam.IO;

/// <summary>
/// A file written under a temporary name in the destination folder and renamed over the destination on
/// <see cref="Commit"/>, so a reader never sees a half-written result. Disposing without committing deletes the
/// temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private bool _committed;

    private AtomicFile(string path)
    {
        _path = Path.GetFullPath(path);
        _temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The stream to write to.</summary>
    public FileStream Stream { get; }

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    public static AtomicFile Create(string path) => new(path);

    /// <summary>Flushes to disk and renames the temporary file over the destination.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Writes the whole text atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var f = Create(path);
        using (var w = new StreamWriter(f.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
            w.Write(text);
        f.Commit();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_committed) return;
        // On a full disk closing the stream flushes its buffer and throws again; the temporary file must go all the same
        // (the write's own exception is the one the caller sees).
        try { Stream.Dispose(); }
        catch (IOException) { /* the buffered bytes cannot be written: the file is being discarded anyway */ }
        finally
        {
            try { File.Delete(_temp); } catch (IOException) { /* best effort: the name marks it as temporary, Orphans removes it */ }
        }
    }
}
