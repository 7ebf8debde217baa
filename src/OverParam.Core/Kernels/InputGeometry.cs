using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The inputs' pair geometry (<see cref="PairGeometry"/>: the smallest angle, the pair closest to parallel or
/// anti-parallel, zero rows) on its own, for the kernels whose entries do not give it: the deep kernels of Du et al.
/// (ICML 2019), whose Theorems 5.1–7.1 assume no two inputs parallel, as Theorem 3.1 of Du et al. (ICLR 2019) does.
/// </summary>
/// <remarks>
/// <see cref="TwoLayerGram"/>'s own pass with no kernel: the same inner products (one dsyrk of the lower triangle), norms
/// and angles (<see cref="TwoLayerGram.Angle"/>, refined from the vectors near θ = 0 and π), so the geometry is the one
/// H∞'s pass records, bit for bit, without mapping a single entry to H∞. Memory: the n×n inner products, released on
/// return.
/// </remarks>
public static class InputGeometry
{
    /// <summary>The pair geometry of <paramref name="data"/>'s inputs (n = 1: no pair, NaN minima).</summary>
    public static PairGeometry Of(Dataset data, ILinearAlgebra la, int maxParallelism) =>
        TwoLayerGram.Pass(data.X, data.N, data.D, kernel: null, la, maxParallelism).Geometry;
}
