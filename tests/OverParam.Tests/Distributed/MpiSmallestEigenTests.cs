using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Distributed;

/// <summary>
/// gram --distributed --eig min under mpirun (2 and 4 ranks, 1×2 and 2×2 grids, blocks small enough that every rank
/// holds several) against the single-machine --eig min and against --distributed --eig all: λ_min to
/// <see cref="Tolerances.DistributedSmallestEigen"/>·λ_max, the same summary.json keys as the single-machine path, the
/// eigenvector written, and a singular H reported, not thrown. Skipped where mpirun or ScaLAPACK is missing.
/// </summary>
public class MpiSmallestEigenTests
{
    [SkippableTheory]
    [InlineData(2, 32, new[] { "--kernel", "du2019", "--n", "400", "--d", "10" })]
    [InlineData(4, 16, new[] { "--kernel", "du2019", "--n", "400", "--d", "10" })]
    // The deep kernel with erf, a smooth activation in closed form: the same recursion through the same blocks as softplus,
    // without 3 × 64² quadrature points per entry (softplus made these two cases 74 of the class's 98 CPU-seconds).
    [InlineData(2, 16, new[] { "--kernel", "du2019-fc", "--depth", "2", "--activation", "erf", "--n", "300", "--d", "8" })]
    [InlineData(4, 32, new[] { "--kernel", "du2019-fc", "--depth", "2", "--activation", "erf", "--n", "300", "--d", "8" })]
    public void Distributed_lambda_min_agrees_with_the_single_machine_path_and_with_pdsyevr(int ranks, int block, string[] options)
    {
        string mpirun = MpiRunner.RequireMpi();
        using var dir = new TestData.TempDir();
        var single = CliRunner.Run(["gram", .. options, "--eig", "min", "--out", dir["single"]]);
        Assert.True(single.ExitCode == 0, single.Err);
        var (code, stdout, stderr) = MpiRunner.Run(mpirun, ranks, ["gram", "--distributed", "--block", block.ToString(), .. options, "--eig", "min", "--out", dir["min"]]);
        Assert.True(code == 0, stderr);
        Assert.Single(stdout.Split('\n'), l => l.Contains("wrote ", StringComparison.Ordinal)); // rank 0 alone reports
        (code, _, stderr) = MpiRunner.Run(mpirun, ranks, ["gram", "--distributed", "--block", block.ToString(), .. options, "--out", dir["all"]]);
        Assert.True(code == 0, stderr);

        var s = JsonNode.Parse(File.ReadAllText(dir["single/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["min/summary.json"]))!;
        double lambdaMax = (double)s["lambda_max"]!, got = (double)m["lambda_min"]!;
        double tolerance = Tolerances.DistributedSmallestEigen * lambdaMax;
        Assert.True(Math.Abs(got - (double)s["lambda_min"]!) <= tolerance, $"{got:R} vs single-machine {(double)s["lambda_min"]!:R}");
        double all = Npy.Read(dir["all/eigenvalues.npy"]).Data[0];
        Assert.True(Math.Abs(got - all) <= tolerance, $"{got:R} vs pdsyevr {all:R}");
        Assert.True(Math.Abs((double)m["lambda_max"]! - lambdaMax) <= tolerance);

        Assert.Equal(s.AsObject().Select(p => p.Key).Append("distributed").Order(), m.AsObject().Select(p => p.Key).Order());
        Assert.Equal(s["timings"]!.AsObject().Select(p => p.Key), m["timings"]!.AsObject().Select(p => p.Key));
        Assert.StartsWith($"ScaLAPACK pdpotrf + shift-invert Lanczos, {ranks} ranks", (string)m["lambda_min_method"]!);
        Assert.Equal(ranks, (int)m["distributed"]!["ranks"]!);
        Assert.True((double)m["lambda_min_residual"]! <= Tolerances.SmallestEigenResidual * lambdaMax);
        Assert.Equal(["eigenvector_min.npy"], m["files"]!.AsArray().Select(f => (string)f!));
        var v = Npy.Read(dir["min/eigenvector_min.npy"]).Data;
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => x * x)), 1e-12);
    }

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(40)]
    public void Identical_inputs_give_a_zero_lambda_min_reported_as_the_single_machine_path_reports_it(int copies)
    {
        string mpirun = MpiRunner.RequireMpi();
        using var dir = new TestData.TempDir();
        const int n = 300, d = 6;
        var rng = new Random(7);
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;
        for (int k = 1; k < copies; k++) Array.Copy(x, 0, x, k * d, d); // inputs 0..copies−1 coincide: H has that many equal rows
        Npy.Write(dir["x.npy"], x, n, d);
        string[] options = ["gram", "--data", dir["x.npy"], "--normalize", "--eig", "min"];
        var single = CliRunner.Run([.. options, "--out", dir["single"]]);
        Assert.True(single.ExitCode == 0, single.Err);
        var (code, _, stderr) = MpiRunner.Run(mpirun, 2, [.. options, "--distributed", "--block", "16", "--out", dir["min"]]);
        Assert.True(code == 0, stderr);

        var s = JsonNode.Parse(File.ReadAllText(dir["single/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["min/summary.json"]))!;
        double lambdaMax = (double)s["lambda_max"]!;
        Assert.True(Math.Abs((double)m["lambda_min"]!) <= Tolerances.SingularLambdaMin * lambdaMax, $"λ_min = {(double)m["lambda_min"]!:R}");
        Assert.True(Math.Abs((double)s["lambda_min"]!) <= Tolerances.SingularLambdaMin * lambdaMax);
        Assert.Equal((bool)s["numerically_singular"]!, (bool)m["numerically_singular"]!);
        // Either the factor of H failed and pdsyevr answered (no vector), or a tiny pivot passed and Lanczos found the null vector.
        string method = (string)m["lambda_min_method"]!;
        Assert.True(method.Contains("pdpotrf failed", StringComparison.Ordinal) ? m["lambda_min_bound_kind"]!.ToString() == "exact"
            : method.StartsWith("ScaLAPACK pdpotrf", StringComparison.Ordinal), method);
        Assert.Equal(s.AsObject().Select(p => p.Key).Append("distributed").Order(), m.AsObject().Select(p => p.Key).Order());
        if (copies < 40) return;
        // 39 zero pivots in rounding: some come out negative, on one machine and on the grid alike (measured: columns 6 and 3).
        Assert.Contains("Cholesky failed", (string)s["lambda_min_method"]!);
        Assert.StartsWith("pdpotrf failed", method);
        Assert.EndsWith("; pdsyevr", method);
        Assert.Empty(m["files"]!.AsArray());
    }
}
