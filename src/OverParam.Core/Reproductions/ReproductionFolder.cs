using OverParam.IO;

namespace OverParam.Reproductions;

/// <summary>The folder of a reproduction made of parts (each a sweep in its own subfolder), with a report and claims over them.</summary>
public static class ReproductionFolder
{
    /// <summary>
    /// Checks, before any work, that <paramref name="dir"/> is new, empty, or an earlier run of the reproduction
    /// <paramref name="name"/>: one of the <paramref name="markers"/> is there (by default a part folder's sweep.json), and
    /// nothing but the reproduction's own <paramref name="entries"/>. A folder of the user's files is refused, never
    /// overwritten. Throws <see cref="InputException"/> naming --out.
    /// </summary>
    public static void Check(string dir, IReadOnlyList<string> entries, string name, IReadOnlyList<string>? markers = null)
    {
        string full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new InputException($"--out {full}: a file is there; expected a folder");
        if (Directory.Exists(full))
        {
            var visible = Directory.EnumerateFileSystemEntries(full).Select(e => Path.GetFileName(e)!).Where(e => !e.StartsWith('.')).ToList();
            bool earlier = (markers ?? [.. entries.Select(p => Path.Combine(p, "sweep.json"))]).Any(m => File.Exists(Path.Combine(full, m)));
            if (visible.Count > 0 && (!earlier || visible.Any(e => !entries.Contains(e))))
                throw new InputException($"--out {full}: the folder holds files that are not a {name} run's"
                    + (earlier ? $" ({visible.First(e => !entries.Contains(e))})" : " (no part with sweep.json)") + "; choose a new folder");
        }
        OutputFolder.RequireWritableUnder(full);
    }
}
