using OverParam.IO;

namespace OverParam.Cli;

/// <summary>
/// Progress as plain lines, for stderr in a file or a pipe (a Slurm log, <c>2&gt; log</c>): each line whole, at a bounded
/// rate, with the part, the item counts and the time left (<see cref="ProgressText.Line"/>). A line is written when a part
/// (or stage) begins, when its first estimate of the time left is made (its first item done), when it ends, and in
/// between only when at least <see cref="Interval"/> has passed since the last line and the part has reached a new tenth
/// of its items; so a part writes at most thirteen lines, and a short one three. A part of unknown length (no tenths, no
/// estimate) writes at most one line every six intervals between its first and its last.
/// </summary>
/// <param name="err">Where the lines go.</param>
/// <param name="clock">The clock (tests pass their own; null: the system's).</param>
/// <param name="interval">The least time between two lines within a part (null: <see cref="DefaultInterval"/>).</param>
internal sealed class PlainProgress(TextWriter err, TimeProvider? clock = null, TimeSpan? interval = null) : IProgress<ProgressUpdate>
{
    /// <summary>Five seconds: a few lines a minute at most.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly object _gate = new();
    private string? _key;
    private long _lastLine;
    private long _tenths;
    private bool _endShown, _estimateShown;

    /// <summary>The least time between two lines within a part.</summary>
    public TimeSpan Interval { get; } = interval ?? DefaultInterval;

    /// <inheritdoc/>
    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            string key = $"{value.Part}/{value.Parts}\u001f{value.Name}\u001f{value.Stage}";
            bool begins = key != _key;
            if (begins) (_key, _tenths, _endShown, _estimateShown) = (key, 0, false, false);
            long tenths = value.Total > 0 ? 10 * value.Done / value.Total : 0;
            var since = _clock.GetElapsedTime(_lastLine);
            bool show = begins
                || (value.Finished && !_endShown)
                || (!value.Finished && value.Left != null && !_estimateShown)
                || (!value.Finished && (value.Total > 0 ? since >= Interval && tenths > _tenths : since >= 6 * Interval));
            if (!show) return;
            _lastLine = _clock.GetTimestamp();
            _tenths = tenths;
            _endShown |= value.Finished;
            _estimateShown |= value.Left != null;
            err.WriteLine($"overparam: {ProgressText.Line(value)}");
        }
    }
}
