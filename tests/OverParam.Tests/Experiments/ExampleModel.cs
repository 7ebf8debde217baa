// The worked example of docs/extending.md, "A new model": the doc's code block is this file from the marker on, verbatim
// (ModelKindsTests.The_worked_example_in_the_docs_is_this_file checks it), and ModelKindsTests trains it.
// docs/extending.md begins
using OverParam.Architectures;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// A fully connected net of depth H whose layers are those of Du et al. (ICML 2019, §5), under its own name: the network
/// (<see cref="Models.DeepNet{T}"/>), the Def. 5.1 kernels, the memory and the parameter count come from
/// <see cref="DenseArchitecture"/>, and the theorem is Theorem 5.1 with 2^{O(H)} written as 3^H instead of 2^H.
/// </summary>
public sealed class WideFcArchitecture : DenseArchitecture
{
    /// <inheritdoc/>
    public override Architecture Architecture { get; } = new("fc-3h", Residual: false, Convolutional: false);

    /// <inheritdoc/>
    public override string Description => "fully connected, Theorem 5.1 with 2^{O(H)} written as 3^H (a worked example)";

    /// <inheritdoc/>
    public override DeepTheoremFormulas Theorem { get; } = new("Du et al. ICML 2019, Thm 5.1", "2^{O(H)} written as 3^H",
        "3^H·max{n⁴/λ⁴, n/δ, n²log(Hn/δ)/λ²}", "λ/(n²3^H)",
        t => Math.Pow(3, t.Depth) * Math.Max(Math.Max(Math.Pow(t.N, 4) / Math.Pow(t.Lambda, 4), t.N / t.Delta), t.LogTerm),
        t => t.Lambda / (t.N * t.N * Math.Pow(3, t.Depth)));

    /// <inheritdoc/>
    public override string KernelDefinition => "K^(H), Def. 5.1";

    /// <inheritdoc/>
    public override string KernelNote => "Def. 5.1 recursion";
}
