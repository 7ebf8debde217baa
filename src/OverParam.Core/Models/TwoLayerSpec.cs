namespace OverParam.Models;

/// <summary>
/// The two-layer ReLU network of Du et al. (ICLR 2019, Eq. 1), f(W, a, x) = (1/√m) Σ_r a_r ReLU(w_rᵀx),
/// optionally with biases ReLU(w_rᵀx + b_r) (Jentzen &amp; Kröger 2021) and optionally with a trained (§3.2).
/// </summary>
/// <param name="Width">m, the number of hidden units (≥ 1).</param>
/// <param name="Bias">Whether each unit has a trained bias b_r, drawn with w_r as (w_r, b_r) ~ N(0, I_{d+1}).</param>
/// <param name="TrainOutput">Whether a is trained too (joint training, §3.2); the paper's default keeps it fixed.</param>
/// <param name="InitScale">κ &gt; 0: w_r(0) ~ N(0, κ²I) (and b_r(0) ~ N(0, κ²)), the small-initialization setting of Arora et al.
/// (ICML 2019, §3), where u(0) ≈ 0 and ‖y − u(k)‖ ≈ √(Σ_i (1 − ηλ_i)^{2k} (v_iᵀy)²). Du et al.'s is κ = 1. H∞ does not
/// depend on κ (the ReLU pattern sees only w's direction); E[u_i(0)²] = κ²‖x_i‖²/2.</param>
public sealed record TwoLayerSpec(int Width, bool Bias, bool TrainOutput, double InitScale = 1)
{
    /// <summary>Checks κ (the width is checked where it is required: check takes none); throws <see cref="IO.InputException"/>.</summary>
    public TwoLayerSpec Validate()
    {
        if (!(InitScale > 0 && double.IsFinite(InitScale))) throw new IO.InputException($"--init-scale must be a finite number > 0, got {InitScale}");
        return this;
    }

    /// <summary>Trainable parameters on inputs of dimension d: W (m·d), and b (m) and a (m·d_y for d_y outputs) where trained.</summary>
    public long ParameterCount(int d, int outputs = 1) => (long)Width * d + (Bias ? Width : 0) + (TrainOutput ? (long)Width * outputs : 0);

    /// <summary>The name of this variant: "du2019", "du2019-joint", "bias" or "bias-joint".</summary>
    public string Variant => (Bias ? "bias" : "du2019") + (TrainOutput ? "-joint" : "");

    /// <summary>The infinite-width Gram matrix the training dynamics follow (Du et al. Eq. 7; §3.2 when a is trained).</summary>
    public Kernels.TwoLayerKernel Kernel => (Bias, TrainOutput) switch
    {
        (false, false) => Kernels.TwoLayerKernel.Du2019,
        (false, true) => Kernels.TwoLayerKernel.Du2019Joint,
        (true, false) => Kernels.TwoLayerKernel.Bias,
        (true, true) => Kernels.TwoLayerKernel.BiasJoint,
    };

    /// <summary>The Gram matrix whose λ_min is the theorem's λ0 (H∞; with biases, H∞ of (x, 1)).</summary>
    public Kernels.TwoLayerKernel Lambda0Kernel => Bias ? Kernels.TwoLayerKernel.Bias : Kernels.TwoLayerKernel.Du2019;
}
