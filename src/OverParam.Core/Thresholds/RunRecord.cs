using System.Globalization;
using OverParam.Sweeps;
using OverParam.Training;

namespace OverParam.Thresholds;

/// <summary>What a run of a threshold search came to; the value is runs.csv's <c>verdict</c> code.</summary>
public enum RunVerdict
{
    /// <summary>It missed the criterion, and more steps would not have met it (<see cref="LossTrend"/>).</summary>
    Failed = 0,
    /// <summary>It met the criterion.</summary>
    Succeeded = 1,
    /// <summary>It missed the loss criterion, but its loss was still falling fast enough to meet it within the horizon
    /// (<see cref="LossTrend"/>): the step budget, not the run, would decide it. Counted as not succeeded.</summary>
    Undecided = 2,
    /// <summary>It diverged.</summary>
    Diverged = 3,
}

/// <summary>One finished run of a threshold search, as runs.csv lists it.</summary>
/// <param name="TrialId">The trial's id (its folder under trials/).</param>
/// <param name="N">n.</param>
/// <param name="Width">m.</param>
/// <param name="Seed">The initialization seed.</param>
/// <param name="Succeeded">Whether it met the criterion (a diverged run never does).</param>
/// <param name="StepsUsed">The step at which it met the criterion, or the steps it ran when it did not.</param>
/// <param name="InitialLoss">L(0).</param>
/// <param name="FinalLoss">L at its last step.</param>
/// <param name="Diverged">Whether it diverged.</param>
/// <param name="Parameters">Its trainable parameter count.</param>
/// <param name="Steps">Its step budget K (the search's --steps, or a rerun's larger budget).</param>
/// <param name="Undecided">Whether it failed while its loss was still falling fast enough (<see cref="LossTrend"/>).</param>
public sealed record RunRecord(string TrialId, int N, int Width, int Seed, bool Succeeded, int StepsUsed, double InitialLoss, double FinalLoss,
    bool Diverged, long Parameters, int Steps = 0, bool Undecided = false)
{
    /// <summary>Succeeded, diverged, undecided or failed, in that precedence.</summary>
    public RunVerdict Verdict => Succeeded ? RunVerdict.Succeeded : Diverged ? RunVerdict.Diverged : Undecided ? RunVerdict.Undecided : RunVerdict.Failed;

    /// <summary>
    /// Reads a finished trial and judges it. Loss criterion: L(k) ≤ ε·L(0) at its last step (the run stops at the first
    /// such step: train's --rel-tol); a run that missed it without diverging is undecided or failed by
    /// <see cref="LossTrend"/>, against the horizon of its budget under the search's step cap. Accuracy criterion:
    /// train_accuracy = 1 at some recorded step. Optimum criterion: the least-squares loss L* of summary.json ≤ ε·L(0).
    /// </summary>
    public static RunRecord Judge(TrialData t, ThresholdSpec spec)
    {
        var inv = CultureInfo.InvariantCulture;
        int n = int.Parse(t.Trial.Axes["n"], inv), m = int.Parse(t.Trial.Axes["width"], inv), seed = int.Parse(t.Trial.Axes["seed"], inv);
        int budget = int.Parse(t.Trial.Settings["steps"], inv);
        double l0 = t.Number("initial_loss"), last = t.Number("final_loss");
        bool diverged = t.Summary["diverged"]?.GetValue<bool>() ?? false;
        int stepsRun = (int)t.Number("steps_run");
        bool ok, undecided = false;
        int used = stepsRun;
        switch (spec.Criterion)
        {
            case SuccessCriterion.Loss:
                ok = !diverged && last <= spec.Tolerance * l0;
                undecided = !ok && !diverged
                    && LossTrend.StillFalling(t.Column(MetricColumns.Step), t.Column(MetricColumns.Loss), spec.Tolerance * l0, LossTrend.Horizon(budget, spec.StepCap));
                break;
            case SuccessCriterion.Accuracy:
                var acc = t.Column(MetricColumns.TrainAccuracy);
                var steps = t.Column(MetricColumns.Step);
                int first = Array.FindIndex(acc, a => a == 1);
                ok = !diverged && first >= 0;
                if (ok) used = (int)steps[first];
                break;
            case SuccessCriterion.Optimum:
                ok = t.Number("least_squares", "loss") <= spec.Tolerance * l0;
                break;
            default:
                throw new InvalidOperationException($"unknown criterion {spec.Criterion}");
        }
        long parameters = (long)t.Number("settings", "parameters");
        return new RunRecord(t.Trial.Id, n, m, seed, ok, used, l0, last, diverged, parameters, budget, undecided);
    }
}
