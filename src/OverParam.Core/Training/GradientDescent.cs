using System.Diagnostics;
using System.Numerics;
using OverParam.Models;
using OverParam.Theory;

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
public sealed record Schedule(double LearningRate, int Steps, double Tolerance, int RecordEvery, int GramEvery)
{
    /// <summary>Whether the Gram matrices are measured at recorded step k: every GramEvery steps (0: never) and at the last.</summary>
    public bool MeasuresGram(int k, bool last) => GramEvery > 0 && (k % GramEvery == 0 || last);
}

/// <summary>Full-batch gradient descent with a fixed step, recording what the proofs rely on.</summary>
public static class GradientDescent
{
    /// <summary>A loss above 1e6 × L(0) counts as divergence: GD in the theorems' regime never raises the loss.</summary>
    public const double DivergenceFactor = 1e6;

    /// <summary>
    /// Runs GD on <paramref name="net"/> from its current weights. At every step k: forward pass and loss at W(k),
    /// record (every s steps), stop on convergence or divergence, gradient, update; the infinite-width prediction
    /// advances alongside. <paramref name="progress"/> is called at each recorded step with (k, L(k)).
    /// </summary>
    /// <param name="net">The network.</param>
    /// <param name="s">Schedule.</param>
    /// <param name="bounds">Theorem 4.1 on this data.</param>
    /// <param name="prediction">The infinite-width residual.</param>
    /// <param name="gram">Measures H(k) at the schedule's Gram steps, or null.</param>
    /// <param name="progress">(k, L(k)) at recorded steps.</param>
    /// <param name="heldOut">A network on held-out data that takes the weights at each recorded step: test_mse = (1/n_t)Σ(f(x) − y)².</param>
    public static RunOutcome Run<T>(TwoLayerNet<T> net, Schedule s, Theorem41 bounds, KernelPrediction prediction,
        GramTracker<T>? gram, Action<int, double>? progress = null, TwoLayerNet<T>? heldOut = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var columns = heldOut == null ? Metrics.TwoLayerColumns : [.. Metrics.TwoLayerColumns, "test_mse"];
        var metrics = new Metrics(s.Steps / s.RecordEvery + 2, columns);
        var residual = new double[net.N];
        Span<double> row = stackalloc double[columns.Length];
        T eta = T.CreateTruncating(s.LearningRate);
        var clock = Stopwatch.StartNew();
        var stop = new StopRule(s);
        double loss;
        int k = 0;
        for (; ; k++)
        {
            loss = net.Forward();                                             // 1. forward pass, L(k)
            bool last = stop.IsLast(k, loss);
            if (stop.Records(k, last))                               // 2. what the proofs rely on
            {
                Record(net, k, loss, stop.Initial, bounds, prediction, s.MeasuresGram(k, last) ? gram : null, residual, row);
                if (heldOut != null)
                {
                    heldOut.CopyWeightsFrom(net);
                    row[^1] = 2 * heldOut.Forward() / heldOut.N;
                }
                metrics.Add(row);
                progress?.Invoke(k, loss);
            }
            if (last) break;
            net.Backward();                                                   // 3. gradient
            net.Update(eta);                                                  // 4. update W(k+1) = W(k) − η∇L
            prediction.Step();                                                //    and r_{k+1} = (I − ηH∞) r_k
        }
        return stop.Outcome(metrics, k, loss, clock.Elapsed.TotalSeconds);
    }

    private static void Record<T>(TwoLayerNet<T> net, int k, double loss, double initial, Theorem41 bounds,
        KernelPrediction prediction, GramTracker<T>? gram, double[] residual, Span<double> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (maxDist, fro, maxA) = net.WeightMovement();
        net.Residual(residual);
        var (predNorm, gap) = prediction.Compare(residual);
        var (lam, drift, distInf) = gram?.Measure(net) ?? (double.NaN, double.NaN, double.NaN);
        double rPrime = bounds.Defined ? bounds.RPrime : double.NaN;
        row[0] = k;
        row[1] = loss;
        row[2] = bounds.Envelope(k, initial);
        row[3] = maxDist;
        row[4] = rPrime;
        row[5] = net.PatternChange();
        row[6] = fro;
        row[7] = net.Spec.TrainOutput ? maxA : double.NaN;
        row[8] = lam;
        row[9] = drift;
        row[10] = distInf;
        row[11] = predNorm;
        row[12] = gap;
    }
}
