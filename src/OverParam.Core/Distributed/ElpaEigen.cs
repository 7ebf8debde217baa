namespace OverParam.Distributed;

/// <summary>
/// Every eigenvalue of a block-cyclic symmetric matrix by ELPA's two-stage solver (Auckenthaler et al., Parallel
/// Computing 37, 2011: full → band by BLAS-3 Householder blocks, band → tridiagonal, then divide and conquer), on the
/// same BLACS grid and layout as pdsyevr. ELPA reads the whole matrix (both triangles), which <see cref="BlockCyclicMatrix"/>
/// forms; the part is destroyed. Collective: every rank of the grid calls it.
/// </summary>
internal static unsafe class ElpaEigen
{
    /// <summary>All n eigenvalues of <paramref name="h"/>, ascending, the same on every rank.</summary>
    public static double[] Eigenvalues(ElpaLibrary elpa, BlacsGrid grid, BlockCyclicMatrix h)
    {
        int n = h.N;
        if (elpa.Init(ElpaLibrary.ApiVersion) != 0) throw new InvalidOperationException($"ELPA does not support API version {ElpaLibrary.ApiVersion}");
        int error = 0;
        nint handle = elpa.Allocate(&error);
        if (error != 0 || handle == 0) throw new InvalidOperationException($"elpa_allocate failed (error {error})");
        try
        {
            elpa.Set(handle, "na", n);
            elpa.Set(handle, "nev", n);
            elpa.Set(handle, "local_nrows", h.LeadingDimension);
            elpa.Set(handle, "local_ncols", Math.Max(1, h.Cols.Length));
            elpa.Set(handle, "nblk", h.Block);
            elpa.Set(handle, "mpi_comm_parent", elpa.FortranCommunicator(grid.Context));
            elpa.Set(handle, "process_row", grid.MyRow);
            elpa.Set(handle, "process_col", grid.MyCol);
            elpa.Set(handle, "blacs_context", grid.Context);
            if (elpa.Setup(handle) != 0) throw new InvalidOperationException("elpa_setup failed");
            elpa.Set(handle, "solver", ElpaLibrary.TwoStage);
            var w = new double[n];
            fixed (double* a = h.Local, pw = w) elpa.Eigenvalues(handle, a, pw, &error);
            if (error != 0) throw new InvalidOperationException($"ELPA's eigenvalues failed (error {error})");
            return w;
        }
        finally
        {
            elpa.Deallocate(handle, &error);
        }
    }
}
