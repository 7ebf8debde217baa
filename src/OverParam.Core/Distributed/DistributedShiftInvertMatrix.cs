using OverParam.Kernels;
using OverParam.Numerics;

namespace OverParam.Distributed;

/// <summary>
/// H distributed block-cyclically over MPI ranks (<see cref="BlockCyclicMatrix"/>), as <see cref="SmallestEigenpair"/>'s
/// shift-invert method needs it: the Cholesky factorization of H − σI by ScaLAPACK's pdpotrf (n³/3 flops, PBLAS 3;
/// Choi, Dongarra et al., "ScaLAPACK: a portable linear algebra library for distributed memory computers", 1996), solves
/// by pdpotrs, products with H itself (each rank's part times the vectors' matching entries, one dgemm, summed over the
/// ranks) and, where H has no factor, λ_min by pdsyevr. H's part is kept for the products and the factor of H − σI is made
/// in a second array, so a rank holds 2·n²/P values.
/// </summary>
/// <remarks>
/// The Krylov vectors live on rank 0 alone, which runs the method; the other ranks <see cref="Serve"/>: rank 0 broadcasts
/// each operation (a header: what, how many vectors, σ) and its vectors, every rank does its part, and the results are
/// summed onto rank 0. So the method's decisions are made once, whatever rounding differences the ranks' libraries have,
/// and each operation moves n·k values per rank for k vectors, against the n³/(3P) flops of a factorization.
/// </remarks>
public sealed unsafe class DistributedShiftInvertMatrix : IShiftInvertMatrix
{
    private enum Operation { Stop, Multiply, Factor, Solve, Smallest }

    /// <summary>Length of the header rank 0 broadcasts before each operation: the operation, the vector count, σ.</summary>
    private const int HeaderLength = 3;

    private readonly BlacsGrid _grid;
    private readonly BlockCyclicMatrix _h;
    private readonly ILinearAlgebra _la;
    private readonly int[] _diagonal; // local offsets of the global diagonal entries this rank holds
    private readonly double[] _header = new double[HeaderLength];
    private double[] _factor = [];
    private double[] _vectors = [], _result = [], _part = [], _gathered = [];

    /// <summary>Wraps this rank's part of H (not copied; its values are read, and destroyed only by
    /// <see cref="SmallestByEigensolver"/>).</summary>
    public DistributedShiftInvertMatrix(BlacsGrid grid, BlockCyclicMatrix h, ILinearAlgebra la)
    {
        (_grid, _h, _la) = (grid, h, la);
        var position = h.Rows.Select((g, r) => (g, r)).ToDictionary(p => p.g, p => p.r);
        _diagonal = [.. h.Cols.Select((g, c) => position.TryGetValue(g, out int r) ? c * h.LeadingDimension + r : -1).Where(o => o >= 0)];
    }

    /// <inheritdoc/>
    public int N => _h.N;

    /// <inheritdoc/>
    public string FactorName => "pdpotrf";

    /// <inheritdoc/>
    public string EigensolverName => "pdsyevr";

    /// <inheritdoc/>
    public string MethodName => $"ScaLAPACK pdpotrf + shift-invert Lanczos, {_grid.Size} ranks: block Lanczos on (H − σI)⁻¹ by pdpotrs";

    /// <summary>Rank 0 only: tells the serving ranks that the method is done.</summary>
    public void Stop() => Send(Operation.Stop, 0, 0);

