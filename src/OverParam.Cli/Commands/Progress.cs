using System.Diagnostics;
using System.Globalization;

namespace OverParam.Cli;

/// <summary>
/// Training progress on stderr: a bar redrawn in place on a terminal, or about ten plain lines when stderr is
/// redirected (a log file, a Slurm job), so logs stay readable.
/// </summary>
public sealed class Progress(TextWriter err, bool interactive, int totalSteps)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _plainEvery = Math.Max(1, totalSteps / 10);
    private int _nextPlain;
    private double _lastDraw = double.NegativeInfinity;

    /// <summary>Called at recorded steps with (k, L(k)).</summary>
    public void Report(int step, double loss)
    {
        if (step == 0) _clock.Restart(); // rate of the loop itself, not of the set-up before it
        double t = _clock.Elapsed.TotalSeconds;
        double rate = step / Math.Max(t, 1e-9);
        string text = string.Create(CultureInfo.InvariantCulture, $"step {step}/{totalSteps}  loss {loss:G6}  {rate:F1} steps/s");
        if (interactive)
        {
            if (t - _lastDraw < 0.1 && step < totalSteps) return;
            _lastDraw = t;
            int width = 24, filled = totalSteps == 0 ? width : (int)((long)width * step / totalSteps);
            err.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
            if (step >= totalSteps) err.WriteLine();
        }
        else if (step >= _nextPlain || step == totalSteps)
        {
            err.WriteLine($"overparam: {text}");
            _nextPlain = step + _plainEvery;
        }
    }

    /// <summary>Ends the bar's line (a run may stop before the last step).</summary>
    public void Done()
    {
        if (interactive) err.WriteLine();
    }
}
