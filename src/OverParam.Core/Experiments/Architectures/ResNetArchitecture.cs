using OverParam.Architectures;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// The ResNet of Du et al. (ICML 2019, §6): x^(1) = √(c_σ/m) σ(W^(1)x), x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h) x^(h−1));
/// K^(H) by Def. 6.1; Theorem 6.1 asks m = max{n⁴/(λ⁴H⁶), n²/(λ²H²), n/δ, n² log(Hn/δ)/λ²} and η = O(λH²/n²).
/// </summary>
public sealed class ResNetArchitecture : DenseArchitecture
{
    /// <inheritdoc/>
    public override Architecture Architecture => Architecture.ResNet;

    /// <inheritdoc/>
    public override string Description => "ResNet, every layer trained (Du et al. ICML 2019 §6, Thm 6.1)";

    /// <inheritdoc/>
    public override DeepTheoremFormulas Theorem { get; } = new("Du et al. ICML 2019, Thm 6.1", "",
        "max{n⁴/(λ⁴H⁶), n²/(λ²H²), n/δ, n²log(Hn/δ)/λ²}", "λH²/n²",
        t => Math.Max(Math.Max(Math.Pow(t.N, 4) / (Math.Pow(t.Lambda, 4) * Math.Pow(t.Depth, 6)), t.N * t.N / (t.Lambda * t.Lambda * t.Depth * t.Depth)),
            Math.Max(t.N / t.Delta, t.LogTerm)),
        t => t.Lambda * t.Depth * t.Depth / (t.N * t.N));

    /// <inheritdoc/>
    public override string KernelDefinition => "K^(H), Def. 6.1";

    /// <inheritdoc/>
    public override string KernelNote => "Def. 6.1 recursion";

    /// <inheritdoc/>
    public override DeepKindSettings Settings(DeepSpec spec) => new(CRes: spec.CRes);
}
