using System.Numerics;
using System.Numerics.Tensors;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// The deep networks of Du, Lee, Li, Wang, Zhai (ICML 2019) on a fixed data set, in precision T, every buffer allocated once.
/// <para>FC (§5): x^(h) = √(c_σ/m) σ(W^(h) x^(h−1)), h = 1..H. ResNet (§6): x^(1) = √(c_σ/m) σ(W^(1)x),
/// x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h) x^(h−1)). Output f = aᵀx^(H); every weight N(0, 1); all layers trained on
/// L = ½Σ(f(x_i) − y_i)².</para>
/// <para>With d_y outputs (one-hot targets) a is m × d_y, f(x) = aᵀx^(H) ∈ R^{d_y} and L = ½Σ_i ‖f(x_i) − y_i‖². At infinite
/// width the NTK is block-diagonal in the outputs, each block the scalar net's (the hidden layers' cross terms between
/// outputs k ≠ l carry a_k·a_l/m, mean 0; a's own are zero): tested by Monte Carlo with <see cref="OutputNtk"/>.</para>
/// <para>Rows are inputs: X_h is n×m, the pre-activations are X_{h−1}W_hᵀ, and backpropagation is two products a layer:
/// ∇W_h = δG_hᵀ X_{h−1} and δX_{h−1} = δG_h W_h (+ δX_h through the skip), with δG_h = δX_h ∘ s_h σ'(G_h).</para>
/// </summary>
public sealed partial class DeepNet<T> : IDeepNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILinearAlgebra _la;
    private readonly WorkSplitter _split;
    private readonly Elementwise _job;
    private readonly T[] _y, _a, _a0, _ga, _u, _e, _ones, _aColumn, _scratch, _pre;
    private readonly T[][] _w, _w0, _gw, _x, _deriv, _dG;
    private readonly T[] _dX, _dXPrev;
    private readonly T[] _scale;

    /// <summary>n, d, m, H.</summary>
    public int N { get; }

    /// <inheritdoc cref="N"/>
    public int D { get; }

    /// <inheritdoc cref="N"/>
    public int M { get; }

    /// <inheritdoc cref="N"/>
    public int Depth => Spec.Depth;

    /// <summary>d_y, the outputs (1 for scalar labels).</summary>
    public int Outputs { get; }

    /// <summary>The architecture.</summary>
    public DeepSpec Spec { get; }

    /// <summary>Initializes every weight N(0, 1) from independent streams of <paramref name="seed"/>.</summary>
    /// <param name="data">Inputs and labels.</param>
    /// <param name="spec">Architecture, depth, activation.</param>
    /// <param name="width">m.</param>
    /// <param name="seed">Seed of the initialization.</param>
    /// <param name="la">Backend.</param>
    /// <param name="threads">Threads for the elementwise passes (BLAS keeps its own).</param>
    public DeepNet(Dataset data, DeepSpec spec, int width, long seed, ILinearAlgebra la, int threads = 1)
    {
        _split = new WorkSplitter(threads);
        _job = new Elementwise(this);
        if (data.Y == null) throw new InputException($"{data.Source}: training needs labels (--labels)");
        (N, D, M, Spec, _la, Outputs) = (data.N, data.D, width, spec, la, data.Outputs);
        int n = N, m = M, H = spec.Depth, dy = Outputs;
        _y = Convert(data.Y);
        _w = new T[H][];
        for (int h = 0; h < H; h++)
        {
            var w = new double[(long)m * (h == 0 ? D : m)];
            Rng.Stream(seed, 100 + (ulong)h).FillGaussian(w);
            _w[h] = Convert(w);
        }
        var a = new double[(long)m * dy];
        Rng.Stream(seed, 99).FillGaussian(a);
        _a = Convert(a);
        _w0 = _w.Select(w => (T[])w.Clone()).ToArray();
        _a0 = (T[])_a.Clone();
        _gw = _w.Select(w => new T[w.Length]).ToArray();
        _x = new T[H + 1][];
        _x[0] = Convert(data.X);
        for (int h = 1; h <= H; h++) _x[h] = new T[n * m];
        _deriv = Enumerable.Range(0, H).Select(_ => new T[n * m]).ToArray();
        _dG = Enumerable.Range(0, H).Select(_ => new T[n * m]).ToArray();
        (_dX, _dXPrev, _pre, _scratch) = (new T[n * m], new T[n * m], new T[n * m], new T[n * m]);
        (_ga, _u, _e, _ones, _aColumn) = (new T[m * dy], new T[n * dy], new T[n * dy], Enumerable.Repeat(T.One, n).ToArray(), new T[m]);
        double first = Math.Sqrt(spec.Sigma.CSigma / m);
        _scale = Enumerable.Range(1, H).Select(h => T.CreateTruncating(
            h == 1 || !spec.Arch.Residual ? first : spec.CRes / (H * Math.Sqrt(m)))).ToArray();
    }

    private static T[] Convert(double[] v) => v.Select(T.CreateTruncating).ToArray();

    private bool Residual(int h) => Spec.Arch.Residual && h >= 2;

    /// <summary>Forward pass: every X_h and s_h σ'(G_h), u and e = u − y; returns L (summed in float64).</summary>
    public double Forward()
    {
        for (int h = 1; h <= Depth; h++)
        {
            int inner = h == 1 ? D : M;
            _la.Gemm(Op.None, Op.Transpose, N, M, inner, T.One, _x[h - 1], inner, _w[h - 1], inner, T.Zero, _pre, M);
            _job.Set(Elementwise.Kind.Activate, h);
            _split.Run(_job, N * M);
        }
        return ForwardOutput();
    }

    /// <inheritdoc/>
    public double ForwardOutput()
    {
        _la.Gemm(Op.None, Op.None, N, Outputs, M, T.One, _x[Depth], M, _a, Outputs, T.Zero, _u, Outputs); // a gemv for d_y = 1
        TensorPrimitives.Subtract(_u, _y, _e);
        return TwoLayerNet<T>.HalfSquaredNorm<T>(_e);
    }

    /// <summary>Backpropagation from the last forward pass: every weight's gradient (read by <see cref="Update"/>).</summary>
    public void Backward() => Backpropagate(Pass.Gradient, T.Zero);

    /// <summary>
    /// Backpropagation with the output weights of every input 1 instead of e_i, so δG_h row i is ∂u_ik/∂G_h for output
    /// k = <paramref name="output"/> (for the per-layer Gram matrices); no weight gradient is formed.
    /// </summary>
    private void BackwardPerSample(int output = 0)
    {
        for (int r = 0; r < M; r++) _aColumn[r] = _a[r * Outputs + output];
        Backpropagate(Pass.PerSample, T.Zero);
    }

    /// <summary>
    /// Backpropagation and the update in one pass: each W_h ← W_h − η δG_hᵀX_{h−1} is a gemm with α = −η, β = 1 run
    /// after δX_{h−1} = δG_h W_h has used the old W_h, so no gradient array is written and read back. The same step as
    /// <see cref="Backward"/> then <see cref="Update"/> up to rounding; <see cref="Gradient"/> is not filled.
    /// </summary>
    public void Step(T eta) => Backpropagate(Pass.Step, eta);

    private enum Pass { Gradient, PerSample, Step }

    private void Backpropagate(Pass pass, T eta)
    {
        var e = pass == Pass.PerSample ? _ones : _e;
        if (pass != Pass.PerSample) OutputGradient();
        // δX_H = e aᵀ (rank one for one output; n×d_y times d_y×m for several), with the a of this step.
        if (Outputs == 1 || pass == Pass.PerSample)
        {
            var a = pass == Pass.PerSample ? _aColumn : _a;
            for (int i = 0; i < N; i++) TensorPrimitives.Multiply(a, e[i], _dX.AsSpan(i * M, M));
        }
        else _la.Gemm(Op.None, Op.Transpose, N, M, Outputs, T.One, e, Outputs, _a, Outputs, T.Zero, _dX, M);
        if (pass == Pass.Step) TensorPrimitives.MultiplyAdd(_ga, -eta, _a, _a);
        var dX = _dX;
        var dXPrev = _dXPrev;
        for (int h = Depth; h >= 1; h--)
        {
            int inner = h == 1 ? D : M;
            var dG = _dG[h - 1];
            _job.Set(Elementwise.Kind.Mask, h, dX);
            _split.Run(_job, N * M);
            if (h > 1)
            {
                if (Residual(h)) dX.CopyTo(dXPrev, 0);
                _la.Gemm(Op.None, Op.None, N, M, M, T.One, dG, M, _w[h - 1], M, Residual(h) ? T.One : T.Zero, dXPrev, M);
            }
            if (pass == Pass.Gradient) _la.Gemm(Op.Transpose, Op.None, M, inner, N, T.One, dG, M, _x[h - 1], inner, T.Zero, _gw[h - 1], inner);
            else if (pass == Pass.Step) _la.Gemm(Op.Transpose, Op.None, M, inner, N, -eta, dG, M, _x[h - 1], inner, T.One, _w[h - 1], inner);
            (dX, dXPrev) = (dXPrev, dX);
        }
    }

    /// <summary>∇a = X_Hᵀ e (m × d_y) into the gradient buffer.</summary>
    private void OutputGradient() =>
        _la.Gemm(Op.Transpose, Op.None, M, Outputs, N, T.One, _x[Depth], M, _e, Outputs, T.Zero, _ga, Outputs);

    /// <inheritdoc/>
    public void StepOutput(T eta)
    {
        OutputGradient();
        TensorPrimitives.MultiplyAdd(_ga, -eta, _a, _a);
    }

    /// <inheritdoc/>
    public double[] Features() => [.. _x[Depth].Select(double.CreateTruncating)];

    /// <summary>Gradient descent: every W^(h) and a move by −η times their gradient.</summary>
    public void Update(T eta)
    {
        _job.Eta = eta;
        for (int h = 1; h <= Depth; h++)
        {
            _job.Set(Elementwise.Kind.Update, h);
            _split.Run(_job, _w[h - 1].Length);
        }
        TensorPrimitives.MultiplyAdd(_ga, -eta, _a, _a);
    }

    /// <inheritdoc/>
    public void Dispose() => _split.Dispose();

    /// <summary>
    /// The elementwise passes of a step, run over index ranges so that <see cref="WorkSplitter"/> can share them between
    /// two threads without allocating. <see cref="Set"/> chooses the pass and the layer before each run.
    /// </summary>
    private sealed class Elementwise(DeepNet<T> net) : IRangeJob
    {
        public enum Kind { Activate, Mask, Update }

        private Kind _kind;
        private int _h;
        private T[] _dX = [];
        public T Eta;

        public void Set(Kind kind, int layer, T[]? dX = null) => (_kind, _h, _dX) = (kind, layer, dX ?? _dX);

        public void Run(int start, int end)
        {
            int len = end - start;
            switch (_kind)
            {
                case Kind.Activate:
                    {
                        // X_h = s_h σ(G_h) (+ X_{h−1} through the skip), and the scaled derivative s_h σ'(G_h).
                        var deriv = net._deriv[_h - 1].AsSpan(start, len);
                        var act = net._x[_h].AsSpan(start, len);
                        net.Spec.Sigma.ApplyLayer<T>(net._pre.AsSpan(start, len), act, deriv, net._scratch.AsSpan(start, len), net._scale[_h - 1],
                            net.Residual(_h) ? net._x[_h - 1].AsSpan(start, len) : default);
                        break;
                    }
                case Kind.Mask: // δG_h = δX_h ∘ s_h σ'(G_h)
                    TensorPrimitives.Multiply(_dX.AsSpan(start, len), net._deriv[_h - 1].AsSpan(start, len), net._dG[_h - 1].AsSpan(start, len));
                    break;
                default: // W_h ← W_h − η ∇W_h
                    var w = net._w[_h - 1].AsSpan(start, len);
                    TensorPrimitives.MultiplyAdd(net._gw[_h - 1].AsSpan(start, len), -Eta, w, w);
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public double[] OutputWeights() => [.. _a.Select(double.CreateTruncating)];

    /// <inheritdoc/>
    public void CopyWeightsFrom(IDeepNetwork<T> network)
    {
        if (network is not DeepNet<T> other || other.M != M || other.D != D || other.Outputs != Outputs || other.Spec != Spec) throw new ArgumentException("the networks differ in shape", nameof(network));
        for (int h = 0; h < Depth; h++) other._w[h].CopyTo(_w[h], 0);
        other._a.CopyTo(_a, 0);
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, int[] Shape)> WeightShapes =>
        [.. Enumerable.Range(1, Depth).Select(h => ($"W{h}", new[] { M, h == 1 ? D : M })), ("a", Outputs == 1 ? [M] : [M, Outputs])];

    /// <inheritdoc/>
    public NetworkWeights Weights() => new(
        [.. WeightShapes.Select((s, k) => new WeightTensor(s.Name, s.Shape, (k < Depth ? _w[k] : _a).Select(double.CreateTruncating).ToArray()))]);

    /// <inheritdoc/>
    public void SetInitialWeights(NetworkWeights weights)
    {
        for (int k = 0; k <= Depth; k++)
        {
            var (w, w0) = k < Depth ? (_w[k], _w0[k]) : (_a, _a0);
            var v = weights.Tensors[k].Values;
            if (v.Length != w.Length) throw new ArgumentException($"{weights.Tensors[k].Name}: {v.Length} values, expected {w.Length}", nameof(weights));
            for (int i = 0; i < v.Length; i++) w[i] = w0[i] = T.CreateTruncating(v[i]);
        }
    }

    /// <summary>The residual u − y of the last forward pass: n values, or n × d_y row-major.</summary>
    public void Residual(Span<double> dest)
    {
        for (int i = 0; i < _e.Length; i++) dest[i] = double.CreateTruncating(_e[i]);
    }

    /// <summary>‖W^(h)(k) − W^(h)(0)‖_F for h = 1..H into dest[0..H−1], and ‖a(k) − a(0)‖ into dest[H].</summary>
    public void LayerMovement(Span<double> dest)
    {
        for (int h = 0; h < Depth; h++) dest[h] = double.CreateTruncating(TensorPrimitives.Distance<T>(_w[h], _w0[h]));
        dest[Depth] = double.CreateTruncating(TensorPrimitives.Distance<T>(_a, _a0));
    }
}
