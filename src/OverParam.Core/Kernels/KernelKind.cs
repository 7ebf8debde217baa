using OverParam.Architectures;
using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// A kernel kind as one value: its command-line name, the paper that defines it, the one-line formula summaries write,
/// the networks whose gradient-descent dynamics it is the infinite-width limit of, and how it is computed: any block
/// K(A, B) from the inputs (<see cref="KernelBlock"/>, for the tiled and distributed paths), the whole n×n matrix, and the
/// matrix with the inputs' pair geometry. The experiments' registry (<c>KernelKinds</c>) lists every kind once; gram,
/// check, train, predict and the distributed path look kinds up there, by name or by what they train, and never parse a
/// name. Two families derive from it: <see cref="TwoLayerKernelKind"/> (H∞, G∞, H∞ + G∞ and the bias kernels of Du et al.
/// ICLR 2019, arXiv:1810.02054, and Jentzen &amp; Kröger 2021) and <see cref="DeepKernelKind"/> (K^(H), Θ and Σ^(H) of one
/// deep architecture of Du et al. ICML 2019, arXiv:1811.03804).
/// </summary>
/// <param name="Name">The name <c>--kernel</c> takes and summary.json's "kernel" writes, e.g. "du2019" or "ntk-resnet".</param>
/// <param name="Paper">Where it is defined: paper (arXiv id) and definition or section.</param>
/// <param name="Formula">One line for summary.json's "formula".</param>
/// <param name="Models">The networks, and which of their layers trained, whose dynamics it governs.</param>
public abstract record KernelKind(string Name, string Paper, string Formula, string Models)
{
    /// <summary>The deep architecture whose shape it takes (--depth, --activation, …), or null for a two-layer kernel.</summary>
    public abstract Architecture? Architecture { get; }

    /// <summary>Whether any block K(A, B) is formed entry by entry from the inputs (the tiled and distributed paths); the
    /// convolutional ResNet's position-pair recursion is not.</summary>
    public abstract bool Entrywise { get; }

    /// <summary>
    /// The kernel's blocks on <paramref name="data"/>'s inputs; <paramref name="deep"/> is the network's shape, given
    /// exactly when <see cref="Architecture"/> is (of that architecture).
    /// </summary>
    public abstract KernelBlock Block(Dataset data, DeepSpec? deep);

    /// <summary>The n×n kernel matrix of <paramref name="data"/> (row-major, symmetric), computed once.</summary>
    public abstract double[] Matrix(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism);

    /// <summary>The n×n kernel matrix with its inputs' pair geometry (<see cref="PairGeometry"/>), each computed once.</summary>
    public abstract GramMatrix Gram(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism);

    /// <summary>The name.</summary>
    public sealed override string ToString() => Name;
}