    /// <summary>Every rank but 0: does its part of each operation rank 0 asks for, until it says stop.</summary>
    public void Serve()
    {
        while (true)
        {
            _grid.BroadcastFromRoot(_header, HeaderLength);
            int count = (int)_header[1];
            switch ((Operation)(int)_header[0])
            {
                case Operation.Stop: return;
                case Operation.Multiply: MultiplyAll(count); break;
                case Operation.Factor: FactorAll(_header[2]); break;
                case Operation.Solve: SolveAll(count); break;
                case Operation.Smallest: SmallestAll(); break;
                default: throw new InvalidOperationException($"unknown operation {_header[0]} from rank 0");
            }
        }
    }

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y, int count) => Apply(Operation.Multiply, x, y, count);

    /// <inheritdoc/>
    public int Factor(double sigma)
    {
        Send(Operation.Factor, 0, sigma);
        return FactorAll(sigma);
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> x, Span<double> y, int count) => Apply(Operation.Solve, x, y, count);

    /// <inheritdoc/>
    public double SmallestByEigensolver()
    {
        Send(Operation.Smallest, 0, 0);
        return SmallestAll();
    }

    private void Send(Operation what, int count, double sigma)
    {
        (_header[0], _header[1], _header[2]) = ((int)what, count, sigma);
        _grid.BroadcastFromRoot(_header, HeaderLength);
    }

    /// <summary>Rank 0: broadcasts the operation and X, does its part, and collects Y.</summary>
    private void Apply(Operation what, ReadOnlySpan<double> x, Span<double> y, int count)
    {
        Send(what, count, 0);
        Reserve(count);
        x[..(count * N)].CopyTo(_vectors);
        if (what == Operation.Multiply) MultiplyAll(count);
        else SolveAll(count);
        _result.AsSpan(0, count * N).CopyTo(y);
    }

    /// <summary>Y = H·X: X (k vectors) broadcast, each rank's |Rows| entries of HX from its part and X's entries at its
    /// columns (one dgemm), scattered into n-vectors and summed onto rank 0.</summary>
    private void MultiplyAll(int count)
    {
        int n = N, rows = _h.Rows.Length, cols = _h.Cols.Length;
        Reserve(count);
        _grid.BroadcastFromRoot(_vectors, count * n);
        Array.Clear(_result, 0, count * n);
        if (rows > 0 && cols > 0)
        {
            for (int j = 0; j < count; j++)
                for (int c = 0; c < cols; c++) _gathered[j * cols + c] = _vectors[j * n + _h.Cols[c]];
            // Row-major k × |Rows| = (k × |Cols|)·(|Cols| × |Rows|): the column-major part read row-major is its transpose.
            _la.Gemm(Op.None, Op.None, count, rows, cols, 1.0, _gathered, cols, _h.Local, _h.LeadingDimension, 0.0, _part, rows);
            for (int j = 0; j < count; j++)
                for (int r = 0; r < rows; r++) _result[j * n + _h.Rows[r]] = _part[j * rows + r];
        }
        _grid.SumToRoot(_result, count * n);
    }

    /// <summary>The factor of H − σI by pdpotrf (lower) in the second array: 0, or the column at which it failed (the same
    /// on every rank).</summary>
    private int FactorAll(double sigma)
    {
        if (_factor.Length != _h.Local.Length) _factor = new double[_h.Local.Length];
        _h.Local.CopyTo(_factor, 0);
        foreach (int o in _diagonal) _factor[o] -= sigma;
        int n = N, one = 1, info = 0;
        byte uplo = (byte)'L';
        fixed (double* a = _factor)
        fixed (int* desc = _h.Descriptor)
            _grid.Library.Pdpotrf(&uplo, &n, a, &one, &one, desc, &info, 1);
        if (info < 0) throw new LapackException("pdpotrf", info);
        return info;
    }

    /// <summary>Y = (H − σI)⁻¹X: X broadcast, its rows at this rank's rows and its columns (vectors) at this rank's block
    /// columns placed in an n×k block-cyclic B, pdpotrs, and B scattered and summed onto rank 0.</summary>
    private void SolveAll(int count)
    {
        int n = N, rows = _h.Rows.Length, lld = _h.LeadingDimension;
        Reserve(count);
        _grid.BroadcastFromRoot(_vectors, count * n);
        var vectorCols = _grid.Owned(count, _h.Block, ofRows: false);
        for (int c = 0; c < vectorCols.Length; c++)
            for (int r = 0; r < rows; r++) _part[c * lld + r] = _vectors[vectorCols[c] * n + _h.Rows[r]];
        var descB = _grid.Descriptor(n, count, _h.Block, lld);
        int one = 1, info = 0, nrhs = count;
        byte uplo = (byte)'L';
        fixed (double* a = _factor, b = _part)
        fixed (int* descA = _h.Descriptor, pdb = descB)
            _grid.Library.Pdpotrs(&uplo, &n, &nrhs, a, &one, &one, descA, b, &one, &one, pdb, &info, 1);
        if (info != 0) throw new LapackException("pdpotrs", info);
        Array.Clear(_result, 0, count * n);
        for (int c = 0; c < vectorCols.Length; c++)
            for (int r = 0; r < rows; r++) _result[vectorCols[c] * n + _h.Rows[r]] = _part[c * lld + r];
        _grid.SumToRoot(_result, count * n);
    }

    /// <summary>λ_min of H by pdsyevr (RANGE = 'I', IL = IU = 1), on H's part itself: it is not needed afterwards.</summary>
    private double SmallestAll()
    {
        _factor = [];
        return DistributedEigen.Eigenvalues(_grid, _h, 1, 1)[0];
    }

    /// <summary>Buffers for <paramref name="count"/> vectors, grown once to the largest block asked for.</summary>
    private void Reserve(int count)
    {
        int n = N, length = count * n;
        if (_vectors.Length >= length) return;
        _vectors = new double[length];
        _result = new double[length];
        _part = new double[count * _h.LeadingDimension]; // k × |Rows| products, or B's |Rows| × (≤ k) local part
        _gathered = new double[count * Math.Max(1, _h.Cols.Length)];
    }
}
