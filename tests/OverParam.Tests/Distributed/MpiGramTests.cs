using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Distributed;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Distributed;

/// <summary>
/// gram --distributed under mpirun (2 to 4 ranks on this machine, 1×2, 1×3 and 2×2 grids, blocks small enough that every
/// rank holds several) against the single-machine path: every eigenvalue to 1e-10·λ_max and the same pair geometry. CI
/// installs openmpi-bin and libscalapack-openmpi2.2; elsewhere the tests skip, saying which is missing.
/// </summary>
public class MpiGramTests
{
    [SkippableTheory]
    [InlineData(2, 64, "elpa", new[] { "--kernel", "du2019", "--n", "200", "--d", "8" })]
    [InlineData(2, 64, "pdsyevr", new[] { "--kernel", "du2019", "--n", "200", "--d", "8" })]
    [InlineData(4, 16, "elpa", new[] { "--kernel", "bias-joint", "--n", "150", "--d", "5", "--labels", "gaussian" })]
    [InlineData(4, 16, "pdsyevr", new[] { "--kernel", "bias-joint", "--n", "150", "--d", "5", "--labels", "gaussian" })]
    [InlineData(3, 8, "elpa", new[] { "--kernel", "ntk-resnet", "--depth", "3", "--activation", "softplus", "--n", "90", "--d", "6" })]
    [InlineData(2, 16, "pdsyevr", new[] { "--kernel", "du2019-fc", "--depth", "2", "--n", "120", "--d", "4" })]
    public void Distributed_eigenvalues_agree_with_the_single_machine_path(int ranks, int block, string solver, string[] options)
    {
        string mpirun = MpiRunner.RequireMpi();
        if (solver == "elpa") MpiRunner.RequireElpa();
        using var dir = new TestData.TempDir();
        var single = CliRunner.Run(["gram", .. options, "--no-gram", "--out", dir["single"]]);
        Assert.True(single.ExitCode == 0, single.Err);

        var (code, stdout, stderr) = MpiRunner.Run(mpirun, ranks, ["gram", "--distributed", "--block", block.ToString(), "--solver", solver, .. options, "--out", dir["mpi"]]);
        Assert.True(code == 0, stderr);
        Assert.Single(stdout.Split('\n'), l => l.Contains("wrote ", StringComparison.Ordinal)); // rank 0 alone reports

        var expected = Npy.Read(dir["single/eigenvalues.npy"]).Data;
        var got = Npy.Read(dir["mpi/eigenvalues.npy"]).Data;
        Assert.Equal(expected.Length, got.Length);
        double scale = expected.Max(Math.Abs);
        for (int k = 0; k < got.Length; k++)
            Assert.True(Math.Abs(got[k] - expected[k]) <= Tolerances.DistributedEigenvalues * scale, $"λ_{k}: {got[k]:R} vs {expected[k]:R}");

        var s = JsonNode.Parse(File.ReadAllText(dir["single/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["mpi/summary.json"]))!;
        Assert.Equal(ranks, (int)m["distributed"]!["ranks"]!);
        Assert.StartsWith(solver == "elpa" ? "ELPA 2-stage" : "ScaLAPACK pdsyevr", (string)m["distributed"]!["engine"]!);
        Assert.Equal(BlacsGrid.Shape(ranks).Rows, (int)m["distributed"]!["grid"]![0]!);
        Assert.Equal((double)s["min_angle_degrees"]!, (double)m["min_angle_degrees"]!, 1e-9);
        Assert.Equal((double)s["min_line_angle_degrees"]!, (double)m["min_line_angle_degrees"]!, 1e-9);
        Assert.Equal(s["closest_pair"]!.ToJsonString(), m["closest_pair"]!.ToJsonString());
        Assert.Equal(s["checks"]!.AsObject().Select(c => c.Key), m["checks"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["eigenvalues.npy"], m["files"]!.AsArray().Select(f => (string)f!));
    }

    [Theory]
    [InlineData(new[] { "--eig", "none" }, "--eig none is a single-machine path")]
    [InlineData(new[] { "--eig", "min", "--tiled" }, "--tiled is the single-machine tiled path")]
    [InlineData(new[] { "--eig", "min", "--save-gram" }, "--distributed never holds the whole matrix")]
    [InlineData(new[] { "--eigenvectors" }, "--distributed computes eigenvalues only")]
    [InlineData(new[] { "--kernel", "du2019-conv-resnet", "--channels", "2" }, "position-pair recursion")]
    [InlineData(new[] { "--block", "0" }, "--block must be at least 1")]
    [InlineData(new[] { "--eig", "min", "--solver", "elpa" }, "--solver chooses the eigensolver of --distributed --eig all")]
    public void What_the_distributed_path_refuses_is_refused_in_one_line_before_MPI_starts(string[] options, string message)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["gram", "--distributed", "--n", "20", "--d", "4", .. options, "--out", dir["g"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.ErrorLine());
        Assert.False(Directory.Exists(dir["g"]));
    }
}
