using System.Runtime.InteropServices;

namespace OverParam.Numerics.Native;

/// <summary>
/// The CBLAS entry points of the system's OpenBLAS (libopenblas.so.0), resolved at run time.
/// One instance per loaded library; nothing static is mutated.
/// </summary>
internal sealed unsafe class OpenBlasLibrary
{
    public const int RowMajor = 101, NoTrans = 111, Trans = 112, Upper = 121, Lower = 122, NonUnit = 131, Left = 141, Right = 142;

    /// <summary>Library names tried in order.</summary>
    public static readonly string[] Candidates = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll"];

    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, double, double*, int, double, double*, int, void> Dsyrk;
    /// <summary>cblas_ssyrk(layout, uplo, trans, n, k, alpha, a, lda, beta, c, ldc).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, float, float*, int, float, float*, int, void> Ssyrk;
    /// <summary>cblas_dsymm(layout, side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dsymm;
    /// <summary>cblas_dtrsm(layout, side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, double, double*, int, double*, int, void> Dtrsm;
    /// <summary>cblas_strsm(layout, side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, float, float*, int, float*, int, void> Strsm;
    private readonly delegate* unmanaged[Cdecl]<int> _getNumThreads;
    private readonly delegate* unmanaged[Cdecl]<byte*> _getConfig;
    private readonly delegate* unmanaged[Cdecl]<byte*> _getCoreName;

    private OpenBlasLibrary(IntPtr handle)
    {
        Sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_sgemm");
        Dgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_dgemm");
        Dsyrk = (delegate* unmanaged[Cdecl]<int, int, int, int, int, double, double*, int, double, double*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_dsyrk");
        Ssyrk = (delegate* unmanaged[Cdecl]<int, int, int, int, int, float, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_ssyrk");
        Strsm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, float, float*, int, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_strsm");
        Dsymm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_dsymm");
        Dtrsm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, double, double*, int, double*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_dtrsm");
        _getNumThreads = NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var t)
            ? (delegate* unmanaged[Cdecl]<int>)t : null;
        _getConfig = NativeLibrary.TryGetExport(handle, "openblas_get_config", out var c)
            ? (delegate* unmanaged[Cdecl]<byte*>)c : null;
        _getCoreName = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var k)
            ? (delegate* unmanaged[Cdecl]<byte*>)k : null;
    }

    /// <summary>Loads OpenBLAS, or returns null with the reason when it is not installed or lacks CBLAS.</summary>
    public static OpenBlasLibrary? TryLoad(out string? reason)
    {
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try
            {
                reason = null;
                return new OpenBlasLibrary(handle);
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} lacks a CBLAS entry point: {e.Message}";
                return null;
            }
        }
        reason = "libopenblas.so.0 not found (Debian: apt-get install libopenblas0-pthread)";
        return null;
    }

    /// <summary>Threads OpenBLAS will use (from OPENBLAS_NUM_THREADS or the core count).</summary>
    public int Threads => _getNumThreads == null ? 0 : _getNumThreads();

    /// <summary>The build configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".</summary>
    public string Config => _getConfig == null ? "OpenBLAS" : Marshal.PtrToStringAnsi((IntPtr)_getConfig()) ?? "OpenBLAS";

    /// <summary>The kernel family chosen for this processor, e.g. "Haswell".</summary>
    public string CoreName => _getCoreName == null ? "?" : Marshal.PtrToStringAnsi((IntPtr)_getCoreName()) ?? "?";
}
