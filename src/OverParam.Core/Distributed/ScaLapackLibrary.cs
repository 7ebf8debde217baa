using System.Runtime.InteropServices;

namespace OverParam.Distributed;

/// <summary>
/// The BLACS and ScaLAPACK entry points <c>gram --distributed</c> uses, resolved at run time from the system's ScaLAPACK
/// (Debian: libscalapack-openmpi2.2, which bundles the BLACS and links Open MPI). MPI itself is started by the BLACS
/// (<c>Cblacs_pinfo</c> calls MPI_Init) and stopped by <c>Cblacs_exit</c>; the process must run under <c>mpirun</c> or
/// <c>srun</c> to have peers. Fortran routines take every argument by reference, and a character argument's length as
/// a hidden trailing size_t.
/// </summary>
internal sealed unsafe class ScaLapackLibrary
{
    /// <summary>Library names tried in order.</summary>
    public static readonly string[] Candidates =
        ["libscalapack-openmpi.so.2.2", "libscalapack-openmpi.so", "libscalapack-mpich.so.2.2", "libscalapack-mpich.so", "libscalapack.so"];

    /// <summary>MPI libraries made global first: Open MPI's plugins resolve libmpi's symbols from the global namespace.</summary>
    public static readonly string[] MpiCandidates = ["libmpi.so.40", "libmpi.so.12", "libmpi.so"];

    /// <summary>void Cblacs_pinfo(int* mypnum, int* nprocs).</summary>
    public readonly delegate* unmanaged[Cdecl]<int*, int*, void> Pinfo;
    /// <summary>void Cblacs_get(int context, int what, int* value).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int, int*, void> Get;
    /// <summary>void Cblacs_gridinit(int* context, char* order, int nprow, int npcol).</summary>
    public readonly delegate* unmanaged[Cdecl]<int*, byte*, int, int, void> GridInit;
    /// <summary>void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int*, int*, int*, int*, void> GridInfo;
    /// <summary>void Cblacs_gridexit(int context).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, void> GridExit;
    /// <summary>void Cblacs_exit(int notDone): with 0, MPI_Finalize.</summary>
    public readonly delegate* unmanaged[Cdecl]<int, void> Exit;
    /// <summary>void Cdgsum2d(int context, char* scope, char* top, int m, int n, double* a, int lda, int rdest, int cdest).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, int, int, void> SumDouble;
    /// <summary>void Cdgebs2d(int context, char* scope, char* top, int m, int n, double* a, int lda): broadcast, sending.</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, void> BroadcastSend;
    /// <summary>void Cdgebr2d(int context, char* scope, char* top, int m, int n, double* a, int lda, int rsrc, int csrc): broadcast, receiving.</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, int, int, void> BroadcastReceive;
    /// <summary>int numroc_(int* n, int* nb, int* iproc, int* isrcproc, int* nprocs): rows or columns a process owns.</summary>
    public readonly delegate* unmanaged[Cdecl]<int*, int*, int*, int*, int*, int> Numroc;
    /// <summary>void descinit_(int* desc, int* m, int* n, int* mb, int* nb, int* irsrc, int* icsrc, int* ictxt, int* lld, int* info).</summary>
    public readonly delegate* unmanaged[Cdecl]<int*, int*, int*, int*, int*, int*, int*, int*, int*, int*, void> DescInit;
    /// <summary>
    /// void pdsyevr_(jobz, range, uplo, n, a, ia, ja, desca, vl, vu, il, iu, m, nz, w, z, iz, jz, descz, work, lwork, iwork,
    /// liwork, info, len(jobz), len(range), len(uplo)).
    /// </summary>
    public readonly delegate* unmanaged[Cdecl]<byte*, byte*, byte*, int*, double*, int*, int*, int*, double*, double*, int*, int*,
        int*, int*, double*, double*, int*, int*, int*, double*, int*, int*, int*, int*, nint, nint, nint, void> Pdsyevr;

