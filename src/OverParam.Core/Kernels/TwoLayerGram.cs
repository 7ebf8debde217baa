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
        int n = data.N;
        var k = new double[(long)n * n];
        la.SyrkLower(n, d, 1.0, x, d, 0.0, k, n);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.Norm(x.AsSpan(i * d, d));

        var rows = new RowGeometry[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i =>
            rows[i] = TransformRow(k, x, d, n, norms, i, kernel));
        return new GramMatrix(kernel.Name(), n, k, Reduce(rows, norms));
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

    /// <summary>Per-row minima over j &lt; i, merged after the parallel pass.</summary>
    private struct RowGeometry
    {
        public double MinTheta, MinLine;
        public int ArgTheta, ArgLine;
        public long ParallelCount;
        public List<InputPair>? Parallel;
    }

    /// <summary>Transforms row i's entries K_ij (j ≤ i) in place, mirrors them to K_ji, and records row i's geometry.</summary>
    private static RowGeometry TransformRow(double[] k, double[] x, int d, int n, double[] norms, int i, TwoLayerKernel kernel)
    {
        var g = new RowGeometry { MinTheta = double.PositiveInfinity, MinLine = double.PositiveInfinity, ArgTheta = -1, ArgLine = -1 };
        for (int j = 0; j <= i; j++)
        {
            long ij = (long)i * n + j;
            double inner = k[ij], np = norms[i] * norms[j];
            double theta;
            if (i == j) theta = 0;
            else if (np == 0) theta = Math.PI / 2;
            else
            {
                double c = inner / np;
                theta = 1 - Math.Abs(c) > RefineBelow
                    ? Math.Acos(c)
                    : ArcCosine.Angle(x.AsSpan(i * d, d), x.AsSpan(j * d, d));
                Track(ref g, i, j, theta);
            }
            double value = kernel switch
            {
                TwoLayerKernel.Du2019 or TwoLayerKernel.Bias => ArcCosine.H(inner, theta),
                TwoLayerKernel.Du2019Output => ArcCosine.G(np, theta),
                TwoLayerKernel.Du2019Joint or TwoLayerKernel.BiasJoint => ArcCosine.H(inner, theta) + ArcCosine.G(np, theta),
                _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
            };
            k[ij] = value;
            k[(long)j * n + i] = value;
        }
        return g;
    }

    private static void Track(ref RowGeometry g, int i, int j, double theta)
    {
        double line = Math.Min(theta, Math.PI - theta);
        if (theta < g.MinTheta) { g.MinTheta = theta; g.ArgTheta = j; }
        if (line < g.MinLine) { g.MinLine = line; g.ArgLine = j; }
        // 1 − |cos θ| = 2 sin²(line/2), evaluated without cancellation.
        double s = Math.Sin(line / 2);
        if (2 * s * s > PairGeometry.ParallelTolerance) return;
        g.ParallelCount++;
        g.Parallel ??= [];
        if (g.Parallel.Count < PairGeometry.MaxListedPairs) g.Parallel.Add(new InputPair(j, i, Degrees(theta)));
    }

    private static double Degrees(double radians) => radians * 180 / Math.PI;

    private static PairGeometry Reduce(RowGeometry[] rows, double[] norms)
    {
        double minTheta = double.PositiveInfinity, minLine = double.PositiveInfinity;
        InputPair? closest = null, closestLine = null;
        long count = 0;
        var pairs = new List<InputPair>();
        for (int i = 0; i < rows.Length; i++)
        {
            var g = rows[i];
            if (g.ArgTheta >= 0 && g.MinTheta < minTheta) { minTheta = g.MinTheta; closest = new InputPair(g.ArgTheta, i, Degrees(g.MinTheta)); }
            if (g.ArgLine >= 0 && g.MinLine < minLine) { minLine = g.MinLine; closestLine = new InputPair(g.ArgLine, i, Degrees(g.MinLine)); }
            count += g.ParallelCount;
            if (g.Parallel != null) pairs.AddRange(g.Parallel);
        }
        var zero = Enumerable.Range(0, norms.Length).Where(i => norms[i] == 0).ToList();
        return new PairGeometry(
            closest == null ? double.NaN : Degrees(minTheta), closest,
            closestLine == null ? double.NaN : Degrees(minLine), closestLine,
            pairs.OrderBy(p => p.I).ThenBy(p => p.J).Take(PairGeometry.MaxListedPairs).ToList(), count, zero);
    }
}
