using OverParam.Models;

namespace OverParam.Training;

/// <summary>envelope: the theorem's bound (1 − ηλ/2)^k L(0) at step k, from L(0) (step 0 is always recorded).</summary>
/// <param name="envelope">(k, L(0)) → the bound; NaN where the theorem gives none.</param>
public sealed class EnvelopeRecorder(Func<int, double, double> envelope) : IRecorder
{
    private double _initial = double.NaN;

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } = [MetricColumns.Envelope];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        if (k == 0) _initial = loss;
        row.Set(MetricColumns.Envelope, envelope(k, _initial));
    }
}

/// <summary>kernel_residual and residual_gap: the infinite-width prediction (I − ηK)^k (u(0) − y) next to u(k) − y.</summary>
/// <param name="prediction">The prediction, advanced one step per gradient step.</param>
/// <param name="residual">Writes the network's u − y of its last forward pass.</param>
/// <param name="n">n.</param>
public sealed class PredictionRecorder(KernelPrediction prediction, Action<double[]> residual, int n) : IRecorder
{
    private readonly double[] _residual = new double[n];

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } = [MetricColumns.KernelResidual, MetricColumns.ResidualGap];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        residual(_residual);
        var (norm, gap) = prediction.Compare(_residual);
        row.Set(MetricColumns.KernelResidual, norm);
        row.Set(MetricColumns.ResidualGap, gap);
    }

    /// <inheritdoc/>
    public void Advance() => prediction.Step();
}

/// <summary>label_prediction: Arora et al.'s ‖(I − ηH∞)^k y‖, the residual their Theorem 4.1 predicts from u(0) ≈ 0.</summary>
/// <param name="prediction">(I − ηH∞)^k y, started from y and advanced one step per gradient step.</param>
public sealed class LabelPredictionRecorder(KernelPrediction prediction) : IRecorder
{
    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } = [MetricColumns.LabelPrediction];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row) =>
        row.Set(MetricColumns.LabelPrediction, System.Numerics.Tensors.TensorPrimitives.Norm(prediction.Residual));

    /// <inheritdoc/>
    public void Advance() => prediction.Step();
}

/// <summary>
/// test_mse: (1/N) Σ (f(x) − y)² on held-out points at the weights of step k, and with ±1 labels test_accuracy, the
/// fraction with sign f(x) = y.
/// </summary>
public sealed class HeldOutRecorder : IRecorder
{
    private readonly Func<double> _forward;
    private readonly Action<double[]> _residual;
    private readonly double[]? _labels;
    private readonly double[] _r;
    private readonly KernelComparison? _kernel;

    /// <summary>
    /// The network's linearization on the held-out points: f_k^lin(X*) = f_0(X*) + K(X*, X)K⁻¹(I − (I − ηK)^k)(y − u(0)),
    /// with <paramref name="Model"/> the kernel regression on y − u(0), <paramref name="Initial"/> = f_0(X*) and
    /// <paramref name="Targets"/> the held-out targets (the network's f_k is its residual plus them).
    /// </summary>
    public sealed record KernelComparison(Kernels.KernelRegression Model, double[] Initial, double[] Targets);

    /// <param name="forward">Puts the trained net's current weights on the held-out net and returns its L = ½Σ(f − y)².</param>
    /// <param name="residual">The held-out net's f − y of that pass.</param>
    /// <param name="labels">The held-out ±1 labels, to record accuracy; null for none.</param>
    /// <param name="n">N held-out points.</param>
    /// <param name="outputs">d_y: with more than one, the labels are one-hot (n × d_y) and accuracy is by argmax.</param>
    /// <param name="kernel">This network's kernel linearization, to record test_kernel_gap (and test_kernel_accuracy with labels); null for none.</param>
    public HeldOutRecorder(Func<double> forward, Action<double[]> residual, double[]? labels, int n, int outputs = 1, KernelComparison? kernel = null)
    {
        (_forward, _residual, _labels, N, _outputs, _kernel) = (forward, residual, labels, n, outputs, kernel);
        _r = new double[n * outputs];
        var columns = new List<MetricColumn> { MetricColumns.TestMse };
        if (labels != null) columns.Add(MetricColumns.TestAccuracy);
        if (kernel != null) columns.Add(MetricColumns.TestKernelGap);
        if (kernel != null && labels != null) columns.Add(MetricColumns.TestKernelAccuracy);
        Columns = columns;
    }

    private int N { get; }

    private readonly int _outputs;

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; }

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        row.Set(MetricColumns.TestMse, 2 * _forward() / N);
        if (_labels == null && _kernel == null) return;
        _residual(_r);
        if (_labels != null) row.Set(MetricColumns.TestAccuracy, AccuracyRecorder.Accuracy(_r, _labels, _outputs));
        if (_kernel is not { } c) return;
        var move = c.Model.At(k); // f_k^lin − f_0
        double gap = 0, norm = 0;
        var lin = new double[move.Length];
        for (int i = 0; i < move.Length; i++)
        {
            lin[i] = c.Initial[i] + move[i];
            double f = _r[i] + c.Targets[i];
            gap += (f - lin[i]) * (f - lin[i]);
            norm += move[i] * move[i];
        }
        row.Set(MetricColumns.TestKernelGap, norm > 0 ? Math.Sqrt(gap / norm) : double.NaN); // step 0: 0/0, nothing has moved yet
        if (_labels != null)
        {
            for (int i = 0; i < lin.Length; i++) lin[i] -= c.Targets[i]; // as a residual, for the accuracy of its sign or argmax
            row.Set(MetricColumns.TestKernelAccuracy, AccuracyRecorder.Accuracy(lin, _labels, _outputs));
        }
    }
}

