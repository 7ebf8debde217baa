using OverParam.Architectures;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The deep kernels' recursion (<see cref="DeepKernel"/>) one entry at a time. Entry (i, j) of Σ^(h), Σ̇^(h) and B^(h)
/// depends only on entry (i, j) of the layer before and on per-input quantities (the diagonal Σ^(h−1)_ii, μ^(h)_i =
/// E[σ(u)] with u ~ N(0, Σ^(h−1)_ii), and the ResNet's b^(h)_i), so once those are known (O(nH) here) every kernel
/// entry costs O(H) activation expectations and any block of the matrix can be formed without the rest
/// (<see cref="KernelBlock"/>, <c>gram --distributed</c>). Fully connected and ResNet architectures; the convolutional
/// ResNet's position-pair recursion is not of this form (<see cref="ConvResNetKernel"/>).
/// </summary>
public sealed class DeepPairRecursion
{
    private readonly BivariateGaussian _gauss;
    private readonly bool _residual;
    private readonly double _cs, _r;
    private readonly double[][] _diag, _mu, _b; // [h][i]: Σ^(h)_ii for h = 0..H; μ^(h)_i and b^(h)_i (before layer h's update) for h = 1..H

    /// <summary>Runs the recursion on the diagonal.</summary>
    /// <param name="spec">Fully connected or ResNet (depth H ≥ 1).</param>
    /// <param name="squaredNorms">Σ^(0)_ii = ‖x_i‖², length n.</param>
    /// <param name="nodes">Gauss–Hermite nodes per axis for smooth σ (default: the activation's).</param>
    public DeepPairRecursion(DeepSpec spec, ReadOnlySpan<double> squaredNorms, int? nodes = null)
    {
        if (spec.Arch.Convolutional) throw new ArgumentException("the convolutional ResNet's kernel is not an entrywise recursion", nameof(spec));
        Depth = spec.Depth;
        _gauss = new BivariateGaussian(spec.Sigma, new GaussHermite(nodes ?? spec.Sigma.QuadratureNodes));
        _residual = spec.Arch.Residual;
        _cs = spec.Sigma.CSigma;
        _r = spec.CRes / Depth;
        int n = squaredNorms.Length, H = Depth;
        _diag = new double[H + 1][];
        _mu = new double[H + 1][];
        _b = new double[H + 1][];
        _diag[0] = squaredNorms.ToArray();
        var b = new double[n];
        for (int h = 1; h <= H; h++)
        {
            _b[h] = (double[])b.Clone();
            _mu[h] = new double[n];
            _diag[h] = new double[n];
            for (int i = 0; i < n; i++)
            {
                double a = _diag[h - 1][i];
                _mu[h][i] = _gauss.Mean(a);
                _diag[h][i] = Forward(h, i, i, a).S;
            }
            for (int i = 0; i < n; i++) b[i] = h == 1 ? Math.Sqrt(_cs) * _mu[h][i] : b[i] + _r * _mu[h][i];
        }
    }

    /// <summary>H.</summary>
    public int Depth { get; }

    /// <summary>Doubles of scratch <see cref="Entry"/> needs: H + 1.</summary>
    public int WorkLength => Depth + 1;

    /// <summary>
    /// Entry (i, j) of every layer's Gram matrix: <paramref name="layers"/>[h − 1] = G^(h)_ij for h = 1..H and
    /// <paramref name="layers"/>[H] = G^(H+1)_ij = Σ^(H)_ij (length H + 1). Returns Θ_ij = Σ_h G^(h)_ij (summed in layer
    /// order, as <see cref="DeepKernel.SumOf"/> does). The same operations in the same order as the matrix recursion.
    /// </summary>
    /// <param name="i">First input's index.</param>
    /// <param name="j">Second input's index.</param>
    /// <param name="inner">Σ^(0)_ij = x_iᵀx_j.</param>
    /// <param name="layers">Receives G^(1..H+1)_ij (length H + 1).</param>
    /// <param name="work">Scratch of <see cref="WorkLength"/> doubles (Σ̇^(h)_ij).</param>
    public double Entry(int i, int j, double inner, Span<double> layers, Span<double> work)
    {
        int H = Depth;
        // layers[h] holds Σ^(h)_ij during the forward pass (h = 0..H), work[h] holds Σ̇^(h)_ij (h = 1..H).
        layers[0] = inner;
        for (int h = 1; h <= H; h++)
        {
            var (s, d) = Forward(h, i, j, layers[h - 1]);
            layers[h] = s;
            work[h] = d;
        }
        // Backward: G^(h) = B^(h) Σ̇^(h) Σ^(h−1), written over Σ^(h−1), which nothing reads afterwards.
        double back = 1;
        for (int h = H; h >= 1; h--)
        {
            double dk = work[h];
            layers[h - 1] = back * dk * layers[h - 1];
            back *= _residual && h >= 2 ? 1 + dk : dk;
        }
        double theta = 0;
        for (int h = 0; h <= H; h++) theta += layers[h];
        return theta;
    }

    /// <summary>Σ^(h)_ij and Σ̇^(h)_ij from Σ^(h−1)_ij (Def. 5.1 / 6.1).</summary>
    private (double S, double D) Forward(int h, int i, int j, double prev)
    {
        var (ss, dd) = _gauss.Pair(_diag[h - 1][i], _diag[h - 1][j], prev);
        bool residual = _residual && h >= 2;
        double s = residual ? prev + _r * (_b[h][i] * _mu[h][j] + _b[h][j] * _mu[h][i]) + _r * _r * ss : _cs * ss;
        double d = residual ? _r * _r * dd : _cs * dd;
        return (s, d);
    }
}
