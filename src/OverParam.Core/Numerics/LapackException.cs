namespace OverParam.Numerics;

/// <summary>
/// A LAPACK routine returned a non-zero <c>info</c>. <c>info &lt; 0</c>: argument number −info was illegal (a bug in
/// OverParam); <c>info &gt; 0</c>: the algorithm did not converge (a property of the matrix, e.g. NaN entries).
/// </summary>
public sealed class LapackException(string routine, int info)
    : Exception(info < 0
        ? $"{routine}: argument {-info} had an illegal value"
        : $"{routine}: the algorithm failed to converge (info = {info}); the matrix may contain NaN or Inf")
{
    /// <summary>The routine that failed, e.g. "dsyevd".</summary>
    public string Routine { get; } = routine;

    /// <summary>LAPACK's info code.</summary>
    public int Info { get; } = info;
}
