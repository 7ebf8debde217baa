using System.Runtime.InteropServices;
using System.Text;

namespace OverParam.Distributed;

/// <summary>
/// The ELPA entry points OverParam uses (Debian's libelpa-dev: libelpa.so.19, ELPA 2022.11, built on Open MPI and
/// ScaLAPACK), resolved at run time, and MPI_Comm_c2f to hand ELPA the BLACS grid's communicator as the Fortran handle
/// it takes. ELPA (Marek et al., J. Phys.: Condens. Matter 26, 2014) solves the dense symmetric eigenproblem on
/// ScaLAPACK's block-cyclic layout; its two-stage solver reduces to a band and then to tridiagonal form, so most of its
/// flops are matrix–matrix products, where pdsyevr's one-stage pdsytrd is half matrix–vector work at memory speed.
/// </summary>
internal sealed unsafe class ElpaLibrary
{
    /// <summary>The API version the headers of 2022.11 declare (ELPA_API_VERSION).</summary>
    public const int ApiVersion = 20221109;

    /// <summary>ELPA_SOLVER_2STAGE.</summary>
    public const int TwoStage = 2;

    public static readonly string[] Candidates = ["libelpa.so.19", "libelpa.so"];

    public readonly delegate* unmanaged[Cdecl]<int, int> Init;
    public readonly delegate* unmanaged[Cdecl]<int*, nint> Allocate;
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int*, void> SetInteger;
    public readonly delegate* unmanaged[Cdecl]<nint, int> Setup;
    public readonly delegate* unmanaged[Cdecl]<nint, double*, double*, int*, void> Eigenvalues;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, void> Deallocate;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _commC2F;
    private readonly delegate* unmanaged[Cdecl]<int, nint> _blacsToSystem;

    /// <summary>The file loaded, e.g. libelpa.so.19.</summary>
    public string Name { get; }

    private ElpaLibrary(IntPtr elpa, IntPtr mpi, IntPtr blacs, string name)
    {
        Name = name;
        Init = (delegate* unmanaged[Cdecl]<int, int>)NativeLibrary.GetExport(elpa, "elpa_init");
        Allocate = (delegate* unmanaged[Cdecl]<int*, nint>)NativeLibrary.GetExport(elpa, "elpa_allocate");
        SetInteger = (delegate* unmanaged[Cdecl]<nint, byte*, int, int*, void>)NativeLibrary.GetExport(elpa, "elpa_set_integer");
        Setup = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(elpa, "elpa_setup");
        Eigenvalues = (delegate* unmanaged[Cdecl]<nint, double*, double*, int*, void>)NativeLibrary.GetExport(elpa, "elpa_eigenvalues_a_h_a_d");
        Deallocate = (delegate* unmanaged[Cdecl]<nint, int*, void>)NativeLibrary.GetExport(elpa, "elpa_deallocate");
        _commC2F = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(mpi, "MPI_Comm_c2f");
        _blacsToSystem = (delegate* unmanaged[Cdecl]<int, nint>)NativeLibrary.GetExport(blacs, "Cblacs2sys_handle");
    }

    /// <summary>The Fortran handle of the MPI communicator under a BLACS context (ELPA's mpi_comm_parent).</summary>
    public int FortranCommunicator(int blacsContext) => _commC2F(_blacsToSystem(blacsContext));

    /// <summary>Sets an integer option; throws naming it if ELPA refuses.</summary>
    public void Set(nint handle, string name, int value)
    {
        var bytes = Encoding.ASCII.GetBytes(name + "\0");
        int error = 0;
        fixed (byte* p = bytes) SetInteger(handle, p, value, &error);
        if (error != 0) throw new InvalidOperationException($"ELPA refused {name} = {value} (error {error})");
    }

    /// <summary>Loads ELPA (with MPI and the BLACS it runs on), or returns null with the reason.</summary>
    public static ElpaLibrary? TryLoad(out string? reason)
    {
        if (!NativeLibrary.TryLoad("libmpi.so.40", out var mpi)) { reason = "libmpi.so.40 (Open MPI) not found"; return null; }
        if (!NativeLibrary.TryLoad("libscalapack-openmpi.so.2.2", out var blacs)) { reason = "ScaLAPACK (its BLACS) not found"; return null; }
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try
            {
                reason = null;
                return new ElpaLibrary(handle, mpi, blacs, name);
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} lacks an entry point: {e.Message}";
                return null;
            }
        }
        reason = "ELPA not found (Debian: apt-get install libelpa-dev)";
        return null;
    }
}
