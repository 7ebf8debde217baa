using MathNet.Numerics.LinearAlgebra;

namespace OverParam.Numerics;

/// <summary>The symmetric eigenproblems of <see cref="ManagedBackend"/>, on MathNet.Numerics' managed solver.</summary>
public sealed partial class ManagedBackend
{
    /// <inheritdoc/>
    public void SymmetricEigenvalues(Span<double> a, int n, Span<double> w)
    {
        Checks.Square(a.Length, n, w.Length, n);
        Solve(a, n, w, vectors: false);
    }

    /// <inheritdoc/>
    public void SymmetricEigen(Span<double> a, int n, Span<double> w)
    {
        Checks.Square(a.Length, n, w.Length, n);
        Solve(a, n, w, vectors: true);
    }

    /// <inheritdoc/>
    public void SymmetricEigenvalueRange(Span<double> a, int n, int first, int last, Span<double> w)
    {
        Checks.Range(n, first, last);
        Checks.Square(a.Length, n, w.Length, last - first + 1);
        var all = new double[n];
        Solve(a, n, all, vectors: false);
        all.AsSpan(first - 1, last - first + 1).CopyTo(w);
    }

    /// <summary>Reads the lower triangle, solves, and writes eigenvalues ascending (and eigenvectors as rows of a).</summary>
    private static void Solve(Span<double> a, int n, Span<double> w, bool vectors)
    {
        if (n == 0) return;
        var m = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = a[i * n + j];
                if (!double.IsFinite(v)) throw new LapackException("managed symmetric eigensolver", i + 1);
                m[i, j] = v;
                m[j, i] = v;
            }
        var evd = m.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderBy(j => evd.EigenValues[j].Real).ToArray();
        for (int j = 0; j < n; j++)
        {
            w[j] = evd.EigenValues[order[j]].Real;
            if (!vectors) continue;
            for (int i = 0; i < n; i++) a[j * n + i] = evd.EigenVectors[i, order[j]];
        }
    }
}
