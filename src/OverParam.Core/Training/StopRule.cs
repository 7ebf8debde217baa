namespace OverParam.Training;

/// <summary>
/// When a gradient-descent run stops, shared by every training loop: after K steps, at L ≤ ε, or on divergence
/// (a NaN/Inf loss, or one above <see cref="GradientDescent.DivergenceFactor"/> × L(0)).
/// </summary>
public struct StopRule(Schedule schedule)
{
    private double _initial = double.NaN;

    /// <summary>L(0), once step 0 has been seen.</summary>
    public readonly double Initial => _initial;

    /// <summary>Whether the run diverged at the last step seen.</summary>
    public bool Diverged { get; private set; }

    /// <summary>Whether it converged (L ≤ ε).</summary>
    public bool Converged { get; private set; }

    /// <summary>Takes L(k); returns whether step k is the last.</summary>
    public bool IsLast(int k, double loss)
    {
        if (k == 0) _initial = loss;
        Diverged = !double.IsFinite(loss) || (_initial > 0 && loss > GradientDescent.DivergenceFactor * _initial);
        Converged = loss <= schedule.Tolerance || (schedule.RelativeTolerance > 0 && loss <= schedule.RelativeTolerance * _initial);
        return k == schedule.Steps || Diverged || Converged;
    }

    /// <summary>Whether step k is recorded.</summary>
    public readonly bool Records(int k, bool last) => k % schedule.RecordEvery == 0 || last;

    /// <summary>The run's outcome.</summary>
    public readonly RunOutcome Outcome(Metrics metrics, int k, double loss, double seconds) => new(metrics, k, loss, Converged, Diverged,
        Diverged ? $"diverged at step {k}: loss = {loss:G6} (L(0) = {_initial:G6})"
        : Converged ? $"converged at step {k}: loss = {loss:G6} ≤ " + (loss <= schedule.Tolerance ? $"tol = {schedule.Tolerance:G3}" : $"rel_tol · L(0) = {schedule.RelativeTolerance:G3} · {_initial:G6}")
        : $"ran {k} steps: loss = {loss:G6}", seconds);
}
