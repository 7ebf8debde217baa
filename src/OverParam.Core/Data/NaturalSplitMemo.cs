using System.Collections.Concurrent;

namespace OverParam.Data;

/// <summary>
/// The natural data splits read in this process, each read once: a sweep or a reproduction prepares hundreds of trials
/// on the same files (the quick Kawaguchi run checks and then trains 460 trials on Fashion-MNIST), and each read
/// decompresses the IDX files, hashes them and, for <c>--center</c>, sums the training split again: about 0.2 s a trial,
/// a third of its small trials' time. A split is keyed by its files' full paths, lengths and modification times, so a
/// file replaced or edited is read again; what is kept is what the files hold (the arrays are never written), so no
/// result can differ from a fresh read. The one static store of the library: a memo of immutable file contents, not a
/// setting (backend, parallelism, seeds and writers are still passed in). At most <see cref="Capacity"/> splits are kept.
/// </summary>
internal static class NaturalSplitMemo
{
    /// <summary>The splits kept; past it the memo is emptied (a test run reads many small fixture folders).</summary>
    public const int Capacity = 8;

    private static readonly ConcurrentDictionary<string, Lazy<NaturalSplit>> Splits = new();
    private static readonly ConcurrentDictionary<(NaturalSplit, string), Lazy<double[]>> Means = new();

    /// <summary>The split stored in <paramref name="files"/>, read by <paramref name="read"/> unless it was read already.
    /// A read that throws is not kept.</summary>
    public static NaturalSplit Split(IReadOnlyList<string> files, Func<NaturalSplit> read)
    {
        string key = string.Join("\n", files.Select(Fingerprint));
        if (Splits.Count >= Capacity && !Splits.ContainsKey(key)) { Splits.Clear(); Means.Clear(); }
        var lazy = Splits.GetOrAdd(key, _ => new Lazy<NaturalSplit>(read, LazyThreadSafetyMode.ExecutionAndPublication));
        try { return lazy.Value; }
        catch { Splits.TryRemove(key, out _); throw; }
    }

    /// <summary>The mean image of <paramref name="train"/> over the classes <paramref name="kept"/>, computed by
    /// <paramref name="compute"/> once per split and set of classes (in their order).</summary>
    public static double[] Mean(NaturalSplit train, IReadOnlyList<int> kept, Func<double[]> compute) =>
        Means.GetOrAdd((train, string.Join(",", kept)), _ => new Lazy<double[]>(compute, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Path, length and modification time of a file (a missing file still has a key: reading it throws).</summary>
    private static string Fingerprint(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : $"{info.FullName}|missing";
    }
}
