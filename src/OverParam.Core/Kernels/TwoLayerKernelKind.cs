using OverParam.Architectures;
using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// A two-layer ReLU network's infinite-width Gram matrix as a kernel kind: H∞ (Du et al. ICLR 2019, arXiv:1810.02054,
/// Assumption 3.1), G∞ and H∞ + G∞ (§3.2), or H∞ and H∞ + G∞ of the inputs (x, 1) (Jentzen &amp; Kröger 2021). Its name
/// and formula are <see cref="TwoLayerKernel"/>'s; its entries, blocks and pair geometry come from one pass over the
/// inputs' inner products (<see cref="TwoLayerGram"/>, <see cref="KernelBlock.TwoLayer"/>).
/// </summary>
/// <param name="Kernel">Which two-layer Gram matrix.</param>
/// <param name="Paper">Where it is defined.</param>
/// <param name="Models">The two-layer nets (which layers trained, with or without biases) whose dynamics it governs.</param>
public sealed record TwoLayerKernelKind(TwoLayerKernel Kernel, string Paper, string Models)
    : KernelKind(Kernel.Name(), Paper, Kernel.Formula(), Models)
{
    /// <inheritdoc/>
    public override Architecture? Architecture => null;

    /// <inheritdoc/>
    public override bool Entrywise => true;

    /// <inheritdoc/>
    public override KernelBlock Block(Dataset data, DeepSpec? deep) => KernelBlock.TwoLayer(data, Shapeless(deep));

    /// <inheritdoc/>
    public override double[] Matrix(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism) =>
        Gram(data, deep, la, maxParallelism).Values;

    /// <inheritdoc/>
    public override GramMatrix Gram(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism) =>
        TwoLayerGram.Compute(data, Shapeless(deep), la, maxParallelism);

    /// <summary><see cref="Kernel"/>, after checking that no deep shape came with it.</summary>
    private TwoLayerKernel Shapeless(DeepSpec? deep) =>
        deep == null ? Kernel : throw new ArgumentException($"{Name} is a two-layer kernel and takes no deep shape, got {deep.Name}", nameof(deep));
}
