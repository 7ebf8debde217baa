using System.Runtime.InteropServices;

namespace OverParam.Numerics.Native;

/// <summary>
/// The LAPACKE entry points OverParam uses (liblapacke.so.3), resolved at run time. Matrices are passed in
/// column-major layout: a row-major symmetric matrix with its lower triangle filled is, read column-major, the same
/// matrix with its upper triangle filled, so no transposed copy is ever made.
/// </summary>
internal sealed unsafe class LapackeLibrary
{
    public const int ColMajor = 102;

    public static readonly string[] Candidates = ["liblapacke.so.3", "liblapacke.so", "libopenblas.so.0"];

    /// <summary>lapack_int LAPACKE_dsyevd(int layout, char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, byte, int, double*, int, double*, int> Dsyevd;

    /// <summary>LAPACKE_dsyevr(layout, jobz, range, uplo, n, a, lda, vl, vu, il, iu, abstol, m*, w, z, ldz, isuppz).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, byte, byte, int, double*, int, double, double, int, int, double, int*, double*, double*, int, int*, int> Dsyevr;

    /// <summary>lapack_int LAPACKE_dpotrf(int layout, char uplo, lapack_int n, double* a, lapack_int lda).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, int, double*, int, int> Dpotrf;

    /// <summary>lapack_int LAPACKE_dpotrs(int layout, char uplo, lapack_int n, lapack_int nrhs, const double* a, lapack_int lda, double* b, lapack_int ldb).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, int, int, double*, int, double*, int, int> Dpotrs;

    /// <summary>lapack_int LAPACKE_spotrf(int layout, char uplo, lapack_int n, float* a, lapack_int lda).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, int, float*, int, int> Spotrf;

    /// <summary>lapack_int LAPACKE_spotrs(int layout, char uplo, lapack_int n, lapack_int nrhs, const float* a, lapack_int lda, float* b, lapack_int ldb).</summary>
    public readonly delegate* unmanaged[Cdecl]<int, byte, int, int, float*, int, float*, int, int> Spotrs;

    private LapackeLibrary(IntPtr handle)
    {
        Spotrf = (delegate* unmanaged[Cdecl]<int, byte, int, float*, int, int>)NativeLibrary.GetExport(handle, "LAPACKE_spotrf");
        Spotrs = (delegate* unmanaged[Cdecl]<int, byte, int, int, float*, int, float*, int, int>)NativeLibrary.GetExport(handle, "LAPACKE_spotrs");
        Dpotrf = (delegate* unmanaged[Cdecl]<int, byte, int, double*, int, int>)NativeLibrary.GetExport(handle, "LAPACKE_dpotrf");
        Dpotrs = (delegate* unmanaged[Cdecl]<int, byte, int, int, double*, int, double*, int, int>)NativeLibrary.GetExport(handle, "LAPACKE_dpotrs");
        Dsyevd = (delegate* unmanaged[Cdecl]<int, byte, byte, int, double*, int, double*, int>)
            NativeLibrary.GetExport(handle, "LAPACKE_dsyevd");
        Dsyevr = (delegate* unmanaged[Cdecl]<int, byte, byte, byte, int, double*, int, double, double, int, int, double, int*, double*, double*, int, int*, int>)
            NativeLibrary.GetExport(handle, "LAPACKE_dsyevr");
    }

    /// <summary>Loads LAPACKE, or returns null with the reason.</summary>
    public static LapackeLibrary? TryLoad(out string? reason)
    {
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try
            {
                reason = null;
                return new LapackeLibrary(handle);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(handle);
            }
        }
        reason = "liblapacke.so.3 not found (Debian: apt-get install liblapacke)";
        return null;
    }
}
