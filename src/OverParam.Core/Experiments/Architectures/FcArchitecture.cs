using OverParam.Architectures;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// The fully connected net of Du et al. (ICML 2019, §5): x^(h) = √(c_σ/m) σ(W^(h) x^(h−1)), f = aᵀx^(H); K^(H) by Def. 5.1;
/// Theorem 5.1 asks m = 2^{O(H)} max{n⁴/λ⁴, n/δ, n² log(Hn/δ)/λ²} and η = O(λ/(n² 2^{O(H)})), with 2^{O(H)} written as 2^H.
/// </summary>
public sealed class FcArchitecture : DenseArchitecture
{
    /// <inheritdoc/>
    public override Architecture Architecture => Architecture.Fc;

    /// <inheritdoc/>
    public override string Description => "fully connected, every layer trained (Du et al. ICML 2019 §5, Thm 5.1)";

    /// <inheritdoc/>
    public override DeepTheoremFormulas Theorem { get; } = new("Du et al. ICML 2019, Thm 5.1", "2^{O(H)} written as 2^H",
        "2^H·max{n⁴/λ⁴, n/δ, n²log(Hn/δ)/λ²}", "λ/(n²2^H)",
        t => Math.Pow(2, t.Depth) * Math.Max(Math.Max(Math.Pow(t.N, 4) / Math.Pow(t.Lambda, 4), t.N / t.Delta), t.LogTerm),
        t => t.Lambda / (t.N * t.N * Math.Pow(2, t.Depth)));

    /// <inheritdoc/>
    public override string KernelDefinition => "K^(H), Def. 5.1";

    /// <inheritdoc/>
    public override string KernelNote => "Def. 5.1 recursion";
}
