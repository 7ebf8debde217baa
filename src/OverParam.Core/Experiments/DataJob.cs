using OverParam.Data;
using OverParam.IO;

namespace OverParam.Experiments;

/// <summary>What <c>overparam data</c> wrote.</summary>
/// <param name="Source">The data as described in summaries.</param>
/// <param name="N">n.</param>
/// <param name="D">d.</param>
/// <param name="TargetWidth">K: columns of y.npy (1: one target per row).</param>
/// <param name="Folder">The output folder.</param>
/// <param name="Files">The files written.</param>
public sealed record DataResult(string Source, int N, int D, int TargetWidth, string Folder, IReadOnlyList<string> Files);

/// <summary>
/// Writes the tool's input exactly as training and the kernels see it, so that a user can check it in NumPy: X.npy (n × d
/// float64, after every preprocessing step), y.npy (the targets: n, or n × K one-hot for more than two classes), for natural
/// data classes.npy (int64, the class of each row), with --project projection.npy (the d × D matrix P, float64: X.npy
/// before --normalize is the prepared inputs times P) and summary.json (<see cref="DataSummary"/>: the source files with their
/// SHA-256, the counts per class, the preprocessing).
/// </summary>
public static class DataJob
{
    /// <summary>Runs the job; everything is checked before anything is written.</summary>
    public static DataResult Run(DataSpec spec, string outDir, Action<string>? note = null)
    {
        OutputFolder.Check(outDir);
        var natural = NaturalData.Parse(spec.Data) is { } nd ? spec.LoadNatural(nd) : null;
        // The data exactly as training sees it: a natural data set's own targets, or the labels --labels names instead
        // (checked as train and gram check them), normalized when asked.
        var data = natural != null ? spec.FromNatural(natural) : spec.Load();
        int n = data.N, d = data.D, width = data.Outputs;
        bool own = natural != null && spec.Labels is null or "random";
        note?.Invoke($"data: {data.Source}: n = {n}, d = {d}");
        using var folder = OutputFolder.Begin(outDir);
        var files = new List<string> { "X.npy" };
        Npy.Write(folder.PathOf("X.npy"), data.X, n, d);
        if (data.Y != null)
        {
            if (width == 1) Npy.Write(folder.PathOf("y.npy"), data.Y, n);
            else Npy.Write(folder.PathOf("y.npy"), data.Y, n, width);
            files.Add("y.npy");
        }
        if (natural != null)
        {
            Npy.WriteInt64(folder.PathOf("classes.npy"), natural.Classes, n);
            files.Add("classes.npy");
        }
        if (data.Projection is { } p)
        {
            Npy.Write(folder.PathOf("projection.npy"), p.Matrix, p.InputD, p.OutputD);
            files.Add("projection.npy");
        }
        files.Add(OutputFolder.SummaryFile);
        var summary = new DataSummary(data.Source, n, d,
            data.Y == null ? "none" : !own ? "one per row" : width == 1 ? "±1: +1 for the first class kept, −1 for the second" : $"one-hot, {width} columns",
            spec.Normalize, spec.Project, data.Projection is { } q ? ProjectionEntry.Of(q) : null, spec.Seed, files, Provenance.Now("none"));
        if (natural != null) summary = summary.WithNatural(natural, spec);
        AtomicFile.WriteAllText(folder.PathOf(OutputFolder.SummaryFile), Json.Write(summary));
        string where = folder.Commit();
        return new DataResult(data.Source, n, d, width, where, files);
    }
}
