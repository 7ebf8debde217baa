using System.Runtime.ExceptionServices;

namespace OverParam.Numerics;

/// <summary>Work over an index range [start, end), run in pieces.</summary>
public interface IRangeJob
{
    /// <summary>Does the work for indices start..end−1.</summary>
    void Run(int start, int end);
}

/// <summary>
/// Splits elementwise work between the calling thread and one persistent worker, allocating nothing per call (unlike
/// Parallel.For, whose closures and tasks would allocate in every training step). With one thread, or a range shorter
/// than <see cref="MinSplit"/>, the caller does it all. Dispose to stop the worker.
/// </summary>
public sealed class WorkSplitter : IDisposable
{
    /// <summary>Ranges shorter than this are not split: the hand-off (~10 µs) would cost more than it saves.</summary>
    public const int MinSplit = 1 << 16;

    private readonly Thread? _worker;
    private readonly SemaphoreSlim _go = new(0), _done = new(0);
    private IRangeJob? _job;
    private int _start, _end;
    private volatile bool _stop;
    private ExceptionDispatchInfo? _error;

    /// <param name="threads">1: no worker; 2 or more: one worker (two threads in all).</param>
    public WorkSplitter(int threads)
    {
        if (threads < 2) return;
        _worker = new Thread(Loop) { IsBackground = true, Name = "overparam-elementwise" };
        _worker.Start();
    }

    /// <summary>Runs <paramref name="job"/> over [0, length), halves on two threads.</summary>
    public void Run(IRangeJob job, int length)
    {
        if (_worker == null || length < MinSplit)
        {
            job.Run(0, length);
            return;
        }
        int half = (length / 2) & ~63; // keep both halves aligned to whole vectors
        (_job, _start, _end) = (job, half, length);
        _go.Release();
        job.Run(0, half);
        _done.Wait();
        if (_error is { } e)
        {
            _error = null;
            e.Throw();
        }
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            if (_stop) return;
            try { _job!.Run(_start, _end); }
            catch (Exception e) { _error = ExceptionDispatchInfo.Capture(e); }
            _done.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_worker == null) return;
        _stop = true;
        _go.Release();
        _worker.Join();
        _go.Dispose();
        _done.Dispose();
    }
}
