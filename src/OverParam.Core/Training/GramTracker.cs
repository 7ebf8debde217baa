using System.Numerics;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// Measures the finite-width Gram matrix H(k) during training (Du et al. Eq. 6) and how far it has moved:
/// λ_min(H(k)) (Lemma 3.2 wants ≥ λ0/2), ‖H(k) − H(0)‖₂ and ‖H(k) − H∞‖₂ (Remark 3.1: both O(1/√m)).
/// Buffers (four n×n float64 matrices and one n×n of T) are allocated once.
/// </summary>
public sealed class GramTracker<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILinearAlgebra _la;
    private readonly int _n;
    private readonly double[] _inner, _hInf, _h0, _hk, _work, _eig;
    private readonly T[] _counts;
    private bool _haveH0;

    /// <param name="la">Backend.</param>
    /// <param name="n">Number of inputs.</param>
    /// <param name="inner">x_iᵀx_j (of (x, 1) with biases), n×n.</param>
    /// <param name="hInf">The first-layer H∞ (n×n).</param>
    public GramTracker(ILinearAlgebra la, int n, double[] inner, double[] hInf)
    {
        (_la, _n, _inner, _hInf) = (la, n, inner, hInf);
        (_h0, _hk, _work, _eig) = (new double[inner.Length], new double[inner.Length], new double[inner.Length], new double[_n]);
        _counts = new T[inner.Length];
    }

    /// <summary>Measures at the network's last forward pass; the first call fixes H(0).</summary>
    public (double LambdaMin, double DriftFromInit, double DistanceFromInfinite) Measure(TwoLayerNet<T> net)
    {
        net.ActivationGram(_inner, _counts, _hk);
        if (!_haveH0)
        {
            _hk.CopyTo(_h0, 0);
            _haveH0 = true;
        }
        double lambdaMin = Spectrum.Smallest(_la, _hk, _n, _work, _eig);
        return (lambdaMin, Spectrum.DistanceNorm(_la, _hk, _h0, _work, _eig), Spectrum.DistanceNorm(_la, _hk, _hInf, _work, _eig));
    }
}
