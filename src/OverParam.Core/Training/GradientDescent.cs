using System.Diagnostics;
using System.Numerics;
using OverParam.Models;

namespace OverParam.Training;

/// <summary>How a run ended.</summary>
/// <param name="Metrics">Everything recorded.</param>
/// <param name="StepsRun">Gradient steps taken.</param>
/// <param name="FinalLoss">L at the last step.</param>
/// <param name="Converged">L ≤ ε was reached.</param>
/// <param name="Diverged">The loss became NaN/Inf or exceeded <see cref="GradientDescent.DivergenceFactor"/> × L(0).</param>
/// <param name="Message">A one-line account of the end.</param>
/// <param name="Seconds">Wall time of the loop.</param>
public sealed record RunOutcome(Metrics Metrics, int StepsRun, double FinalLoss, bool Converged, bool Diverged, string Message, double Seconds);

/// <summary>The schedule of a run.</summary>
/// <param name="LearningRate">η.</param>
/// <param name="Steps">K, the most steps.</param>
/// <param name="Tolerance">Stop at L(k) ≤ ε (0: never).</param>
/// <param name="RecordEvery">Record every s steps.</param>
/// <param name="GramEvery">Measure the Gram matrices every g steps (0: never).</param>
/// <param name="RelativeTolerance">Stop at L(k) ≤ ε_rel · L(0) (0: never), the success criterion of <c>overparam threshold</c>.</param>
public sealed record Schedule(double LearningRate, int Steps, double Tolerance, int RecordEvery, int GramEvery, double RelativeTolerance = 0)
{
    /// <summary>Whether the Gram matrices are measured at recorded step k: every GramEvery steps (0: never) and at the last.</summary>
    public bool MeasuresGram(int k, bool last) => GramEvery > 0 && (k % GramEvery == 0 || last);
}

/// <summary>
/// A probe of what the proofs rely on, plugged into the loop: it declares its columns and writes them at each recorded
/// step, from the network's last forward pass (at W(k)); <see cref="Advance"/> follows each gradient step.
/// </summary>
public interface IRecorder
{
    /// <summary>The columns this recorder writes, in the order metrics.csv shows them.</summary>
    IReadOnlyList<MetricColumn> Columns { get; }

    /// <summary>Writes this recorder's cells of the current row for step k with loss L(k); <paramref name="last"/> marks the run's last step.</summary>
    void Record(int k, double loss, bool last, Metrics row);

    /// <summary>Called after each gradient step (e.g. to advance the infinite-width prediction one step too).</summary>
    void Advance() { }
}

/// <summary>
/// Full-batch gradient descent with a fixed step, one loop for every model: forward, record, stop, step.
/// </summary>
public static class GradientDescent
{
    /// <summary>A loss above 1e6 × L(0) counts as divergence: GD in the theorems' regime never raises the loss.</summary>
    public const double DivergenceFactor = 1e6;

    /// <summary>
    /// Runs GD on <paramref name="net"/> from its current weights. At every step k: the forward pass and L(k); at recorded
    /// steps (every s, and the last) each recorder writes its columns; stop on convergence, divergence or K steps; the
    /// gradient step W(k+1) = W(k) − η∇L; the recorders advance. <paramref name="progress"/> gets (k, L(k)) at recorded steps.
    /// </summary>
    public static RunOutcome Run<T>(IGradientNetwork<T> net, Schedule s, IReadOnlyList<IRecorder> recorders,
        Action<int, double>? progress = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var probes = recorders.ToArray(); // iterated as an array: the loop allocates nothing per step
        var metrics = new Metrics(s.Steps / s.RecordEvery + 2, [MetricColumns.Step, MetricColumns.Loss, .. probes.SelectMany(r => r.Columns)]);
        T eta = T.CreateTruncating(s.LearningRate);
        var clock = Stopwatch.StartNew();
        var stop = new StopRule(s);
        double loss;
        int k = 0;
        for (; ; k++)
        {
            loss = net.Forward();                                      // 1. forward pass, L(k)
            bool last = stop.IsLast(k, loss);
            if (stop.Records(k, last))                                 // 2. what the proofs rely on
            {
                metrics.BeginRow();
                metrics.Set(MetricColumns.Step, k);
                metrics.Set(MetricColumns.Loss, loss);
                foreach (var r in probes) r.Record(k, loss, last, metrics);
                progress?.Invoke(k, loss);
            }
            if (last) break;
            net.Step(eta);                                             // 3. W(k+1) = W(k) − η∇L(W(k))
            foreach (var r in probes) r.Advance();
        }
        return stop.Outcome(metrics, k, loss, clock.Elapsed.TotalSeconds);
    }
}