    /// <summary>void pdpotrf_(uplo, n, a, ia, ja, desca, info, len(uplo)): Cholesky factorization, distributed.</summary>
    public readonly delegate* unmanaged[Cdecl]<byte*, int*, double*, int*, int*, int*, int*, nint, void> Pdpotrf;
    /// <summary>void pdpotrs_(uplo, n, nrhs, a, ia, ja, desca, b, ib, jb, descb, info, len(uplo)): solves with pdpotrf's factor.</summary>
    public readonly delegate* unmanaged[Cdecl]<byte*, int*, int*, double*, int*, int*, int*, double*, int*, int*, int*, int*, nint, void> Pdpotrs;

    /// <summary>The library's file name.</summary>
    public string Name { get; }

    private ScaLapackLibrary(IntPtr handle, string name)
    {
        Name = name;
        Pinfo = (delegate* unmanaged[Cdecl]<int*, int*, void>)NativeLibrary.GetExport(handle, "Cblacs_pinfo");
        Get = (delegate* unmanaged[Cdecl]<int, int, int*, void>)NativeLibrary.GetExport(handle, "Cblacs_get");
        GridInit = (delegate* unmanaged[Cdecl]<int*, byte*, int, int, void>)NativeLibrary.GetExport(handle, "Cblacs_gridinit");
        GridInfo = (delegate* unmanaged[Cdecl]<int, int*, int*, int*, int*, void>)NativeLibrary.GetExport(handle, "Cblacs_gridinfo");
        GridExit = (delegate* unmanaged[Cdecl]<int, void>)NativeLibrary.GetExport(handle, "Cblacs_gridexit");
        Exit = (delegate* unmanaged[Cdecl]<int, void>)NativeLibrary.GetExport(handle, "Cblacs_exit");
        SumDouble = (delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, int, int, void>)NativeLibrary.GetExport(handle, "Cdgsum2d");
        BroadcastSend = (delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, void>)NativeLibrary.GetExport(handle, "Cdgebs2d");
        BroadcastReceive = (delegate* unmanaged[Cdecl]<int, byte*, byte*, int, int, double*, int, int, int, void>)NativeLibrary.GetExport(handle, "Cdgebr2d");
        Numroc = (delegate* unmanaged[Cdecl]<int*, int*, int*, int*, int*, int>)NativeLibrary.GetExport(handle, "numroc_");
        DescInit = (delegate* unmanaged[Cdecl]<int*, int*, int*, int*, int*, int*, int*, int*, int*, int*, void>)NativeLibrary.GetExport(handle, "descinit_");
        Pdsyevr = (delegate* unmanaged[Cdecl]<byte*, byte*, byte*, int*, double*, int*, int*, int*, double*, double*, int*, int*,
            int*, int*, double*, double*, int*, int*, int*, double*, int*, int*, int*, int*, nint, nint, nint, void>)NativeLibrary.GetExport(handle, "pdsyevr_");
        Pdpotrf = (delegate* unmanaged[Cdecl]<byte*, int*, double*, int*, int*, int*, int*, nint, void>)NativeLibrary.GetExport(handle, "pdpotrf_");
        Pdpotrs = (delegate* unmanaged[Cdecl]<byte*, int*, int*, double*, int*, int*, int*, double*, int*, int*, int*, int*, nint, void>)
            NativeLibrary.GetExport(handle, "pdpotrs_");
    }

    /// <summary>Loads ScaLAPACK (after making MPI's symbols global), or returns null with the reason.</summary>
    public static ScaLapackLibrary? TryLoad(out string? reason)
    {
        foreach (var mpi in MpiCandidates)
            if (DlOpen(mpi, RtldNow | RtldGlobal) != IntPtr.Zero) break;
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try
            {
                reason = null;
                return new ScaLapackLibrary(handle, name);
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} lacks a BLACS or ScaLAPACK entry point: {e.Message}";
                return null;
            }
        }
        reason = "ScaLAPACK not found (Debian: apt-get install openmpi-bin libscalapack-openmpi2.2)";
        return null;
    }

    private const int RtldNow = 2, RtldGlobal = 0x100;

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpen([MarshalAs(UnmanagedType.LPStr)] string file, int mode);
}
