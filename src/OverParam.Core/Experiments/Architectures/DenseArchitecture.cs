using OverParam.Architectures;
using OverParam.Data;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary>
/// What the FC net and the ResNet share: the network <see cref="DeepNet{T}"/> (rows are inputs, every layer m wide) and
/// the Def. 5.1/6.1 kernel recursion, told apart by <see cref="Architecture.Residual"/>.
/// </summary>
public abstract class DenseArchitecture : DeepArchitecture
{
    /// <inheritdoc/>
    public override bool TrainsOutputLayerAlone => true;

    /// <inheritdoc/>
    public override IDeepNetwork<T> Build<T>(Dataset data, DeepSpec spec, int width, long seed, ILinearAlgebra la, int threads) =>
        new DeepNet<T>(data, spec, width, seed, la, threads);

    /// <inheritdoc/>
    /// <remarks>Σ^(0), G^(1..H+1) and Θ (H + 3, formed entry by entry: <see cref="OverParam.Kernels.DeepPairRecursion"/>), and the
    /// two-layer pair geometry (1).</remarks>
    public override int KernelMatrices(DeepSpec spec) => spec.Depth + 4;

    /// <inheritdoc/>
    /// <remarks>(4H + 4) n×m activations and their derivatives, and W, W(0) and ∇W of every layer.</remarks>
    public override double NetworkBytes(DeepSpec spec, double n, double d, double m, double t) =>
        t * ((4 * spec.Depth + 4) * n * m + 3 * (m * d + (spec.Depth - 1) * m * m));

    /// <inheritdoc/>
    public override long ParameterCount(DeepSpec spec, int d, int m, int outputs = 1) =>
        (long)m * d + (long)(spec.Depth - 1) * m * m + (long)m * outputs;
}
