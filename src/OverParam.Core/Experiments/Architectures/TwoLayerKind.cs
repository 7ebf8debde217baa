using OverParam.Data;
using OverParam.IO;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary>
/// The two-layer ReLU net f(W, a, x) = (1/√m) Σ_r a_r ReLU(w_rᵀx) of Du et al. (ICLR 2019, Eq. 1) as a registry entry.
/// Its options give the variants: biases ReLU(w_rᵀx + b_r) (Jentzen &amp; Kröger 2021), a trained too (§3.2), and the
/// small initialization w_r(0) ~ N(0, κ²I) of Arora et al. (ICML 2019). Its theorem is Du et al.'s Theorem 4.1 (Arora
/// et al.'s Theorem 4.1 from a small initialization); its kernel H∞ (Eq. 7) or the variant's.
/// </summary>
public sealed partial class TwoLayerKind : ModelKind<TwoLayerOptions>
{
    /// <inheritdoc/>
    public override string Name => "two-layer";

    /// <inheritdoc/>
    public override string Description => "Du et al. ICLR 2019; Jentzen & Kröger with --bias";

    /// <inheritdoc/>
    /// <remarks>The default model, listed first as "two-layer (…), or" before the others.</remarks>
    public override string Listing => $"{Name} ({Description})";

    /// <summary>The network's own spec (width and options) that <see cref="TwoLayerNet{T}"/> and its kernels take.</summary>
    public TwoLayerSpec Net(ModelSpec model)
    {
        var o = OptionsOf(model);
        return new TwoLayerSpec(model.Width, o.Bias, o.TrainOutput, o.InitScale);
    }

    /// <inheritdoc/>
    /// <remarks>The deep nets' options (depth, activation, c_res, channels, patch) do not concern it and are not read.</remarks>
    public override ModelSpec Spec(ModelFlags flags) =>
        new(this, flags.Width, new TwoLayerOptions(flags.Bias, flags.TrainOutput, flags.InitScale));

    /// <inheritdoc/>
    public override string VariantName(ModelSpec model) => Net(model).Variant;

    /// <inheritdoc/>
    public override long ParameterCount(ModelSpec model, int d, int outputs = 1) => Net(model).ParameterCount(d, outputs);

    /// <inheritdoc/>
    public override void Validate(TrainSpec spec)
    {
        var net = Net(spec.Model).Validate();
        if (net.InitScale != 1 && spec.InitW != null) throw new InputException("--init-scale and --init-w both set W(0); give one of them");
        if (spec.InitFrom != null && net.InitScale != 1)
            throw new InputException("--init-from sets every initial weight; leave out --init-w, --init-a, --init-b and --init-scale");
    }

    /// <summary>The step's form on <paramref name="data"/>: the one asked for, else the cheaper (<see cref="StepForms.Cheaper"/>).</summary>
    public StepForm FormFor(TrainSpec spec, Dataset data) => spec.Form ?? StepForms.Cheaper(data.N, data.D + (Net(spec.Model).Bias ? 1 : 0));

    /// <inheritdoc/>
    /// <remarks>H∞, the inner products, the spectrum's copy, the kernel prediction's eigenvectors and copy, the Gram
    /// tracker's H(0), H(k), work and counts (9 n×n), plus the network's n×m activations (4 of them) and its m×d weights
    /// (3). The dual form holds K (n×n of T) and C, ΔZ (two more n×m) and no ∇W.</remarks>
    public override MemoryEstimate Memory(TrainSpec spec, Dataset data, string what, double extraBytes, string extraNote)
    {
        double t = spec.Precision == Training.Precision.F32 ? 4 : 8, n = data.N, m = spec.Model.Width, d = data.D;
        return FormFor(spec, data) == StepForm.Dual // K (n×n) and C, ΔZ (n×m) in place of ∇W (m×d)
            ? MemoryBudget.Squares(what, data.N, 9, t * (6 * n * m + 2 * m * (d + 1) + n * n) + extraBytes, "for the network (dual form)" + extraNote)
            : MemoryBudget.Squares(what, data.N, 9, t * (4 * n * m + 3 * m * (d + 1)) + extraBytes, "for the network" + extraNote);
    }

    /// <inheritdoc/>
    /// <remarks>H∞ with biases or a trained a as the run has them (Du et al. Eq. 7; §3.2).</remarks>
    public override GramSpec DynamicsKernel(TrainSpec run) => new(run.Data, KernelKinds.Of(Net(run.Model).Kernel), false, false, null);

    /// <inheritdoc/>
    public override string ShapeNote(ModelSpec model) => "";

    /// <inheritdoc/>
    public override string Lambda0Name => "λ0";

    /// <inheritdoc/>
    /// <remarks>P + m (the output layer's pass), one position, one layer, no kernel recursion.</remarks>
    public override StepCost Cost(ModelSpec model, int d) => new(ParameterCount(model, d) + model.Width, 1, 1, 0);
}
