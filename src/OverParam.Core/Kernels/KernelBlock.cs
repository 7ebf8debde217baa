using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// Any block of a data set's kernel matrix, formed from the inputs alone: the entries at rows R × columns C of H∞, G∞,
/// H∞ + G∞, the bias kernels, or the deep K^(H), Θ and Σ^(H) of the FC net and the ResNet. One dgemm gives the inner
/// products x_iᵀx_j of the block, then each entry is mapped as <see cref="TwoLayerGram"/> maps it (angles refined from
/// the vectors near θ = 0 and π) or by <see cref="DeepPairRecursion"/>: the same entries as the whole-matrix paths, up to
/// the rounding of the inner products (dgemm here, dsyrk there). Each rank of <c>gram --distributed</c> forms its
/// block-cyclic part of the matrix this way, holding the inputs (n·d) and its part, never the whole matrix.
/// </summary>
public sealed class KernelBlock
{
    private readonly double[] _x, _squaredNorms, _norms;
    private readonly int _d;
    private readonly TwoLayerKernel _kernel;
    private readonly DeepPairRecursion? _deep;
    private readonly DeepMatrix _matrix;

    private KernelBlock(double[] x, int n, int d, TwoLayerKernel kernel, DeepSpec? deep, DeepMatrix matrix)
    {
        (_x, _d, _kernel, _matrix) = (x, d, kernel, matrix);
        _squaredNorms = new double[n];
        _norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            var xi = x.AsSpan(i * d, d);
            _squaredNorms[i] = TensorPrimitives.Dot(xi, xi);
            _norms[i] = TensorPrimitives.Norm(xi);
        }
        if (deep != null) _deep = new DeepPairRecursion(deep, _squaredNorms);
    }

    /// <summary>A two-layer kernel's blocks (on the augmented inputs (x, 1) for the bias kernels).</summary>
    public static KernelBlock TwoLayer(Dataset data, TwoLayerKernel kernel) =>
        kernel.Augmented() ? new(TwoLayerGram.Augment(data), data.N, data.D + 1, kernel, null, default)
            : new(data.X, data.N, data.D, kernel, null, default);

    /// <summary>A deep kernel's blocks: FC or ResNet (the convolutional ResNet's kernel is not entrywise).</summary>
    public static KernelBlock Deep(Dataset data, DeepSpec spec, DeepMatrix matrix) =>
        new(data.X, data.N, data.D, TwoLayerKernel.Du2019, spec, matrix);

    /// <summary>‖x_i‖ of the inputs the kernel acts on (for the geometry's zero rows).</summary>
    public IReadOnlyList<double> Norms => _norms;

    /// <summary>
    /// Fills <paramref name="dest"/> (column-major |R|×|C|, leading dimension |R|: entry (r, c) at r + c·|R|, as
    /// ScaLAPACK stores a local block) with K[R[r], C[c]], and returns the angles of the pairs R[r] &gt; C[c] it met
    /// (none with <paramref name="trackPairs"/> false: a pass that forms the block again needs the entries only).
    /// </summary>
    internal PairScan Fill(int[] rows, int[] cols, double[] dest, ILinearAlgebra la, int maxParallelism, bool trackPairs = true)
    {
        int nr = rows.Length, nc = cols.Length, d = _d;
        if (dest.Length < (long)nr * nc) throw new ArgumentException($"{dest.Length} values for a {nr}×{nc} block", nameof(dest));
        if (nr == 0 || nc == 0) return PairScan.Empty;
        // The gathered rows come from a pool: the tiled path fills thousands of blocks, and fresh arrays would be garbage
        // of the matrix's own size.
        var xr = Gather(rows);
        var xc = Gather(cols);
        // Row-major |C|×|R| = X_C X_Rᵀ is column-major |R|×|C|.
        la.Gemm(Op.None, Op.Transpose, nc, nr, d, 1.0, xc, d, xr, d, 0.0, dest, nr);
        ArrayPool<double>.Shared.Return(xr);
        ArrayPool<double>.Shared.Return(xc);
        var scans = new PairScan[nc];
        Parallel.For(0, nc, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, c =>
            scans[c] = MapColumn(rows, cols[c], dest.AsSpan((int)((long)c * nr), nr), trackPairs));
        return PairScan.Fold(scans);
    }

    private PairScan MapColumn(int[] rows, int j, Span<double> column, bool trackPairs)
    {
        var scan = PairScan.Empty;
        Span<double> layers = _deep == null ? default : stackalloc double[_deep.Depth + 1];
        Span<double> work = _deep == null ? default : stackalloc double[_deep.WorkLength];
        var xj = _x.AsSpan(j * _d, _d);
        for (int r = 0; r < rows.Length; r++)
        {
            int i = rows[r];
            double inner = i == j ? _squaredNorms[i] : column[r], np = _norms[i] * _norms[j];
            double theta = i == j ? 0 : TwoLayerGram.Angle(inner, np, _x.AsSpan(i * _d, _d), xj);
            if (trackPairs && i > j && np != 0) scan.Track(i, j, theta);
            column[r] = _deep == null ? _kernel.Entry(inner, np, theta) : DeepEntry(i, j, inner, layers, work);
        }
        return scan;
    }

    private double DeepEntry(int i, int j, double inner, Span<double> layers, Span<double> work)
    {
        double ntk = _deep!.Entry(i, j, inner, layers, work);
        return _matrix switch
        {
            DeepMatrix.KH => layers[_deep.Depth - 1],
            DeepMatrix.Ntk => ntk,
            DeepMatrix.Nngp => layers[_deep.Depth],
            _ => throw new UnreachableException($"deep matrix {_matrix}"),
        };
    }

    private double[] Gather(int[] indices)
    {
        var g = ArrayPool<double>.Shared.Rent(indices.Length * _d);
        for (int k = 0; k < indices.Length; k++) _x.AsSpan(indices[k] * _d, _d).CopyTo(g.AsSpan(k * _d, _d));
        return g;
    }
}
