using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Tests;

/// <summary>Small data and backends shared by tests.</summary>
internal static class TestData
{
    /// <summary>The native backend; the tests need it installed (CI installs libopenblas0-pthread and liblapacke).</summary>
    public static ILinearAlgebra OpenBlas => Backends.Create("openblas", 2, out _);

    public static ILinearAlgebra Managed => new ManagedBackend(2);

    public static IEnumerable<ILinearAlgebra> Both => [OpenBlas, Managed];

    /// <summary>The repository's root: the first folder above the test binaries that holds README.md.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test binaries");
    }

    /// <summary>max |λ| of a symmetric n×n matrix (row-major), from its eigenvalues.</summary>
    public static double SpectralNorm(double[] sym, int n)
    {
        var w = new double[n];
        OpenBlas.SymmetricEigenvalues((double[])sym.Clone(), n, w);
        return Math.Max(Math.Abs(w[0]), Math.Abs(w[^1]));
    }

    /// <summary>Gaussian matrix of the given shape from a seed.</summary>
    public static double[] Gaussian(int count, long seed)
    {
        var rng = Rng.Stream(seed, 99);
        var a = new double[count];
        rng.FillGaussian(a);
        return a;
    }

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("overparam-test-").FullName;
        public string this[string name] => System.IO.Path.Combine(Path, name);
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }

    public static Dataset FromRows(params double[][] rows) =>
        new Dataset("test", rows.Length, rows[0].Length, rows.SelectMany(r => r).ToArray(), null).Validate();
}
