using OverParam.Architectures;

namespace OverParam.Kernels;

/// <summary>The infinite-width Gram matrices of two-layer ReLU networks.</summary>
public enum TwoLayerKernel
{
    /// <summary>"du2019": H∞ of Du et al. (ICLR 2019, Assumption 3.1), first layer trained, a fixed.</summary>
    Du2019,
    /// <summary>"du2019-output": G∞, the Gram matrix of the output weights a (§3.2).</summary>
    Du2019Output,
    /// <summary>"du2019-joint": H∞ + G∞, both layers trained (§3.2, Theorem 3.3).</summary>
    Du2019Joint,
    /// <summary>"bias": H∞ of the augmented inputs (x, 1): ReLU(wᵀx + b) with (w, b) ~ N(0, I_{d+1}) (Jentzen &amp; Kröger 2021).</summary>
    Bias,
    /// <summary>"bias-joint": H∞ + G∞ of the augmented inputs (x, 1): biases and output weights trained.</summary>
    BiasJoint,
}

/// <summary>Names of <see cref="TwoLayerKernel"/> on the command line and in summaries.</summary>
public static class TwoLayerKernels
{
    /// <summary>Name ↔ kernel.</summary>
    public static readonly IReadOnlyDictionary<string, TwoLayerKernel> ByName = new Dictionary<string, TwoLayerKernel>
    {
        ["du2019"] = TwoLayerKernel.Du2019,
        ["du2019-output"] = TwoLayerKernel.Du2019Output,
        ["du2019-joint"] = TwoLayerKernel.Du2019Joint,
        ["bias"] = TwoLayerKernel.Bias,
        ["bias-joint"] = TwoLayerKernel.BiasJoint,
    };

    /// <summary>Whether the kernel acts on the augmented inputs (x, 1).</summary>
    public static bool Augmented(this TwoLayerKernel kernel) => kernel is TwoLayerKernel.Bias or TwoLayerKernel.BiasJoint;

    /// <summary>The command-line name of <paramref name="kernel"/>.</summary>
    public static string Name(this TwoLayerKernel kernel) => ByName.First(p => p.Value == kernel).Key;

    /// <summary>
    /// One entry of the kernel from the pair's inner product x_iᵀx_j, norm product ‖x_i‖‖x_j‖ and angle θ_ij (of the
    /// augmented inputs for the bias kernels): <see cref="ArcCosine.H"/>, <see cref="ArcCosine.G"/> or their sum.
    /// </summary>
    public static double Entry(this TwoLayerKernel kernel, double inner, double normProduct, double theta) => kernel switch
    {
        TwoLayerKernel.Du2019 or TwoLayerKernel.Bias => ArcCosine.H(inner, theta),
        TwoLayerKernel.Du2019Output => ArcCosine.G(normProduct, theta),
        TwoLayerKernel.Du2019Joint or TwoLayerKernel.BiasJoint => ArcCosine.H(inner, theta) + ArcCosine.G(normProduct, theta),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };

    /// <summary>A one-line formula, for summaries and help.</summary>
    public static string Formula(this TwoLayerKernel kernel) => kernel switch
    {
        TwoLayerKernel.Du2019 => "H∞_ij = x_iᵀx_j (π − θ_ij)/(2π)",
        TwoLayerKernel.Du2019Output => "G∞_ij = ‖x_i‖‖x_j‖ (sin θ_ij + (π − θ_ij) cos θ_ij)/(2π)",
        TwoLayerKernel.Du2019Joint => "H∞_ij + G∞_ij",
        TwoLayerKernel.Bias => "H∞ of x̃ = (x, 1): x̃_iᵀx̃_j (π − θ̃_ij)/(2π)",
        TwoLayerKernel.BiasJoint => "H∞ + G∞ of x̃ = (x, 1)",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };
}
