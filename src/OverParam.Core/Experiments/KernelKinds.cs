using OverParam.Architectures;
using OverParam.IO;
using OverParam.Kernels;

namespace OverParam.Experiments;

/// <summary>
/// The registry of kernel kinds (<see cref="KernelKind"/>): the five two-layer Gram matrices and, for every architecture of
/// <see cref="DeepArchitectures"/>, its K^(H), NTK and NNGP. <c>--kernel</c> of gram and predict takes exactly
/// <see cref="Names"/>; train, check and the held-out comparison ask for the kind of the network they train
/// (<see cref="Of(TwoLayerKernel)"/>, <see cref="Of(DeepMatrix, Architecture)"/>). Adding a kind is one entry here
/// (docs/extending.md).
/// </summary>
public static class KernelKinds
{
    private const string DuIclr = "Du et al. ICLR 2019 (arXiv:1810.02054)";
    private const string DuIcml = "Du et al. ICML 2019 (arXiv:1811.03804)";

    /// <summary>H∞: the first layer trained, a fixed (Assumption 3.1, Theorem 4.1).</summary>
    public static readonly TwoLayerKernelKind Du2019 = new(TwoLayerKernel.Du2019, $"{DuIclr}, Assumption 3.1",
        "two-layer ReLU net, first layer trained, output weights a fixed");

    /// <summary>G∞: the output weights' Gram matrix (§3.2).</summary>
    public static readonly TwoLayerKernelKind Du2019Output = new(TwoLayerKernel.Du2019Output, $"{DuIclr}, §3.2",
        "two-layer ReLU net, output weights a alone");

    /// <summary>H∞ + G∞: both layers trained (§3.2, Theorem 3.3).</summary>
    public static readonly TwoLayerKernelKind Du2019Joint = new(TwoLayerKernel.Du2019Joint, $"{DuIclr}, §3.2, Theorem 3.3",
        "two-layer ReLU net, both layers trained (--train-output)");

    /// <summary>H∞ of the inputs (x, 1): trained biases.</summary>
    public static readonly TwoLayerKernelKind Bias = new(TwoLayerKernel.Bias, "Jentzen & Kröger 2021",
        "two-layer ReLU net with trained biases, a fixed (--bias)");

    /// <summary>H∞ + G∞ of the inputs (x, 1): biases and output weights trained.</summary>
    public static readonly TwoLayerKernelKind BiasJoint = new(TwoLayerKernel.BiasJoint, "Jentzen & Kröger 2021",
        "two-layer ReLU net with trained biases and output weights (--bias --train-output)");

    /// <summary>Every two-layer kind, one per <see cref="TwoLayerKernel"/>.</summary>
    public static readonly IReadOnlyList<TwoLayerKernelKind> TwoLayer = [Du2019, Du2019Output, Du2019Joint, Bias, BiasJoint];

    /// <summary>Every deep kind: K^(H), then the NTKs, then the NNGPs, each over <see cref="DeepArchitectures.All"/>.</summary>
    public static readonly IReadOnlyList<DeepKernelKind> Deep =
        [.. new[] { DeepMatrix.KH, DeepMatrix.Ntk, DeepMatrix.Nngp }.SelectMany(m => DeepArchitectures.All.Select(a => Entry(m, a)))];

    /// <summary>Every kind, two-layer first.</summary>
    public static readonly IReadOnlyList<KernelKind> All = [.. TwoLayer, .. Deep];

    /// <summary>Every kind's name, as <c>--kernel</c> takes it.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(k => k.Name)];

    /// <summary>The kind named <paramref name="name"/>; an unknown name is refused in one line naming <paramref name="option"/> and every name.</summary>
    public static KernelKind Find(string name, string option = "--kernel") =>
        All.FirstOrDefault(k => k.Name == name)
        ?? throw new InputException($"{option}: unknown kernel '{name}'; expected one of {string.Join(", ", Names)}");

    /// <summary>
    /// The model kind whose network <paramref name="kernel"/> is the limit of: its deep architecture's entry, or the
    /// two-layer net. Which options gram and predict read with the kernel follows from it (<c>Setting.AppliesTo</c>).
    /// </summary>
    public static ModelKind ModelOf(KernelKind kernel) => kernel.Architecture is { } arch ? DeepArchitectures.Of(arch) : ModelKinds.TwoLayer;

    /// <summary>The two-layer kind of <paramref name="kernel"/> (every value is registered).</summary>
    public static TwoLayerKernelKind Of(TwoLayerKernel kernel) =>
        TwoLayer.FirstOrDefault(k => k.Kernel == kernel) ?? throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "no kernel kind registered");

    /// <summary>The deep kind <paramref name="which"/> of <paramref name="arch"/>.</summary>
    public static DeepKernelKind Of(DeepMatrix which, Architecture arch) =>
        Deep.FirstOrDefault(k => k.Which == which && k.Arch == arch)
        ?? throw new ArgumentOutOfRangeException(nameof(arch), arch, $"no {which} kernel kind registered");

    /// <summary>The registry entry of <paramref name="which"/> for the architecture <paramref name="entry"/>.</summary>
    private static DeepKernelKind Entry(DeepMatrix which, DeepArchitecture entry) => which switch
    {
        DeepMatrix.KH => new(which, entry.Architecture, $"{DuIcml}, {entry.KernelDefinition}", entry.KernelDefinition,
            $"{entry.Name} net: the Gram limit of the last hidden layer's weights W^(H)", entry.Kernels),
        DeepMatrix.Ntk => new(which, entry.Architecture, "Arora et al. NeurIPS 2019 (arXiv:1904.11955), §3",
            "Θ = Σ_h G^(h), all layers (Arora et al. 2019, §3)", $"{entry.Name} net, every layer trained (--train-layers all)", entry.Kernels),
        DeepMatrix.Nngp => new(which, entry.Architecture, "Lee et al. ICLR 2018 (arXiv:1711.00165)",
            "Σ^(H): lim E[f(x_i) f(x_j)] at initialization", $"{entry.Name} net, output layer alone trained (--train-layers last)", entry.Kernels),
        _ => throw new System.Diagnostics.UnreachableException($"deep matrix {which}"),
    };
}
