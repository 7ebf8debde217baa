using System.Globalization;
using OverParam.Sweeps;

namespace OverParam.Thresholds;

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
public sealed record RunRecord(string TrialId, int N, int Width, int Seed, bool Succeeded, int StepsUsed, double InitialLoss, double FinalLoss,
    bool Diverged, long Parameters)
{
    /// <summary>
    /// Reads a finished trial and judges it. Loss criterion: L(k) ≤ ε·L(0) at its last step (the run stops at the first
    /// such step: train's --rel-tol). Accuracy criterion: train_accuracy = 1 at some recorded step. Optimum
    /// criterion: the least-squares loss L* of summary.json ≤ ε·L(0).
    /// </summary>
    public static RunRecord Judge(TrialData t, ThresholdSpec spec)
    {
        var inv = CultureInfo.InvariantCulture;
        int n = int.Parse(t.Trial.Axes["n"], inv), m = int.Parse(t.Trial.Axes["width"], inv), seed = int.Parse(t.Trial.Axes["seed"], inv);
        double l0 = t.Number("initial_loss"), last = t.Number("final_loss");
        bool diverged = t.Summary["diverged"]?.GetValue<bool>() ?? false;
        int stepsRun = (int)t.Number("steps_run");
        bool ok;
        int used = stepsRun;
        switch (spec.Criterion)
        {
            case SuccessCriterion.Loss:
                ok = !diverged && last <= spec.Tolerance * l0;
                break;
            case SuccessCriterion.Accuracy:
                var acc = t.Column("train_accuracy");
                var steps = t.Column("step");
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
        return new RunRecord(t.Trial.Id, n, m, seed, ok, used, l0, last, diverged, parameters);
    }
}
