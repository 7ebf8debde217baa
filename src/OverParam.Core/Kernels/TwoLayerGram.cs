using System.Numerics.Tensors;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>An n×n Gram matrix (row-major, full and symmetric) with the pair geometry of its inputs.</summary>
public sealed record GramMatrix(string Kernel, int N, double[] Values, PairGeometry Geometry);

/// <summary>
/// Builds the two-layer infinite-width Gram matrices H∞, G∞, H∞ + G∞ and the bias variant from data, at BLAS speed:
/// one dsyrk for the inner products x_iᵀx_j, then one pass over the lower triangle that turns each inner product into
/// the kernel entry and records the pair geometry.
/// </summary>
/// <remarks>
/// Angles come from the cosine x_iᵀx_j/(‖x_i‖‖x_j‖) except for nearly (anti-)parallel pairs, |cos| &gt; 1 − <see cref="RefineBelow"/>,
/// whose angle is recomputed from the vectors by <see cref="ArcCosine.Angle"/>: arccos of a rounded cosine c has error
/// ε/sin θ, which near θ = 0 is 1e-8 (THEORY.md §7.10). Diagonal angles are exactly 0.
/// Memory: one n×n float64 matrix plus the inputs. Degenerate cases: n = 1 gives the 1×1 matrix; zero inputs give zero rows
/// (H∞, G∞) and are listed in the geometry.
/// </remarks>
public static class TwoLayerGram
{
    /// <summary>
    /// Pairs with 1 − |cos| below this get their angle from the vectors. At 1e-4 (θ ≈ 0.8°) arccos's error ε/sin θ is
    /// below 1e-14, so the cosine path is accurate everywhere it is used.
    /// </summary>
    public const double RefineBelow = 1e-4;

    /// <summary>Computes the Gram matrix of <paramref name="kernel"/> on <paramref name="data"/>.</summary>
    public static GramMatrix Compute(Dataset data, TwoLayerKernel kernel, ILinearAlgebra la, int maxParallelism)
    {
        var (x, d) = kernel.Augmented() ? (Augment(data), data.D + 1) : (data.X, data.D);
        var (k, geometry) = Pass(x, data.N, d, kernel, la, maxParallelism);
        return new GramMatrix(kernel.Name(), data.N, k, geometry);
    }

    /// <summary>
    /// The pass over the n×d inputs <paramref name="x"/>: one dsyrk for the inner products, then the lower triangle row by
    /// row, recording the pair geometry and, with a <paramref name="kernel"/>, mapping each entry to it (without one the
    /// inner products stay: <see cref="InputGeometry"/>).
    /// </summary>
    internal static (double[] Values, PairGeometry Geometry) Pass(double[] x, int n, int d, TwoLayerKernel? kernel, ILinearAlgebra la, int maxParallelism)
    {
        var k = new double[(long)n * n];
        la.SyrkLower(n, d, 1.0, x, d, 0.0, k, n);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.Norm(x.AsSpan(i * d, d));

        var rows = new PairScan[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i =>
            rows[i] = TransformRow(k, x, d, n, norms, i, kernel));
        return (k, PairScan.Merge(rows, norms));
    }

    /// <summary>x̃_i = (x_i, 1).</summary>
    internal static double[] Augment(Dataset data)
    {
        int d = data.D + 1;
        var x = new double[(long)data.N * d];
        for (int i = 0; i < data.N; i++)
        {
            data.Row(i).CopyTo(x.AsSpan(i * d, data.D));
            x[i * d + data.D] = 1.0;
        }
        return x;
    }

    /// <summary>
    /// Records row i's geometry from the inner products K_ij (j ≤ i) of <paramref name="k"/>'s lower triangle and, with a
    /// <paramref name="kernel"/>, transforms them in place into its entries, mirrored to K_ji.
    /// </summary>
    private static PairScan TransformRow(double[] k, double[] x, int d, int n, double[] norms, int i, TwoLayerKernel? kernel)
    {
        var g = PairScan.Empty;
        for (int j = 0; j <= i; j++)
        {
            long ij = (long)i * n + j;
            double inner = k[ij], np = norms[i] * norms[j];
            double theta = i == j ? 0 : Angle(inner, np, x.AsSpan(i * d, d), x.AsSpan(j * d, d));
            if (i != j && np != 0) g.Track(i, j, theta);
            if (kernel is not { } map) continue;
            double value = map.Entry(inner, np, theta);
            k[ij] = value;
            k[(long)j * n + i] = value;
        }
        return g;
    }

    /// <summary>
    /// θ between two distinct inputs from their inner product and norm product: arccos of the cosine, or from the vectors
    /// (<see cref="ArcCosine.Angle"/>) when 1 − |cos| &lt; <see cref="RefineBelow"/>; π/2 when either input is zero.
    /// </summary>
    internal static double Angle(double inner, double normProduct, ReadOnlySpan<double> xi, ReadOnlySpan<double> xj)
    {
        if (normProduct == 0) return Math.PI / 2;
        double c = inner / normProduct;
        return 1 - Math.Abs(c) > RefineBelow ? Math.Acos(c) : ArcCosine.Angle(xi, xj);
    }
}
