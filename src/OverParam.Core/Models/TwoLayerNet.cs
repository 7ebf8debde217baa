using System.Numerics;
using System.Numerics.Tensors;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Models;

/// <summary>
/// A two-layer ReLU network on a fixed data set, in precision T (float or double), with every buffer allocated once:
/// a gradient-descent step allocates nothing.
/// <para>Forward (Du et al. ICLR 2019, Eq. 1): Z = X Wᵀ (+ b), u = (1/√m) ReLU(Z) a, e = u − y, L = ½‖e‖² (Eq. 2, a sum).</para>
/// <para>Gradient (Eq. 4): ∂L/∂w_r = (1/√m) Σ_i e_i a_r 1{z_ir ≥ 0} x_i, i.e. ∇W = Mᵀ X with M_ir = e_i a_r 1{z_ir ≥ 0}/√m;
/// ∂L/∂b_r = Σ_i M_ir; ∂L/∂a_r = (1/√m) Σ_i e_i ReLU(z_ir). The subgradient convention is σ'(0) = 1 (the paper's footnote).</para>
/// <para>With d_y outputs (one-hot targets) a is m×d_y, U = (1/√m) ReLU(Z) A and E = U − Y are n×d_y, L = ½‖E‖_F², and
/// M = (E Aᵀ ⊙ 1{Z ≥ 0})/√m: every formula above with e_i a_r replaced by Σ_k e_ik a_rk, one more n×m×d_y product.</para>
/// Cost per step: two n×m×d products (4nmd flops) in BLAS, plus O(nm) vectorized elementwise work; in the dual form
/// (<see cref="StepForm.Dual"/>, TwoLayerNet.Dual.cs) one n×n×m product (2n²m flops) instead.
/// </summary>
public sealed partial class TwoLayerNet<T> : IGradientNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILinearAlgebra _la;
    private readonly T _invSqrtM;
    private readonly T[] _x, _y, _ones;
    private readonly T[] _w, _a, _b, _w0, _a0, _b0;
    private readonly T[] _z, _z0, _act, _mask, _u, _e, _ga, _gb;
    private T[] _gw;

    /// <summary>Points n, dimension d, width m.</summary>
    public int N { get; }

    /// <inheritdoc cref="N"/>
    public int D { get; }

    /// <inheritdoc cref="N"/>
    public int M { get; }

    /// <summary>d_y, the outputs (columns of a and of the targets).</summary>
    public int Outputs { get; }

    /// <summary>The model variant.</summary>
    public TwoLayerSpec Spec { get; }

    /// <summary>How a step is computed.</summary>
    public StepForm Form { get; }

    /// <summary>Sets up the network at its initial weights on <paramref name="data"/> (which must have labels).</summary>
    /// <param name="data">Inputs and labels.</param>
    /// <param name="spec">The variant and width.</param>
    /// <param name="init">W(0), a(0), b(0).</param>
    /// <param name="la">Backend.</param>
    /// <param name="form">Primal (two products a step) or dual (one n×n×m product a step).</param>
    /// <param name="refreshEvery">Dual form: recompute Z = Z(0) − K C from the accumulated C every this many steps, which
    /// bounds the rounding Z gathers from step to step (0: never).</param>
    public TwoLayerNet(Dataset data, TwoLayerSpec spec, TwoLayerWeights init, ILinearAlgebra la, StepForm form = StepForm.Primal, int refreshEvery = 0)
    {
        if (data.Y == null) throw new InputException($"{data.Source}: training needs labels (--labels)");
        if (init.M != spec.Width || init.D != data.D || init.Outputs != data.Outputs) throw new ArgumentException("weights do not match the network", nameof(init));
        if ((long)data.N * spec.Width > Array.MaxLength / 2)
            throw new InputException($"n·m = {(long)data.N * spec.Width} is too large for one activation matrix");
        if (refreshEvery < 0) throw new ArgumentOutOfRangeException(nameof(refreshEvery), "must be ≥ 0");
        (N, D, M, Outputs, Spec, _la, Form, _refreshEvery) = (data.N, data.D, spec.Width, data.Outputs, spec, la, form, refreshEvery);
        _invSqrtM = T.One / T.Sqrt(T.CreateChecked(M));
        _x = Convert(data.X);
        _y = Convert(data.Y);
        _ones = Enumerable.Repeat(T.One, N).ToArray();
        _w = Convert(init.W);
        _a = Convert(init.A);
        _b = spec.Bias ? Convert(init.B ?? throw new ArgumentException("the model has biases; the weights none", nameof(init))) : [];
        _w0 = (T[])_w.Clone();
        _a0 = (T[])_a.Clone();
        _b0 = (T[])_b.Clone();
        int nm = N * M;
        (_z, _z0, _act, _mask) = (new T[nm], new T[nm], new T[nm], new T[nm]);
        (_u, _e) = (new T[N * Outputs], new T[N * Outputs]);
        (_gw, _ga, _gb) = (form == StepForm.Primal ? new T[M * D] : [], new T[M * Outputs], new T[_b.Length]);
        PreActivations(_z0);
        (_k, _c, _dz) = form == StepForm.Dual ? (InnerProducts(), new T[nm], new T[nm]) : ([], [], []);
        (_movement, _rowWide, _rowProduct) = form == StepForm.Dual ? (new double[M], new double[M], new T[M]) : ([], [], []);
    }

    /// <summary>½ Σ e_i², accumulated in float64 whatever T is (the loss of Du et al.'s Eq. 2: a sum, not a mean).</summary>
    internal static double HalfSquaredNorm<TE>(ReadOnlySpan<TE> e) where TE : unmanaged, IFloatingPointIeee754<TE>
    {
        double sum = 0;
        foreach (var v in e) sum += double.CreateTruncating(v) * double.CreateTruncating(v);
        return 0.5 * sum;
    }

    private static T[] Convert(double[] v)
    {
        var r = new T[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = T.CreateTruncating(v[i]);
        return r;
    }

    /// <summary>dest = X Wᵀ (+ b): the pre-activations z_ir = w_rᵀx_i (+ b_r), n×m.</summary>
    private void PreActivations(Span<T> dest)
    {
        _la.Gemm(Op.None, Op.Transpose, N, M, D, T.One, _x, D, _w, D, T.Zero, dest, M);
        if (!Spec.Bias) return;
        for (int i = 0; i < N; i++)
        {
            var row = dest.Slice(i * M, M);
            TensorPrimitives.Add(row, _b, row);
        }
    }

    /// <summary>
    /// Forward pass at the current weights: fills Z, ReLU(Z), u and e = u − y, and returns L = ½ Σ_i e_i² (summed in float64;
    /// ½‖E‖_F² with d_y outputs).
    /// </summary>
    public double Forward()
    {
        if (Form == StepForm.Dual) TensorPrimitives.Add(_z0, _dz, _z); // Z(k) = Z(0) + ΔZ(k)
        else PreActivations(_z);
        TensorPrimitives.Max(_z, T.Zero, _act);
        _la.Gemm(Op.None, Op.None, N, Outputs, M, _invSqrtM, _act, M, _a, Outputs, T.Zero, _u, Outputs); // a gemv for d_y = 1
        TensorPrimitives.Subtract(_u, _y, _e);
        return HalfSquaredNorm<T>(_e);
    }

    /// <summary>Gradient of L at the weights of the last <see cref="Forward"/>, into the gradient buffers.</summary>
    public void Backward()
    {
        if (Outputs > 1) BackwardOutputs();
        else BackwardScalar();
        if (Form == StepForm.Primal) WeightGradient();
        if (Spec.TrainOutput) _la.Gemm(Op.Transpose, Op.None, M, Outputs, N, _invSqrtM, _act, M, _e, Outputs, T.Zero, _ga, Outputs);
    }

    /// <summary>M_ir = e_i a_r 1{z_ir ≥ 0}/√m, one vectorized pass.</summary>
    private void BackwardScalar()
    {
        var zero = Vector<T>.Zero;
        int width = Vector<T>.Count;
        for (int i = 0; i < N; i++)
        {
            T c = _e[i] * _invSqrtM;
            var z = _z.AsSpan(i * M, M);
            var mrow = _mask.AsSpan(i * M, M);
            int r = 0;
            var vc = new Vector<T>(c);
            for (; r <= M - width; r += width)
            {
                var on = Vector.GreaterThanOrEqual(new Vector<T>(z[r..]), zero);
                Vector.ConditionalSelect(on, vc * new Vector<T>(_a, r), zero).CopyTo(mrow[r..]);
            }
            for (; r < M; r++) mrow[r] = z[r] >= T.Zero ? c * _a[r] : T.Zero;
        }
    }

    /// <summary>M = (E Aᵀ ⊙ 1{Z ≥ 0})/√m: the n×d_y by d_y×m product, then the activation pattern.</summary>
    private void BackwardOutputs()
    {
        _la.Gemm(Op.None, Op.Transpose, N, M, Outputs, _invSqrtM, _e, Outputs, _a, Outputs, T.Zero, _mask, M);
        var zero = Vector<T>.Zero;
        int width = Vector<T>.Count, i = 0;
        for (; i <= _mask.Length - width; i += width)
        {
            var on = Vector.GreaterThanOrEqual(new Vector<T>(_z, i), zero);
            Vector.ConditionalSelect(on, new Vector<T>(_mask, i), zero).CopyTo(_mask, i);
        }
        for (; i < _mask.Length; i++) if (_z[i] < T.Zero) _mask[i] = T.Zero;
    }

    /// <summary>One gradient-descent update with step η (Du et al. Eq. 3): θ ← θ − η ∇θ L for every trained part.</summary>
    public void Update(T eta)
    {
        if (Form == StepForm.Dual) DualUpdate(eta);
        else
        {
            TensorPrimitives.MultiplyAdd(_gw, -eta, _w, _w);
            if (Spec.Bias) TensorPrimitives.MultiplyAdd(_gb, -eta, _b, _b);
        }
        if (Spec.TrainOutput) TensorPrimitives.MultiplyAdd(_ga, -eta, _a, _a);
    }

    /// <summary>One gradient step from the last forward pass: <see cref="Backward"/> then <see cref="Update"/>.</summary>
    public void Step(T eta)
    {
        Backward();
        Update(eta);
    }

    /// <summary>The residual u − y of the last forward pass, in float64 (n × d_y row-major).</summary>
    public void Residual(Span<double> dest)
    {
        for (int i = 0; i < _e.Length; i++) dest[i] = double.CreateTruncating(_e[i]);
    }

    /// <summary>The predictions u of the last forward pass, in float64 (n × d_y row-major).</summary>
    public void Predictions(Span<double> dest)
    {
        for (int i = 0; i < _u.Length; i++) dest[i] = double.CreateTruncating(_u[i]);
    }

    /// <summary>∇W = Mᵀ X and ∇b = Mᵀ1 from the residual-weighted mask M of the last <see cref="Backward"/>.</summary>
    private void WeightGradient()
    {
        if (_gw.Length == 0) _gw = new T[M * D]; // the dual form needs ∇W only when asked for it
        _la.Gemm(Op.Transpose, Op.None, M, D, N, T.One, _mask, M, _x, D, T.Zero, _gw, D);
        if (Spec.Bias) _la.Gemv(Op.Transpose, N, M, T.One, _mask, _ones, T.Zero, _gb);
    }

    /// <summary>The gradient of the last <see cref="Backward"/> in float64: (∇W, ∇a, ∇b).</summary>
    internal (double[] W, double[] A, double[] B) Gradient()
    {
        if (Form == StepForm.Dual) WeightGradient();
        return (_gw.Select(double.CreateTruncating).ToArray(), _ga.Select(double.CreateTruncating).ToArray(), _gb.Select(double.CreateTruncating).ToArray());
    }

    /// <summary>Takes <paramref name="other"/>'s current weights (same width, dimension and variant), e.g. to evaluate them on
    /// held-out data; allocates nothing.</summary>
    public void CopyWeightsFrom(TwoLayerNet<T> other)
    {
        if (other.M != M || other.D != D || other.Outputs != Outputs || other.Spec.Bias != Spec.Bias) throw new ArgumentException("the networks differ in shape", nameof(other));
        if (Form == StepForm.Dual) throw new InvalidOperationException("a network that takes another's weights computes Z from W: use the primal form");
        other.MaterializeWeights();
        other._w.CopyTo(_w, 0);
        other._a.CopyTo(_a, 0);
        other._b.CopyTo(_b, 0);
    }

    /// <summary>The current weights in float64 (the dual form builds W = W(0) − Cᵀ X first).</summary>
    public TwoLayerWeights Weights()
    {
        MaterializeWeights();
        return new(M, D, _w.Select(double.CreateTruncating).ToArray(), _a.Select(double.CreateTruncating).ToArray(),
            Spec.Bias ? _b.Select(double.CreateTruncating).ToArray() : null);
    }
}
