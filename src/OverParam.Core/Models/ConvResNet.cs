using System.Numerics;
using System.Numerics.Tensors;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// The convolutional ResNet of Du, Lee, Li, Wang, Zhai (ICML 2019, §7), 1-D: inputs x ∈ R^{d0×p} (each data row holds
/// x channel-major, as NumPy's x.reshape(d0, p)), patches φ_h of q positions with zero padding (stride 1, p positions
/// kept), W^(1) ∈ R^{m×q d0}, W^(h) ∈ R^{m×q m}:
/// x^(1) = √(c_σ/m) σ(W^(1)φ_1(x)), x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)φ_h(x^(h−1))), f = ⟨a, x^(H)⟩ with a ∈ R^{m×p}.
/// With d_y outputs (one-hot targets) a ∈ R^{m×p×d_y} and f_k = ⟨a_k, x^(H)⟩, the loss ½‖F − Y‖_F².
/// Activations are stored position-major, (n·p)×channels, so a layer is one product of the patch matrix
/// P_h ((n·p)×(q·d_{h−1}), im2col) with W_hᵀ; backpropagation is ∇W_h = δG_hᵀP_h and δP_h = δG_h W_h folded back (col2im).
/// </summary>
public sealed class ConvResNet<T> : IDeepNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILinearAlgebra _la;
    private readonly int _p, _q, _d0, _off;
    private readonly T[] _y, _a, _a0, _ga, _u, _e, _ones, _scratch, _pre, _dX, _dXPrev, _dP, _scale, _aColumn;
    private readonly T[][] _w, _w0, _gw, _x, _patch, _deriv, _dG;

    /// <inheritdoc/>
    public int N { get; }

    /// <inheritdoc/>
    public int Depth { get; }

    /// <summary>Width (channels of every hidden layer) m.</summary>
    public int M { get; }

    /// <summary>d_y, the outputs.</summary>
    public int Outputs { get; }

    /// <summary>Initializes every weight N(0, 1) from independent streams of <paramref name="seed"/>.</summary>
    public ConvResNet(Dataset data, DeepSpec spec, int width, long seed, ILinearAlgebra la)
    {
        if (data.Y == null) throw new InputException($"{data.Source}: training needs labels (--labels)");
        if (spec.Channels < 1 || data.D % spec.Channels != 0)
            throw new InputException($"--channels {spec.Channels} does not divide d = {data.D}: inputs are d0×p with d = d0·p");
        if (spec.Patch < 1 || spec.Patch % 2 == 0) throw new InputException($"--patch must be odd and ≥ 1, got {spec.Patch}");
        if (!(spec.CRes is > 0 and < 1)) throw new InputException($"--c-res must be in (0, 1), got {spec.CRes}");
        (N, Depth, M, Outputs, _la) = (data.N, spec.Depth, width, data.Outputs, la);
        (_d0, _p, _q, _off) = (spec.Channels, data.D / spec.Channels, spec.Patch, spec.Patch / 2);
        int n = N, m = M, np = n * _p, H = Depth;
        _y = data.Y.Select(T.CreateTruncating).ToArray();
        _x = new T[H + 1][];
        _x[0] = new T[np * _d0];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < _d0; c++)
                for (int s = 0; s < _p; s++)
                    _x[0][(i * _p + s) * _d0 + c] = T.CreateTruncating(data.X[(long)i * data.D + c * _p + s]);
        for (int h = 1; h <= H; h++) _x[h] = new T[np * m];
        _w = new T[H][];
        for (int h = 0; h < H; h++)
        {
            var w = new double[(long)m * _q * (h == 0 ? _d0 : m)];
            Rng.Stream(seed, 200 + (ulong)h).FillGaussian(w);
            _w[h] = w.Select(T.CreateTruncating).ToArray();
        }
        var a = new double[(long)_p * m * Outputs]; // position-major rows (s, r), one column per output
        Rng.Stream(seed, 199).FillGaussian(a);
        _a = a.Select(T.CreateTruncating).ToArray();
        _w0 = _w.Select(w => (T[])w.Clone()).ToArray();
        _a0 = (T[])_a.Clone();
        _gw = _w.Select(w => new T[w.Length]).ToArray();
        _patch = Enumerable.Range(0, H).Select(h => new T[np * _q * (h == 0 ? _d0 : m)]).ToArray();
        _deriv = Enumerable.Range(0, H).Select(_ => new T[np * m]).ToArray();
        _dG = Enumerable.Range(0, H).Select(_ => new T[np * m]).ToArray();
        (_pre, _scratch, _dX, _dXPrev, _dP) = (new T[np * m], new T[np * m], new T[np * m], new T[np * m], new T[np * _q * m]);
        (_ga, _u, _e, _ones) = (new T[_a.Length], new T[n * Outputs], new T[n * Outputs], Enumerable.Repeat(T.One, n).ToArray());
        _aColumn = new T[_p * m];
        _scale = Enumerable.Range(1, H).Select(h => T.CreateTruncating(h == 1 ? Math.Sqrt(spec.Sigma.CSigma / m) : spec.CRes / (H * Math.Sqrt(m)))).ToArray();
        Sigma = spec.Sigma;
    }

    private Activation Sigma { get; }

    private int In(int h) => h == 1 ? _d0 : M;

    /// <summary>φ_h: row (i, s) of P holds x_{h−1} at positions s − q/2 … s + q/2 of input i (zeros outside 0..p−1).</summary>
    private void Im2Col(int h)
    {
        int d = In(h), width = _q * d;
        var x = _x[h - 1];
        var p = _patch[h - 1];
        for (int i = 0; i < N; i++)
            for (int s = 0; s < _p; s++)
            {
                var row = p.AsSpan((i * _p + s) * width, width);
                for (int t = 0; t < _q; t++)
                {
                    int pos = s + t - _off;
                    var dst = row.Slice(t * d, d);
                    if (pos < 0 || pos >= _p) dst.Clear();
                    else x.AsSpan((i * _p + pos) * d, d).CopyTo(dst);
                }
            }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: dX[(i, pos)] += dP[(i, s), t] over every (s, t) that read pos.</summary>
    private void Col2Im(int h, Span<T> dX)
    {
        int d = In(h), width = _q * d;
        for (int i = 0; i < N; i++)
            for (int s = 0; s < _p; s++)
                for (int t = 0; t < _q; t++)
                {
                    int pos = s + t - _off;
                    if (pos < 0 || pos >= _p) continue;
                    var dst = dX.Slice((i * _p + pos) * d, d);
                    TensorPrimitives.Add(dst, _dP.AsSpan((i * _p + s) * width + t * d, d), dst);
                }
    }

    /// <inheritdoc/>
    public double Forward()
    {
        int np = N * _p;
        for (int h = 1; h <= Depth; h++)
        {
            Im2Col(h);
            int k = _q * In(h);
            _la.Gemm(Op.None, Op.Transpose, np, M, k, T.One, _patch[h - 1], k, _w[h - 1], k, T.Zero, _pre, M);
            Sigma.ApplyLayer<T>(_pre, _x[h], _deriv[h - 1], _scratch, _scale[h - 1], h >= 2 ? _x[h - 1] : default);
        }
        int pm = _p * M; // f_ik = ⟨a_k, x_i^(H)⟩: a gemv for d_y = 1
        _la.Gemm(Op.None, Op.None, N, Outputs, pm, T.One, _x[Depth], pm, _a, Outputs, T.Zero, _u, Outputs);
        TensorPrimitives.Subtract(_u, _y, _e);
        return TwoLayerNet<T>.HalfSquaredNorm<T>(_e);
    }

    /// <inheritdoc/>
    public void Backward() => Backpropagate(perSample: false);

    /// <summary>Backpropagation with every input's output weight 1 (δG_h row i is ∂u_i/∂G_h; the first output's with d_y
    /// outputs), for the per-layer Gram matrices.</summary>
    private void BackwardPerSample() => Backpropagate(perSample: true);

    private void Backpropagate(bool perSample)
    {
        var e = perSample ? _ones : _e;
        int np = N * _p, pm = _p * M;
        // ∇a = X^(H)ᵀ E (pm × d_y), and δX_H = E aᵀ (n × pm): a scaled copy of a's (first) column per input for one output.
        if (!perSample) _la.Gemm(Op.Transpose, Op.None, pm, Outputs, N, T.One, _x[Depth], pm, e, Outputs, T.Zero, _ga, Outputs);
        if (Outputs == 1 || perSample)
        {
            var a = _a;
            if (Outputs > 1)
            {
                for (int j = 0; j < pm; j++) _aColumn[j] = _a[j * Outputs];
                a = _aColumn;
            }
            for (int i = 0; i < N; i++) TensorPrimitives.Multiply(a, e[i], _dX.AsSpan(i * pm, pm));
        }
        else _la.Gemm(Op.None, Op.Transpose, N, pm, Outputs, T.One, e, Outputs, _a, Outputs, T.Zero, _dX, pm);
        var dX = _dX;
        var dXPrev = _dXPrev;
        for (int h = Depth; h >= 1; h--)
        {
            int k = _q * In(h);
            var dG = _dG[h - 1];
            TensorPrimitives.Multiply(dX, _deriv[h - 1], dG);
            if (!perSample) _la.Gemm(Op.Transpose, Op.None, M, k, np, T.One, dG, M, _patch[h - 1], k, T.Zero, _gw[h - 1], k);
            if (h == 1) break;
            _la.Gemm(Op.None, Op.None, np, k, M, T.One, dG, M, _w[h - 1], k, T.Zero, _dP, k);
            dX.CopyTo(dXPrev, 0); // the skip connection passes δX_h through unchanged
            Col2Im(h, dXPrev);
            (dX, dXPrev) = (dXPrev, dX);
        }
    }

    /// <inheritdoc/>
    public void Update(T eta)
    {
        for (int h = 0; h < Depth; h++) TensorPrimitives.MultiplyAdd(_gw[h], -eta, _w[h], _w[h]);
        TensorPrimitives.MultiplyAdd(_ga, -eta, _a, _a);
    }

    /// <inheritdoc/>
    /// <remarks>W_h as (m, q, d_{h−1}), entry [r, t, c] the weight of channel c at patch offset t (PyTorch's Conv1d weight is
    /// its transpose (m, d_{h−1}, q)); a as (m, p), the paper's a ∈ R^{m×p} (held position-major inside), or (m, p, d_y)
    /// with d_y outputs.</remarks>
    public IReadOnlyList<(string Name, int[] Shape)> WeightShapes =>
        [.. Enumerable.Range(1, Depth).Select(h => ($"W{h}", new[] { M, _q, In(h) })), ("a", Outputs == 1 ? [M, _p] : [M, _p, Outputs])];

    /// <inheritdoc/>
    public NetworkWeights Weights()
    {
        var shapes = WeightShapes;
        var tensors = Enumerable.Range(0, Depth).Select(h => new WeightTensor(shapes[h].Name, shapes[h].Shape, _w[h].Select(double.CreateTruncating).ToArray())).ToList();
        var a = new double[_a.Length];
        for (int s = 0; s < _p; s++)
            for (int r = 0; r < M; r++)
                for (int k = 0; k < Outputs; k++) a[(r * _p + s) * Outputs + k] = double.CreateTruncating(_a[(s * M + r) * Outputs + k]);
        tensors.Add(new WeightTensor("a", shapes[Depth].Shape, a));
        return new NetworkWeights(tensors);
    }

    /// <inheritdoc/>
    /// <remarks>Rows position-major, (s, r), as held inside.</remarks>
    public double[] OutputWeights() => [.. _a.Select(double.CreateTruncating)];

    /// <inheritdoc/>
    public void CopyWeightsFrom(IDeepNetwork<T> network)
    {
        if (network is not ConvResNet<T> other || other.M != M || other._p != _p || other._d0 != _d0 || other._q != _q || other.Depth != Depth
            || other.Outputs != Outputs)
            throw new ArgumentException("the networks differ in shape", nameof(network));
        for (int h = 0; h < Depth; h++) other._w[h].CopyTo(_w[h], 0);
        other._a.CopyTo(_a, 0);
    }

    /// <inheritdoc/>
    public void SetInitialWeights(NetworkWeights weights)
    {
        for (int h = 0; h < Depth; h++)
        {
            var v = weights.Tensors[h].Values;
            if (v.Length != _w[h].Length) throw new ArgumentException($"W{h + 1}: {v.Length} values, expected {_w[h].Length}", nameof(weights));
            for (int i = 0; i < v.Length; i++) _w[h][i] = _w0[h][i] = T.CreateTruncating(v[i]);
        }
        var a = weights.Tensors[Depth].Values;
        if (a.Length != _a.Length) throw new ArgumentException($"a: {a.Length} values, expected {_a.Length}", nameof(weights));
        for (int s = 0; s < _p; s++)
            for (int r = 0; r < M; r++)
                for (int k = 0; k < Outputs; k++)
                    _a[(s * M + r) * Outputs + k] = _a0[(s * M + r) * Outputs + k] = T.CreateTruncating(a[(r * _p + s) * Outputs + k]);
    }

    /// <inheritdoc/>
    public void Residual(Span<double> dest)
    {
        for (int i = 0; i < _e.Length; i++) dest[i] = double.CreateTruncating(_e[i]);
    }

    /// <inheritdoc/>
    public void LayerMovement(Span<double> dest)
    {
        for (int h = 0; h < Depth; h++) dest[h] = double.CreateTruncating(TensorPrimitives.Distance<T>(_w[h], _w0[h]));
        dest[Depth] = double.CreateTruncating(TensorPrimitives.Distance<T>(_a, _a0));
    }

    /// <inheritdoc/>
    public long GramWorkLength => (long)N * M * _q * Math.Max(_d0, M) + (long)N * N;

    /// <summary>
    /// G^(h)_ij = ⟨J_i, J_j⟩ with J_i = δG_{h,i}ᵀ P_{h,i} (m × q d_{h−1}), the per-sample gradient of u_i in W^(h);
    /// G^(H+1)_ij = ⟨x_i^(H), x_j^(H)⟩ (the output weights a).
    /// </summary>
    public void LayerGrams(double[][] dest, T[] work)
    {
        BackwardPerSample();
        int nn = N * N;
        var gram = work.AsSpan(0, nn);
        for (int h = 1; h <= Depth + 1; h++)
        {
            if (h == Depth + 1)
            {
                int pm = _p * M;
                _la.Gemm(Op.None, Op.Transpose, N, N, pm, T.One, _x[Depth], pm, _x[Depth], pm, T.Zero, gram, N);
            }
            else
            {
                int k = _q * In(h), len = M * k;
                var jac = work.AsSpan(nn, N * len);
                for (int i = 0; i < N; i++)
                    _la.Gemm(Op.Transpose, Op.None, M, k, _p, T.One, _dG[h - 1].AsSpan(i * _p * M, _p * M), M,
                        _patch[h - 1].AsSpan(i * _p * k, _p * k), k, T.Zero, jac.Slice(i * len, len), k);
                _la.Gemm(Op.None, Op.Transpose, N, N, len, T.One, jac, len, jac, len, T.Zero, gram, N);
            }
            for (int x = 0; x < nn; x++) dest[h - 1][x] = double.CreateTruncating(gram[x]);
        }
    }

    /// <summary>Weight gradients of the last backward pass in float64, (the finite-difference tests).</summary>
    internal (double[][] W, double[] A) Gradient() =>
        (_gw.Select(g => g.Select(double.CreateTruncating).ToArray()).ToArray(), _ga.Select(double.CreateTruncating).ToArray());

    /// <summary>Perturbs one weight (layer h = 1..H, or H + 1 for a), for finite-difference tests.</summary>
    internal void Nudge(int layer, int index, double delta)
    {
        var target = layer <= Depth ? _w[layer - 1] : _a;
        target[index] += T.CreateTruncating(delta);
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
