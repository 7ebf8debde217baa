using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// The deep net's Gram matrices at the schedule's Gram steps: lambda_min_GH = λ_min(G^(H)(k)), gh_drift = ‖G^(H)(k) −
/// G^(H)(0)‖₂, ntk_drift = ‖Θ(k) − Θ(0)‖₂ with Θ = Σ_h G^(h), and lambda_min_features = λ_min(X_H X_Hᵀ) = λ_min(G^(H+1)),
/// positive iff the last hidden layer's features of the n inputs have rank n (the condition under which Kawaguchi &amp;
/// Huang 2019 fit the last layer by least squares). Buffers (H + 5 n×n) are allocated once, and only when measured.
/// </summary>
public sealed class DeepGramRecorder<T> : IRecorder where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly IDeepNetwork<T> _net;
    private readonly Schedule _schedule;
    private readonly ILinearAlgebra _la;
    private readonly double[][]? _grams;
    private readonly T[]? _work;
    private readonly double[]? _ntk, _diff;
    private readonly double[] _eig;
    private double[]? _gh0, _ntk0;

    /// <param name="net">The network.</param>
    /// <param name="schedule">Which steps measure the matrices (none when GramEvery is 0).</param>
    /// <param name="la">Backend, for the spectra.</param>
    public DeepGramRecorder(IDeepNetwork<T> net, Schedule schedule, ILinearAlgebra la)
    {
        (_net, _schedule, _la) = (net, schedule, la);
        int n = net.N;
        _eig = new double[n];
        if (schedule.GramEvery <= 0) return;
        _grams = Enumerable.Range(0, net.Depth + 1).Select(_ => new double[n * n]).ToArray();
        _work = new T[net.GramWorkLength];
        (_ntk, _diff) = (new double[n * n], new double[n * n]);
    }

    /// <inheritdoc/>
    public IReadOnlyList<MetricColumn> Columns { get; } =
        [MetricColumns.LambdaMinGH, MetricColumns.GhDrift, MetricColumns.NtkDrift, MetricColumns.LambdaMinFeatures];

    /// <inheritdoc/>
    public void Record(int k, double loss, bool last, Metrics row)
    {
        if (_grams == null || !_schedule.MeasuresGram(k, last)) return;
        int n = _net.N, H = _net.Depth;
        _net.LayerGrams(_grams, _work!);
        DeepKernel.SumOf(_grams, _ntk!);
        _gh0 ??= (double[])_grams[H - 1].Clone();
        _ntk0 ??= (double[])_ntk!.Clone();
        row.Set(MetricColumns.LambdaMinGH, Spectrum.Smallest(_la, _grams[H - 1], n, _diff!, _eig));
        row.Set(MetricColumns.GhDrift, Spectrum.DistanceNorm(_la, _grams[H - 1], _gh0, _diff!, _eig));
        row.Set(MetricColumns.NtkDrift, Spectrum.DistanceNorm(_la, _ntk!, _ntk0, _diff!, _eig));
        row.Set(MetricColumns.LambdaMinFeatures, Spectrum.Smallest(_la, _grams[H], n, _diff!, _eig));
    }
}