/// <summary>train_accuracy: the fraction of training points classified right (sign for ±1 labels, argmax for one-hot), from
/// the residual f − y.</summary>
/// <param name="residual">Writes the network's f − y of its last forward pass.</param>
/// <param name="labels">The ±1 labels, or one-hot targets n × d_y.</param>
/// <param name="outputs">d_y.</param>
public sealed class AccuracyRecorder(Action<double[]> residual, double[] labels, int outputs = 1) : IRecorder
{
    private readonly double[] _r = new double[labels.Length];

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } = [MetricColumns.TrainAccuracy];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        residual(_r);
        row.Set(MetricColumns.TrainAccuracy, Accuracy(_r, labels, outputs));
    }

    /// <summary>
    /// The fraction classified right from f = r + y. One output (±1 labels): sign f_i = y_i, a prediction of exactly 0
    /// counting as wrong. d_y outputs (one-hot targets, row-major n × d_y): argmax_k f_ik = argmax_k y_ik, ties going to the
    /// first index.
    /// </summary>
    public static double Accuracy(ReadOnlySpan<double> residual, ReadOnlySpan<double> labels, int outputs)
    {
        if (outputs == 1) return Accuracy(residual, labels);
        int n = labels.Length / outputs, right = 0;
        for (int i = 0; i < n; i++)
        {
            int best = 0, truth = 0;
            for (int k = 1; k < outputs; k++)
            {
                if (residual[i * outputs + k] + labels[i * outputs + k] > residual[i * outputs + best] + labels[i * outputs + best]) best = k;
                if (labels[i * outputs + k] > labels[i * outputs + truth]) truth = k;
            }
            if (best == truth) right++;
        }
        return n == 0 ? double.NaN : (double)right / n;
    }

    /// <summary>(1/n) Σ 1{sign(r_i + y_i) = y_i}: f = r + y; a prediction of exactly 0 counts as wrong.</summary>
    public static double Accuracy(ReadOnlySpan<double> residual, ReadOnlySpan<double> labels)
    {
        int right = 0;
        for (int i = 0; i < labels.Length; i++)
            if ((residual[i] + labels[i]) * labels[i] > 0) right++;
        return labels.Length == 0 ? double.NaN : (double)right / labels.Length;
    }
}

/// <summary>
/// The two-layer net's proof quantities (Du et al. ICLR 2019): max_dist, r_prime, pattern_change, weight_dist_fro and,
/// when a is trained, max_output_dist.
/// </summary>
/// <param name="net">The network.</param>
/// <param name="rPrime">R' of Corollary 4.1, NaN where undefined.</param>
public sealed class TwoLayerProofRecorder<T>(TwoLayerNet<T> net, double rPrime) : IRecorder where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } =
        [MetricColumns.MaxDist, MetricColumns.RPrime, MetricColumns.PatternChange, MetricColumns.WeightDistFro, MetricColumns.MaxOutputDist];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        var (maxDist, fro, maxA) = net.WeightMovement();
        row.Set(MetricColumns.MaxDist, maxDist);
        row.Set(MetricColumns.RPrime, rPrime);
        row.Set(MetricColumns.PatternChange, net.PatternChange());
        row.Set(MetricColumns.WeightDistFro, fro);
        row.Set(MetricColumns.MaxOutputDist, net.Spec.TrainOutput ? maxA : double.NaN);
    }
}

/// <summary>lambda_min_H, gram_drift, gram_dist_inf of the two-layer net at the schedule's Gram steps (empty elsewhere).</summary>
/// <param name="net">The network.</param>
/// <param name="gram">The tracker, or null when Gram matrices are never measured.</param>
/// <param name="schedule">Which steps measure them.</param>
public sealed class GramRecorder<T>(TwoLayerNet<T> net, GramTracker<T>? gram, Schedule schedule) : IRecorder where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } = [MetricColumns.LambdaMinH, MetricColumns.GramDrift, MetricColumns.GramDistInf];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        if (gram == null || !schedule.MeasuresGram(k, last)) return;
        var (lambda, drift, distInf) = gram.Measure(net);
        row.Set(MetricColumns.LambdaMinH, lambda);
        row.Set(MetricColumns.GramDrift, drift);
        row.Set(MetricColumns.GramDistInf, distInf);
    }
}

/// <summary>dist_W1 … dist_WH and dist_a: each layer's movement ‖W^(h)(k) − W^(h)(0)‖_F of a deep net.</summary>
public sealed class LayerMovementRecorder<T> : IRecorder where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IDeepNetwork<T> _net;
    private readonly double[] _dist;

    /// <param name="net">The network.</param>
    public LayerMovementRecorder(IDeepNetwork<T> net)
    {
        _net = net;
        _dist = new double[net.Depth + 1];
        Columns = [.. Enumerable.Range(1, net.Depth).Select(MetricColumns.DistW), MetricColumns.DistA];
    }

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; }

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        _net.LayerMovement(_dist);
        for (int h = 0; h < _dist.Length; h++) row.Set(Columns[h], _dist[h]);
    }
}
