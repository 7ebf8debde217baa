namespace OverParam.IO;

/// <summary>
/// Where a long piece of work stands: which part of it runs (part 3 of 6), how many of that part's items are done, how
/// long the part has run, and about how long it has left. The library's long routines (sweeps, threshold searches,
/// reproductions, the tiled and distributed kernels, predict, training) report these through an
/// <see cref="IProgress{T}"/> of this record; the command line draws them (a live display on a terminal, plain lines in a
/// log). <see cref="PartProgress"/> makes them, <see cref="TimeLeft"/> estimates the time left.
/// </summary>
/// <param name="Part">The part that runs, 1-based.</param>
/// <param name="Parts">How many parts the whole work has (1 for a plain sweep).</param>
/// <param name="Name">The part's name (a sweep's name, "natural-vs-random", "forming H").</param>
/// <param name="Done">Items of the part done (for a part measured as a fraction, <see cref="Unit"/> empty: hundredths).</param>
/// <param name="Total">Items in the part; 0 when unknown (an iteration that stops when it converges, one LAPACK call).</param>
/// <param name="Elapsed">Time since the part (or its stage) began.</param>
/// <param name="Left">The estimated time left in the part (or its stage); null until an item is done, or when
/// <paramref name="Total"/> is unknown.</param>
public sealed record ProgressUpdate(int Part, int Parts, string Name, long Done, long Total, TimeSpan Elapsed, TimeSpan? Left)
{
    /// <summary>What an item is ("trial", "run", "tile", "step"); empty: the part is measured in percent.</summary>
    public string Unit { get; init; } = "item";

    /// <summary>A stage within the part whose items these are (a threshold search's "round 2"), or null.</summary>
    public string? Stage { get; init; }

    /// <summary>A short note on the latest item ("loss 0.0123", "width-50_seed-0-… in 1.2 s"), or null.</summary>
    public string? Detail { get; init; }

    /// <summary>Whether the part (or stage) has ended: every item done, or it stopped early (a run that met its tolerance).</summary>
    public bool Ended { get; init; }

    /// <summary>Whether the part (or stage) has ended or has every item done.</summary>
    public bool Finished => Ended || (Total > 0 && Done >= Total);
}

/// <summary>Relabels the updates of a routine that reports one part as part <c>part</c> of <c>parts</c> of a larger work
/// (a reproduction's parts): the routine's own part name moves to the stage when it has none.</summary>
/// <param name="outer">Where the relabelled updates go (null: nowhere).</param>
/// <param name="part">The part, 1-based.</param>
/// <param name="parts">How many parts the larger work has.</param>
/// <param name="name">The part's name in the larger work.</param>
public sealed class PartOf(IProgress<ProgressUpdate>? outer, int part, int parts, string name) : IProgress<ProgressUpdate>
{
    /// <inheritdoc/>
    public void Report(ProgressUpdate value) =>
        outer?.Report(value with { Part = part, Parts = parts, Name = name, Stage = value.Stage ?? (value.Parts > 1 ? value.Name : null) });
}
