using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// The 1-D convolutional ResNet of Du et al. (ICML 2019, §7): inputs d0 × p, patches of q positions with zero padding,
/// the ResNet's recursion on them, f = ⟨a, x^(H)⟩ with a ∈ R^{m×p}. K^(H) by Def. 7.1 as derived in
/// docs/conv-resnet-kernel.md (our derivation). Theorem 7.1 asks m = poly(p)·max{n⁴/(λ⁴H⁶), n⁴/(λ⁴H²), n/δ, n² log(Hn/δ)/λ²}
/// and η = O(λH²/(n² poly(p))), with poly(p) written as p. The empirical kernel (the mean of G^(H)(0) over
/// <see cref="EmpiricalKernelSeeds"/> initializations at the run's width) is reported next to the limit.
/// </summary>
public sealed class ConvResNetArchitecture : DeepArchitecture
{
    /// <summary>Initializations averaged for the empirical kernel.</summary>
    public const int EmpiricalKernelSeeds = 4;

    /// <inheritdoc/>
    public override Architecture Architecture => Architecture.ConvResNet;

    /// <inheritdoc/>
    public override string Description => "1-D convolutional ResNet (--channels, --patch), every layer trained (Du et al. ICML 2019 §7, Thm 7.1)";

    /// <inheritdoc/>
    public override DeepTheoremFormulas Theorem { get; } = new("Du et al. ICML 2019, Thm 7.1", "poly(p) written as p",
        "p·max{n⁴/(λ⁴H⁶), n⁴/(λ⁴H²), n/δ, n²log(Hn/δ)/λ²}", "λH²/(n²p)",
        t => t.Positions * Math.Max(Math.Max(Math.Pow(t.N, 4) / (Math.Pow(t.Lambda, 4) * Math.Pow(t.Depth, 6)), Math.Pow(t.N, 4) / (Math.Pow(t.Lambda, 4) * t.Depth * t.Depth)),
            Math.Max(t.N / t.Delta, t.LogTerm)),
        t => t.Lambda * t.Depth * t.Depth / (t.N * t.N * t.Positions));

    /// <inheritdoc/>
    public override string KernelDefinition => "K^(H), Def. 7.1 (position-pair recursion, our derivation: docs/conv-resnet-kernel.md)";

    /// <inheritdoc/>
    public override string KernelNote => "Def. 7.1: position-pair recursion (our derivation, docs/conv-resnet-kernel.md)";

    /// <inheritdoc/>
    public override void Validate(DeepSpec spec, int d)
    {
        spec.Validate();
        if (d % spec.Channels != 0) throw new InputException($"--channels {spec.Channels} does not divide d = {d}: inputs are d0×p with d = d0·p");
    }

    /// <inheritdoc/>
    public override IDeepNetwork<T> Build<T>(Dataset data, DeepSpec spec, int width, long seed, ILinearAlgebra la, int threads) =>
        new ConvResNet<T>(data, spec, width, seed, la);

    /// <inheritdoc/>
    public override int KernelMatrices(DeepSpec spec) => spec.Depth + 3;

    /// <inheritdoc/>
    /// <remarks>Its per-position arrays are not counted (an under-estimate said in the README).</remarks>
    public override double NetworkBytes(DeepSpec spec, double n, double d, double m, double t) => 0;

    /// <inheritdoc/>
    public override long ParameterCount(DeepSpec spec, int d, int m, int outputs = 1) =>
        (long)m * spec.Patch * spec.Channels + (long)(spec.Depth - 1) * m * spec.Patch * m + (long)m * (d / spec.Channels) * outputs;

    /// <inheritdoc/>
    public override int Positions(DeepSpec spec, int d) => d / spec.Channels;

    /// <inheritdoc/>
    public override DeepKindSettings Settings(DeepSpec spec) => new(spec.CRes, spec.Channels, spec.Patch);

    /// <summary>
    /// The empirical kernels, a measurement next to the infinite-width ones: the mean over <see cref="EmpiricalKernelSeeds"/>
    /// independent initializations at width <paramref name="width"/> of the per-layer Gram matrices G^(h)(0); K^(H) is the
    /// mean G^(H)(0), the NTK the mean Σ_h G^(h)(0). Seeds 1 000 000 + s, apart from any run's seed.
    /// </summary>
    internal static DeepKernels EmpiricalKernels<T>(Dataset data, DeepSpec spec, int width, ILinearAlgebra la) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = data.N, layers = spec.Depth + 1;
        var mean = Enumerable.Range(0, layers).Select(_ => new double[n * n]).ToArray();
        var grams = Enumerable.Range(0, layers).Select(_ => new double[n * n]).ToArray();
        for (int s = 0; s < EmpiricalKernelSeeds; s++)
        {
            using var net = new ConvResNet<T>(data, spec, width, 1_000_000 + s, la);
            net.Forward();
            net.LayerGrams(grams, new T[net.GramWorkLength]);
            for (int h = 0; h < layers; h++)
                for (int k = 0; k < n * n; k++) mean[h][k] += grams[h][k] / EmpiricalKernelSeeds;
        }
        return new DeepKernels(mean[spec.Depth - 1], mean, DeepKernel.SumOf(mean, new double[n * n]), mean[spec.Depth]);
    }

    /// <inheritdoc/>
    public override double? EmpiricalLambda<T>(Dataset data, DeepSpec spec, int width, ILinearAlgebra la) =>
        Spectrum.Smallest(la, EmpiricalKernels<T>(data, spec, width, la).KH, data.N, new double[(long)data.N * data.N], new double[data.N]);

    /// <inheritdoc/>
    public override EmpiricalKernelSummary? EmpiricalSummary(double lambda, int width) => new(Json.Finite(lambda), width, EmpiricalKernelSeeds,
        "mean of G^(H)(0) over independent initializations at this width: a finite-width measurement, not the theorem's λ");
}
