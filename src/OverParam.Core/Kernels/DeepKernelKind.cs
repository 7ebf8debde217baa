using System.Diagnostics;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// One of a deep architecture's infinite-width kernels as a kernel kind (Du et al. ICML 2019, arXiv:1811.03804): K^(H), the
/// Gram limit of the last hidden layer's weights (Def. 5.1 / 6.1 / 7.1), named "du2019-ARCH"; the full NTK Θ = Σ_h G^(h)
/// (Arora et al. NeurIPS 2019, arXiv:1904.11955, §3), "ntk-ARCH"; or the NNGP Σ^(H) (Lee et al. ICLR 2018,
/// arXiv:1711.00165), "nngp-ARCH". The whole matrix comes from the architecture's kernels (<paramref name="Kernels"/>, which
/// the registry takes from the architecture's entry); blocks from <see cref="KernelBlock.Deep"/>, where the recursion is
/// entrywise; the pair geometry from the inputs alone (<see cref="InputGeometry"/>), so no two-layer H∞ is formed.
/// </summary>
/// <param name="Which">K^(H), Θ or Σ^(H).</param>
/// <param name="Arch">The architecture.</param>
/// <param name="Paper">Where it is defined.</param>
/// <param name="Formula">One line for summary.json's "formula".</param>
/// <param name="Models">The networks, and which layers trained, whose dynamics it governs.</param>
/// <param name="Kernels">Every kernel of the architecture on a data set, for a shape (its entry's <c>Kernels</c>).</param>
public sealed record DeepKernelKind(DeepMatrix Which, Architecture Arch, string Paper, string Formula, string Models,
    Func<Dataset, DeepSpec, ILinearAlgebra, int, DeepKernels> Kernels)
    : KernelKind($"{PrefixOf(Which)}-{Arch.Name}", Paper, Formula, Models)
{
    /// <summary>The name's first part: "du2019" (K^(H)), "ntk" (Θ) or "nngp" (Σ^(H)).</summary>
    public static string PrefixOf(DeepMatrix which) => which switch
    {
        DeepMatrix.KH => "du2019",
        DeepMatrix.Ntk => "ntk",
        DeepMatrix.Nngp => "nngp",
        _ => throw new UnreachableException($"deep matrix {which}"),
    };

    /// <inheritdoc/>
    public override Architecture? Architecture => Arch;

    /// <inheritdoc/>
    public override bool Entrywise => !Arch.Convolutional;

    /// <inheritdoc/>
    public override KernelBlock Block(Dataset data, DeepSpec? deep) => Entrywise
        ? KernelBlock.Deep(data, ShapeOf(deep).Validate(), Which)
        : throw new InvalidOperationException($"{Name} is not formed entry by entry (position-pair recursion)");

    /// <inheritdoc/>
    public override double[] Matrix(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism) =>
        Kernels(data, ShapeOf(deep), la, maxParallelism).Pick(Which);

    /// <inheritdoc/>
    public override GramMatrix Gram(Dataset data, DeepSpec? deep, ILinearAlgebra la, int maxParallelism)
    {
        // The geometry first: its n×n inner products are released before the kernels' H + 3 matrices are held.
        var geometry = InputGeometry.Of(data, la, maxParallelism);
        return new GramMatrix(Name, data.N, Matrix(data, deep, la, maxParallelism), geometry);
    }

    /// <summary><paramref name="deep"/>, after checking it is a shape of <see cref="Arch"/>.</summary>
    private DeepSpec ShapeOf(DeepSpec? deep) =>
        deep == null ? throw new ArgumentNullException(nameof(deep), $"{Name} needs the network's shape")
        : deep.Arch != Arch ? throw new ArgumentException($"{Name} is a kernel of {Arch.Name}, got a shape of {deep.Arch.Name}", nameof(deep))
        : deep;
}
