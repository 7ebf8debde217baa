namespace OverParam.IO;

/// <summary>
/// Counts one part of a long piece of work and reports it as <see cref="ProgressUpdate"/>s: items completed (each with
/// its cost, <see cref="TimeLeft"/>), a count reached (training steps), or a fraction done (a factorization's flops).
/// Safe to call from parallel workers; every call reports at once, and the renderer decides what to draw. With no sink
/// nothing is reported and the counting is nearly free.
/// </summary>
public sealed class PartProgress
{
    private readonly IProgress<ProgressUpdate>? _sink;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly ProgressUpdate _shape;
    private readonly double _totalCost;
    private long _start, _done;
    private double _doneCost;
    private bool _ended;

    /// <summary>A part of <paramref name="total"/> items of equal cost (0: unknown, as for an iteration that stops when it converges).</summary>
    /// <param name="sink">Where updates go (null: nowhere).</param>
    /// <param name="name">The part's name.</param>
    /// <param name="unit">What an item is ("trial", "tile"); empty: the part is measured in percent (<see cref="Fraction"/>).</param>
    /// <param name="total">Items in the part.</param>
    /// <param name="part">The part, 1-based.</param>
    /// <param name="parts">How many parts the work has.</param>
    /// <param name="stage">A stage within the part ("round 2"), or null.</param>
    /// <param name="clock">The clock (tests pass their own; null: the system's).</param>
    public PartProgress(IProgress<ProgressUpdate>? sink, string name, string unit, long total, int part = 1, int parts = 1, string? stage = null,
        TimeProvider? clock = null)
        : this(sink, name, unit, total, total, part, parts, stage, clock)
    {
    }

    /// <summary>A part whose items have the given costs (their shares of the work; the time left weighs them).</summary>
    public PartProgress(IProgress<ProgressUpdate>? sink, string name, string unit, IReadOnlyCollection<double> costs, int part = 1, int parts = 1,
        string? stage = null, TimeProvider? clock = null)
        : this(sink, name, unit, costs.Count, costs.Sum(), part, parts, stage, clock)
    {
    }

    private PartProgress(IProgress<ProgressUpdate>? sink, string name, string unit, long total, double totalCost, int part, int parts, string? stage,
        TimeProvider? clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (part < 1 || part > parts) throw new ArgumentOutOfRangeException(nameof(part), $"part {part} of {parts}");
        (_sink, _clock, _totalCost) = (sink, clock ?? TimeProvider.System, totalCost);
        _shape = new ProgressUpdate(part, parts, name, 0, total, TimeSpan.Zero, null) { Unit = unit, Stage = stage };
        _start = _clock.GetTimestamp();
    }

    /// <summary>Restarts the clock and reports the part as begun, nothing done ("estimating…").</summary>
    public void Start()
    {
        lock (_gate)
        {
            _start = _clock.GetTimestamp();
            (_done, _doneCost, _ended) = (0, 0, false);
            Send(null);
        }
    }

    /// <summary>One item done, of cost <paramref name="cost"/> (1 for parts of equal items).</summary>
    public void Complete(double cost = 1, string? detail = null)
    {
        lock (_gate)
        {
            if (_ended) return;
            _done++;
            _doneCost += cost;
            Send(detail);
        }
    }

    /// <summary><paramref name="done"/> items of equal cost reached (training: step k of K).</summary>
    public void Reach(long done, string? detail = null)
    {
        lock (_gate)
        {
            if (_ended) return;
            (_done, _doneCost) = (done, done);
            Send(detail);
        }
    }

    /// <summary>A fraction in [0, 1] of the part done (its cost measured in flops); reported in hundredths.</summary>
    public void Fraction(double fraction, string? detail = null)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        lock (_gate)
        {
            if (_ended) return;
            (_done, _doneCost) = ((long)Math.Floor(fraction * _shape.Total), fraction * _totalCost);
            Send(detail);
        }
    }

    /// <summary>Reports the part as ended where it stands (every item done, or stopped early); later calls report nothing.</summary>
    public void End(string? detail = null)
    {
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            Send(detail);
        }
    }

    /// <summary>Time since the part began.</summary>
    public TimeSpan Elapsed => _clock.GetElapsedTime(_start);

    private void Send(string? detail)
    {
        if (_sink == null) return;
        var elapsed = Elapsed;
        _sink.Report(_shape with
        {
            Done = _done,
            Elapsed = elapsed,
            Left = TimeLeft.Estimate(_doneCost, _totalCost, elapsed),
            Detail = detail,
            Ended = _ended,
        });
    }
}
