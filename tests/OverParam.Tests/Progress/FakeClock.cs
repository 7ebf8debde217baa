namespace OverParam.Tests.Progress;

/// <summary>A clock that moves only when told: timestamps in ticks, so elapsed times are exact.</summary>
internal sealed class FakeClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    /// <summary>Moves the clock on by <paramref name="seconds"/>.</summary>
    public void Advance(double seconds) => _ticks += (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}

/// <summary>Keeps every update reported to it.</summary>
internal sealed class Recorder : IProgress<OverParam.IO.ProgressUpdate>
{
    public List<OverParam.IO.ProgressUpdate> Updates { get; } = [];

    public void Report(OverParam.IO.ProgressUpdate value)
    {
        lock (Updates) Updates.Add(value);
    }
}
