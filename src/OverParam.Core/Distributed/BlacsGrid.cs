namespace OverParam.Distributed;

/// <summary>
/// This process's place in a BLACS process grid: P ranks (from <c>mpirun -np P</c> or <c>srun</c>) arranged as p × q
/// with p ≤ q as close to square as P allows (ScaLAPACK's eigensolvers are fastest on square grids), row-major. Matrices
/// are distributed block-cyclically in nb × nb blocks from process (0, 0): global row i lives on process row
/// (i / nb) mod p, at local row (i / (nb·p))·nb + i mod nb. Disposing leaves the grid and finalizes MPI.
/// </summary>
public sealed unsafe class BlacsGrid : IDisposable
{
    private readonly ScaLapackLibrary _lib;
    private bool _disposed;

    private BlacsGrid(ScaLapackLibrary lib, int rank, int size, int context, int rows, int cols, int myRow, int myCol) =>
        (_lib, Rank, Size, Context, Rows, Cols, MyRow, MyCol) = (lib, rank, size, context, rows, cols, myRow, myCol);

    /// <summary>This process's rank, 0..P−1 (rank 0 writes the results).</summary>
    public int Rank { get; }

    /// <summary>P: the number of processes.</summary>
    public int Size { get; }

    /// <summary>The BLACS context.</summary>
    public int Context { get; }

    /// <summary>p, q: the grid's shape.</summary>
    public int Rows { get; }

    /// <inheritdoc cref="Rows"/>
    public int Cols { get; }

    /// <summary>This process's grid coordinates.</summary>
    public int MyRow { get; }

    /// <inheritdoc cref="MyRow"/>
    public int MyCol { get; }

    /// <summary>The ScaLAPACK library the grid runs on.</summary>
    internal ScaLapackLibrary Library => _lib;

    /// <summary>Starts MPI through the BLACS and forms the grid; or returns null with the reason when ScaLAPACK is missing.</summary>
    public static BlacsGrid? TryStart(out string? reason)
    {
        var lib = ScaLapackLibrary.TryLoad(out reason);
        if (lib == null) return null;
        int rank, size, context, rows, cols, myRow, myCol;
        lib.Pinfo(&rank, &size);
        var (p, q) = Shape(size);
        lib.Get(-1, 0, &context);
        byte* order = stackalloc byte[] { (byte)'R', 0 };
        lib.GridInit(&context, order, p, q);
        lib.GridInfo(context, &rows, &cols, &myRow, &myCol);
        return new BlacsGrid(lib, rank, size, context, rows, cols, myRow, myCol);
    }

    /// <summary>
    /// This process's rank as its launcher set it (Open MPI's OMPI_COMM_WORLD_RANK, MPICH's PMI_RANK, PMIx's PMIX_RANK,
    /// Slurm's SLURM_PROCID), readable before MPI starts; 0 when none is set.
    /// </summary>
    public static int LauncherRank() => LauncherVariables.Select(Environment.GetEnvironmentVariable)
        .Select(v => int.TryParse(v, out int rank) ? rank : (int?)null).FirstOrDefault(r => r != null) ?? 0;

    /// <summary>Whether an MPI launcher started this process (an MPI rank variable is set).</summary>
    public static bool UnderMpiLauncher => LauncherVariables.Take(3).Any(v => Environment.GetEnvironmentVariable(v) != null);

    private static readonly string[] LauncherVariables = ["OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "SLURM_PROCID"];

    /// <summary>p × q = P with p the largest divisor of P not above √P.</summary>
    public static (int Rows, int Cols) Shape(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), "a grid needs a process");
        int p = (int)Math.Sqrt(size);
        while (size % p != 0) p--;
        return (p, size / p);
    }

    /// <summary>The global indices of this process's rows (<paramref name="ofRows"/>) or columns of an n×n matrix in nb blocks.</summary>
    public int[] Owned(int n, int nb, bool ofRows)
    {
        int me = ofRows ? MyRow : MyCol, procs = ofRows ? Rows : Cols, src = 0, block = nb;
        int count = _lib.Numroc(&n, &block, &me, &src, &procs);
        var owned = new int[count];
        for (int l = 0; l < count; l++) owned[l] = GlobalIndex(l, nb, me, procs);
        return owned;
    }

    /// <summary>The global index of local index <paramref name="local"/> on process <paramref name="me"/> of <paramref name="procs"/>.</summary>
    public static int GlobalIndex(int local, int nb, int me, int procs) => (local / nb) * procs * nb + me * nb + local % nb;

    /// <summary>The array descriptor of an m×n matrix in nb × nb blocks whose local part has leading dimension <paramref name="lld"/>.</summary>
    public int[] Descriptor(int m, int n, int nb, int lld)
    {
        var desc = new int[9];
        int zero = 0, context = Context, info;
        fixed (int* d = desc) _lib.DescInit(d, &m, &n, &nb, &nb, &zero, &zero, &context, &lld, &info);
        if (info != 0) throw new InvalidOperationException($"descinit: argument {-info} is invalid (m = {m}, n = {n}, nb = {nb}, lld = {lld})");
        return desc;
    }

    /// <summary>Element-wise sum of <paramref name="values"/> over all processes, left on every process.</summary>
    public void SumAll(double[] values)
    {
        byte* scope = stackalloc byte[] { (byte)'A', 0 };
        byte* top = stackalloc byte[] { (byte)' ', 0 };
        fixed (double* v = values) _lib.SumDouble(Context, scope, top, values.Length, 1, v, Math.Max(1, values.Length), -1, -1);
    }

    /// <summary>The first <paramref name="length"/> values of rank 0's <paramref name="values"/>, copied into every other
    /// rank's (a broadcast from grid process (0, 0)).</summary>
    public void BroadcastFromRoot(double[] values, int length)
    {
        byte* scope = stackalloc byte[] { (byte)'A', 0 };
        byte* top = stackalloc byte[] { (byte)' ', 0 };
        fixed (double* v = values)
        {
            if (MyRow == 0 && MyCol == 0) _lib.BroadcastSend(Context, scope, top, length, 1, v, Math.Max(1, length));
            else _lib.BroadcastReceive(Context, scope, top, length, 1, v, Math.Max(1, length), 0, 0);
        }
    }

    /// <summary>Element-wise sum of the first <paramref name="length"/> <paramref name="values"/> over all processes, left
    /// on rank 0 (the others' are undefined afterwards).</summary>
    public void SumToRoot(double[] values, int length)
    {
        byte* scope = stackalloc byte[] { (byte)'A', 0 };
        byte* top = stackalloc byte[] { (byte)' ', 0 };
        fixed (double* v = values) _lib.SumDouble(Context, scope, top, length, 1, v, Math.Max(1, length), 0, 0);
    }

    /// <summary>Leaves the grid and finalizes MPI (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _lib.GridExit(Context);
        _lib.Exit(0);
    }
}
