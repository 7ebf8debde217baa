using System.Diagnostics;
using System.Numerics;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>Full-batch GD on a deep network, recording the loss, each layer's movement and the drift of G^(H).</summary>
public static class DeepGradientDescent
{
    /// <summary>metrics.csv columns of a deep run of depth <paramref name="depth"/>.</summary>
    public static string[] Columns(int depth) =>
    [
        "step", "loss", "envelope", "kernel_residual", "residual_gap", "lambda_min_GH", "gh_drift", "ntk_drift", "lambda_min_features",
        .. Enumerable.Range(1, depth).Select(h => $"dist_W{h}"), "dist_a",
    ];

    /// <summary>
    /// Runs GD from the network's current weights: forward and L(k); record every s steps (the Gram matrices every g);
    /// stop on convergence or divergence; gradient; update; the NTK prediction advances alongside.
    /// </summary>
    /// <param name="net">The network.</param>
    /// <param name="s">Schedule.</param>
    /// <param name="logEnvelope">log of the theorem's envelope at step k given L(0).</param>
    /// <param name="prediction">The infinite-width residual under the full NTK.</param>
    /// <param name="la">Backend (for the Gram matrices' spectra).</param>
    /// <param name="progress">(k, L(k)) at recorded steps.</param>
    /// <param name="heldOut">An FC/ResNet on held-out data that takes <paramref name="net"/>'s weights at each recorded step:
    /// test_mse = (1/n_t)Σ(f(x) − y)².</param>
    public static RunOutcome Run<T>(IDeepNetwork<T> net, Schedule s, Func<int, double, double> logEnvelope, KernelPrediction prediction,
        ILinearAlgebra la, Action<int, double>? progress = null, DeepNet<T>? heldOut = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = net.Depth, n = net.N;
        var columns = heldOut == null ? Columns(H) : [.. Columns(H), "test_mse"];
        var metrics = new Metrics(s.Steps / s.RecordEvery + 2, columns);
        var row = new double[columns.Length];
        var residual = new double[n];
        var grams = s.GramEvery > 0 ? Enumerable.Range(0, H + 1).Select(_ => new double[n * n]).ToArray() : null;
        var work = grams == null ? null : new T[net.GramWorkLength];
        double[]? gh0 = null, ntk0 = null, ntk = grams == null ? null : new double[n * n], diff = grams == null ? null : new double[n * n];
        var eig = new double[n];
        T eta = T.CreateTruncating(s.LearningRate);
        var clock = Stopwatch.StartNew();
        var stop = new StopRule(s);
        double loss;
        int k = 0;
        for (; ; k++)
        {
            loss = net.Forward();                                              // 1. forward pass, L(k)
            bool last = stop.IsLast(k, loss);
            if (stop.Records(k, last))                                // 2. record
            {
                Array.Fill(row, double.NaN);
                row[0] = k;
                row[1] = loss;
                row[2] = Math.Exp(logEnvelope(k, stop.Initial));
                net.Residual(residual);
                (row[3], row[4]) = prediction.Compare(residual);
                if (grams != null && s.MeasuresGram(k, last))
                {
                    net.LayerGrams(grams, work!);
                    DeepKernel.SumOf(grams, ntk!);
                    gh0 ??= (double[])grams[H - 1].Clone();
                    ntk0 ??= (double[])ntk!.Clone();
                    row[5] = Spectrum.Smallest(la, grams[H - 1], n, diff!, eig);
                    row[6] = Spectrum.DistanceNorm(la, grams[H - 1], gh0, diff!, eig);
                    row[7] = Spectrum.DistanceNorm(la, ntk!, ntk0, diff!, eig);
                    // λ_min(X_H X_Hᵀ) = λ_min(G^(H+1)): positive iff the last hidden layer's features of the n inputs have
                    // rank n, the condition under which Kawaguchi & Huang (2019) fit the last layer by least squares.
                    row[8] = Spectrum.Smallest(la, grams[H], n, diff!, eig);
                }
                net.LayerMovement(row.AsSpan(9, H + 1));
                if (heldOut != null)
                {
                    heldOut.CopyWeightsFrom((DeepNet<T>)net);
                    row[^1] = 2 * heldOut.Forward() / heldOut.N;
                }
                metrics.Add(row);
                progress?.Invoke(k, loss);
            }
            if (last) break;
            net.Step(eta);                                                     // 3–4. gradient and update of every layer
            prediction.Step();
        }
        return stop.Outcome(metrics, k, loss, clock.Elapsed.TotalSeconds);
    }
}
