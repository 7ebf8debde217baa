namespace OverParam.Numerics;

/// <summary>
/// A LAPACK routine returned a non-zero <c>info</c>. <c>info &lt; 0</c>: argument number −info was illegal (a bug in
/// OverParam); <c>info &gt; 0</c>: the algorithm did not converge (a property of the matrix, e.g. NaN entries, or a
/// Cholesky factorization of a matrix that is not numerically positive definite).
/// </summary>
public sealed class LapackException : Exception
{
    /// <summary>LAPACK's own message for <paramref name="info"/>.</summary>
    public LapackException(string routine, int info)
        : this(routine, info, info < 0
            ? $"{routine}: argument {-info} had an illegal value"
            : $"{routine}: the algorithm failed to converge (info = {info}); the matrix may contain NaN or Inf")
    {
    }

    /// <summary>A failure with a message that says what it means for the caller's matrix.</summary>
    public LapackException(string routine, int info, string message) : base(message)
    {
        Routine = routine;
        Info = info;
    }

    /// <summary>The routine that failed, e.g. "dsyevd".</summary>
    public string Routine { get; }

    /// <summary>LAPACK's info code.</summary>
    public int Info { get; }
}
