using System.Numerics;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// Everything about one deep architecture of Du, Lee, Li, Wang, Zhai (ICML 2019), in one value: a <see cref="ModelKind"/>
/// whose options are a <see cref="DeepNetOptions"/>, with how to build its network for a precision, its infinite-width
/// kernels, its theorem, its memory and its parameter count. Jobs, the command line, sweep keys and reproductions find it
/// in <see cref="ModelKinds"/>; adding one is one file deriving from this class plus its entry there (docs/extending.md).
/// </summary>
public abstract partial class DeepArchitecture : ModelKind<DeepNetOptions>
{
    /// <summary>The structural facts the layers below branch on (and the name).</summary>
    public abstract Architecture Architecture { get; }

    /// <inheritdoc/>
    public override string Name => Architecture.Name;

    /// <summary>The theorem about it, as numbers.</summary>
    public abstract DeepTheoremFormulas Theorem { get; }

    /// <summary>Its K^(H), as the gram summary names it (e.g. "K^(H), Def. 6.1").</summary>
    public abstract string KernelDefinition { get; }

    /// <summary>How its kernels are obtained, for summaries.</summary>
    public abstract string KernelNote { get; }

    /// <summary>Its shape as the kernels and networks take it, from <paramref name="model"/>'s options.</summary>
    public DeepSpec Shape(ModelSpec model)
    {
        var o = OptionsOf(model);
        return new DeepSpec(Architecture, o.Depth, o.Sigma, o.CRes, o.Channels, o.Patch);
    }

    /// <summary>Checks the options that concern it against the data (e.g. channels dividing d); throws <see cref="IO.InputException"/>.</summary>
    public virtual void Validate(DeepSpec spec, int d) => spec.Validate();

    /// <summary>Its network on <paramref name="data"/> at width m, every weight N(0, 1) from <paramref name="seed"/>.</summary>
    public abstract IDeepNetwork<T> Build<T>(Dataset data, DeepSpec spec, int width, long seed, ILinearAlgebra la, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Its infinite-width kernels on <paramref name="data"/>: K^(H), every layer's Gram limit, the NTK, the NNGP.</summary>
    public virtual DeepKernels Kernels(Dataset data, DeepSpec spec, ILinearAlgebra la, int maxParallelism) =>
        DeepKernel.Compute(data, spec, la, maxParallelism);

    /// <summary>n×n float64 matrices its kernel computation holds at its peak (the gram job's estimate).</summary>
    public abstract int KernelMatrices(DeepSpec spec);

    /// <summary>Bytes of its network's arrays for n inputs of dimension d at width m, T of <paramref name="bytesPerValue"/> bytes.</summary>
    public abstract double NetworkBytes(DeepSpec spec, double n, double d, double m, double bytesPerValue);

    /// <summary>Trainable parameters: every W^(h) and a (m × d_y for <paramref name="outputs"/> = d_y outputs).</summary>
    public abstract long ParameterCount(DeepSpec spec, int d, int m, int outputs = 1);

    /// <summary>p, the positions Theorem 7.1's poly(p) counts (1 where the theorem has none).</summary>
    public virtual int Positions(DeepSpec spec, int d) => 1;

    /// <summary>The options that concern it, for summary.json settings (after depth, activation and c_sigma; null where it has none).</summary>
    public virtual DeepKindSettings Settings(DeepSpec spec) => new();

    /// <summary>A finite-width measurement of K^(H)'s λ_min to report next to the limit's, or null where there is none.</summary>
    public virtual double? EmpiricalLambda<T>(Dataset data, DeepSpec spec, int width, ILinearAlgebra la) where T : unmanaged, IFloatingPointIeee754<T> => null;

    /// <summary>summary.json's empirical_kernel for <see cref="EmpiricalLambda"/>, or null.</summary>
    public virtual EmpiricalKernelSummary? EmpiricalSummary(double lambda, int width) => null;
}
