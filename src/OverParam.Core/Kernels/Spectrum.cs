using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The spectrum of a symmetric matrix: eigenvalues ascending, and eigenvectors (row j for eigenvalue j) when asked for.
/// </summary>
/// <param name="Eigenvalues">All n eigenvalues, ascending; or, for a partial spectrum (<see cref="Extremes"/>), λ_min and λ_max.</param>
/// <param name="Eigenvectors">n×n row-major, row j the unit eigenvector of eigenvalue j; null unless requested.</param>
public sealed record Spectrum(double[] Eigenvalues, double[]? Eigenvectors)
{
    /// <summary>The matrix's order n (the number of eigenvalues held, unless the spectrum is partial).</summary>
    public int Order { get; init; } = Eigenvalues.Length;

    /// <summary>Whether only λ_min and λ_max are known (gram --eig min).</summary>
    public bool IsPartial => Order != Eigenvalues.Length;

    /// <summary>The extremes alone of an n×n matrix's spectrum.</summary>
    public static Spectrum Extremes(int n, double lambdaMin, double lambdaMax) => new([lambdaMin, lambdaMax], null) { Order = n };

    /// <summary>λ_min: Du et al.'s λ0 when the matrix is H∞.</summary>
    public double LambdaMin => Eigenvalues[0];

    /// <summary>λ_max.</summary>
    public double LambdaMax => Eigenvalues[^1];

    /// <summary>
    /// Whether λ_min is indistinguishable from zero (or negative) in float64: λ_min ≤ n·ε·λ_max, the usual numerical-rank
    /// tolerance (the backward error of a symmetric eigensolver is about n·ε·‖A‖₂).
    /// </summary>
    public bool IsNumericallySingular => LambdaMin <= SingularThreshold;

    /// <summary>n·ε·|λ_max| with ε = 2⁻⁵² (float64 machine epsilon; <see cref="double.Epsilon"/> is the smallest subnormal).</summary>
    public double SingularThreshold => Order * MachineEpsilon * Math.Abs(LambdaMax);

    /// <summary>Float64 unit roundoff ×2: 2⁻⁵².</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>κ = λ_max/λ_min, or null when the matrix is numerically singular.</summary>
    public double? ConditionNumber => IsNumericallySingular ? null : LambdaMax / LambdaMin;

    /// <summary>
    /// Computes the spectrum of the symmetric n×n matrix in <paramref name="matrix"/> (lower triangle read), which is
    /// destroyed (overwritten by the eigenvectors when <paramref name="withVectors"/>). Uses dsyevd.
    /// </summary>
    public static Spectrum Compute(double[] matrix, int n, ILinearAlgebra la, bool withVectors)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "a spectrum needs n ≥ 1");
        var w = new double[n];
        if (withVectors) la.SymmetricEigen(matrix, n, w);
        else la.SymmetricEigenvalues(matrix, n, w);
        return new Spectrum(w, withVectors ? matrix : null);
    }

    /// <summary>λ_max of the symmetric n×n <paramref name="matrix"/> (left unchanged: dsyevr works on a copy).</summary>
    public static double Largest(ILinearAlgebra la, double[] matrix, int n)
    {
        var w = new double[1];
        la.SymmetricEigenvalueRange((double[])matrix.Clone(), n, n, n, w);
        return w[0];
    }

    /// <summary>
    /// λ_min of the symmetric n×n <paramref name="matrix"/>, left unchanged: dsyevr works in <paramref name="work"/> (n²),
    /// the eigenvalue lands in <paramref name="eig"/>[0]; a training loop allocates nothing.
    /// </summary>
    public static double Smallest(ILinearAlgebra la, ReadOnlySpan<double> matrix, int n, double[] work, double[] eig)
    {
        matrix.CopyTo(work);
        la.SymmetricEigenvalueRange(work, n, 1, 1, eig);
        return eig[0];
    }

    /// <summary>
    /// ‖a − b‖₂ for symmetric n×n a and b: the largest |eigenvalue| of the difference (Du et al. Remark 3.1's norm).
    /// <paramref name="work"/> (n²) and <paramref name="eig"/> (n) are scratch, so a training loop allocates nothing.
    /// </summary>
    public static double DistanceNorm(ILinearAlgebra la, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double[] work, double[] eig)
    {
        for (int i = 0; i < work.Length; i++) work[i] = a[i] - b[i];
        la.SymmetricEigenvalues(work, eig.Length, eig);
        return Math.Max(Math.Abs(eig[0]), Math.Abs(eig[^1]));
    }

    /// <summary>
    /// Squared projections (v_jᵀy)² of labels on each eigenvector (Arora et al. ICML 2019, Theorem 4.1: the residual
    /// along v_j decays like (1 − ηλ_j)^k), ascending with the eigenvalues.
    /// </summary>
    public double[] LabelProjections(ReadOnlySpan<double> y)
    {
        if (Eigenvectors == null) throw new InvalidOperationException("eigenvectors were not computed");
        int n = Eigenvalues.Length;
        if (y.Length != n) throw new ArgumentException($"{y.Length} labels for a {n}×{n} matrix", nameof(y));
        var p = new double[n];
        for (int j = 0; j < n; j++)
        {
            double dot = System.Numerics.Tensors.TensorPrimitives.Dot(Eigenvectors.AsSpan(j * n, n), y);
            p[j] = dot * dot;
        }
        return p;
    }
}
