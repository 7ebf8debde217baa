using System.IO.Compression;
using OverParam.IO;

namespace OverParam.Data;

/// <summary>
/// Reads one array of a NumPy <c>.npz</c> file, as <c>np.savez</c> and <c>np.savez_compressed</c> write it: a zip archive
/// holding NAME.npy for every array NAME (stored or deflated; https://numpy.org/doc/stable/reference/generated/numpy.savez.html).
/// An array is named on the command line as <c>file.npz:NAME</c>, or <c>file.npz</c> alone when it holds one array.
/// Each array is then read as <see cref="Npy"/> reads a file. A file that is not a zip, a missing name (the error lists the
/// names there) or a damaged entry is an <see cref="InputException"/> naming the file.
/// </summary>
public static class Npz
{
    /// <summary>The extension, lower case.</summary>
    public const string Extension = ".npz";

    /// <summary>
    /// Splits <paramref name="spec"/> ("dir/x.npz:X" or "dir/x.npz") into the file and the array's name (null when none is
    /// given); false when <paramref name="spec"/> does not name an .npz file.
    /// </summary>
    public static bool TrySplit(string spec, out string file, out string? name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int at = spec.LastIndexOf(Extension + ":", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            file = spec[..(at + Extension.Length)];
            name = spec[(at + Extension.Length + 1)..];
            return true;
        }
        file = spec;
        name = null;
        return spec.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The array <paramref name="name"/> of <paramref name="file"/>; null: its only array.</summary>
    /// <exception cref="InputException">The file is missing or not a zip, the array is not there, or it does not read as .npy.</exception>
    public static NpyArray Read(string file, string? name)
    {
        if (Directory.Exists(file)) throw InputException.InFile(file, "", "is a folder; expected a .npz file");
        if (!File.Exists(file)) throw InputException.InFile(file, "", "no such file");
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var names = zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)).Select(e => e.FullName[..^4]).ToList();
            string Listed() => names.Count == 0 ? "it holds no .npy arrays" : $"it holds {string.Join(", ", names.Select(n => $"'{n}'"))}";
            if (name == null)
            {
                if (names.Count != 1) throw InputException.InFile(file, "", $"{Listed()}; name one as {file}:NAME");
                name = names[0];
            }
            if (name.Length == 0) throw InputException.InFile(file + ":", "", $"expected an array's name after ':'; {Listed()}");
            var entry = zip.GetEntry(name + ".npy")
                ?? throw InputException.InFile(file, "", $"no array '{name}'; {Listed()} (name one as {file}:{names.FirstOrDefault() ?? "NAME"})");
            string where = $"{file}:{name}";
            if (entry.Length > Array.MaxLength)
                throw InputException.InFile(where, "", $"{entry.Length} bytes uncompressed, more than one array can hold ({Array.MaxLength})");
            var bytes = new byte[entry.Length];
            using (var s = entry.Open()) s.ReadExactly(bytes);
            return Npy.Parse(bytes, where);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw InputException.InFile(file, "", $"not a readable .npz (zip) file: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.InFile(file, "", $"cannot read: {e.Message}");
        }
    }
}
