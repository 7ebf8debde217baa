using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Numerics;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Data;

/// <summary>
/// <c>--project D</c>: x ↦ Pᵀx with P d × D of N(0, 1/D) entries from the data seed, after the data's own preparation and
/// before --normalize, the held-out set projected with the same P, and D outside [1, d] refused in one line.
/// </summary>
public class RandomProjectionTests
{
    /// <summary>
    /// The direct sum Σ_j x_ij P_jk against the tool's row-by-row fused multiply-adds: the same terms in the same order,
    /// apart from fused rounding, so agreement to a few ulps of the terms' magnitude (‖x‖·max|P| ≤ 10 here).
    /// </summary>
    private const double Direct = 1e-13;

    /// <summary>Unit vectors normalized in double: ‖x‖ = 1 to a few ulps.</summary>
    private const double UnitNorm = 1e-14;

    private static DataSpec Sphere(int project, bool normalize = false, long seed = 3) =>
        new("sphere", "teacher", 20, 10, seed, normalize, Project: project);

    /// <summary>P as the remarks of <see cref="RandomProjection"/> define it: the stream's normals in order, row-major, over √D.</summary>
    private static double[,] Oracle(int d, int outputD, long seed)
    {
        var rng = Rng.Stream(seed, RandomProjection.Stream);
        var p = new double[d, outputD];
        for (int j = 0; j < d; j++)
            for (int k = 0; k < outputD; k++) p[j, k] = rng.NextGaussian() / Math.Sqrt(outputD);
        return p;
    }

    private static void AssertProjected(Dataset raw, Dataset projected, double[,] p)
    {
        int outputD = p.GetLength(1);
        Assert.Equal((raw.N, outputD), (projected.N, projected.D));
        for (int i = 0; i < raw.N; i++)
            for (int k = 0; k < outputD; k++)
            {
                double z = 0;
                for (int j = 0; j < raw.D; j++) z += raw.X[i * raw.D + j] * p[j, k];
                Assert.Equal(z, projected.X[i * outputD + k], Direct);
            }
    }

    [Fact]
    public void Projected_inputs_are_n_by_D_and_the_same_seed_gives_the_same_matrix()
    {
        var a = Sphere(4).Load();
        var b = Sphere(4).Load();
        var other = Sphere(4, seed: 4).Load();
        Assert.Equal((20, 4), (a.N, a.D));
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Projection!.Matrix, b.Projection!.Matrix);
        Assert.NotEqual(a.Projection.Matrix, Sphere(4, seed: 4).Load().Projection!.Matrix);
        Assert.NotEqual(a.X, other.X);
        Assert.Equal(Sphere(0).Load().Y, a.Y); // the labels are those of the inputs before projection
        Assert.Contains("projected to D=4(seed=3)", a.Source);
        Assert.Null(Sphere(0).Load().Projection);
    }

    [Fact]
    public void The_projection_is_P_transpose_x_with_P_drawn_from_the_data_seed()
    {
        var raw = Sphere(0).Load();
        var projected = Sphere(4).Load();
        var p = Oracle(10, 4, 3);
        Assert.Equal(p.Cast<double>().ToArray(), projected.Projection!.Matrix);
        AssertProjected(raw, projected, p);
        AssertProjected(raw, new DataSpec("sphere", "teacher", 20, 10, 3, false, Project: 10).Load(), Oracle(10, 10, 3)); // D = d
        AssertProjected(raw, new DataSpec("sphere", "teacher", 20, 10, 3, false, Project: 1).Load(), Oracle(10, 1, 3));   // D = 1
    }

    [Fact]
    public void Normalize_comes_after_the_projection_so_projected_inputs_lie_on_the_sphere()
    {
        var projected = Sphere(3).Load();
        var normalized = Sphere(3, normalize: true).Load();
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(1.0, TensorPrimitives.Norm(normalized.Row(i)), UnitNorm);
            Assert.NotEqual(1.0, TensorPrimitives.Norm(projected.Row(i)), UnitNorm);
        }
        Assert.Equal(projected.Normalized().X, normalized.X);
    }

    /// <summary>
    /// E‖Pᵀx‖² = ‖x‖² (entries of variance 1/D): over 400 unit vectors of dimension 50 projected to 10, the mean of ‖Pᵀx‖²
    /// is tr(PPᵀ)/d up to the points' spread, and tr(PPᵀ)/d has mean 1 and sd √(2/(dD)) = 0.06: 0.25 is four sds.
    /// </summary>
    [Fact]
    public void The_scale_keeps_squared_norms_in_expectation()
    {
        var z = new DataSpec("sphere", null, 400, 50, 7, false, Project: 10).Load();
        double mean = Enumerable.Range(0, z.N).Average(i => Math.Pow(TensorPrimitives.Norm(z.Row(i)), 2));
        Assert.InRange(mean, 0.75, 1.25);
    }

    [Fact]
    public void Held_out_sets_are_projected_with_the_training_matrix()
    {
        using var dir = new TestData.TempDir();
        var spec = Sphere(4, normalize: true);
        var train = spec.Load();
        // --test-n on sphere data: the held-out stream, projected with the same P, then normalized.
        var drawn = new HeldOutSpec(spec, TestN: 7).Load(train, outputs: false);
        var rawDrawn = new HeldOutSpec(Sphere(0), TestN: 7).Load(Sphere(0).Load(), outputs: false);
        Assert.Equal(4, drawn.D);
        Assert.Equal(train.Projection!.Apply(rawDrawn).Normalized().X, drawn.X);
        // --test-data: features of the inputs' own d = 10.
        Npy.Write(dir["xt.npy"], rawDrawn.X, 7, 10);
        Npy.Write(dir["yt.npy"], rawDrawn.Y!, 7);
        var file = new HeldOutSpec(spec, TestData: dir["xt.npy"], TestLabels: dir["yt.npy"]).Load(train, outputs: false);
        Assert.Equal(drawn.X, file.X);
        Npy.Write(dir["x4.npy"], new double[28], 7, 4); // already of dimension D: refused, naming the inputs' d
        var e = Assert.Throws<OverParam.IO.InputException>(() => new HeldOutSpec(spec, TestData: dir["x4.npy"], TestLabels: dir["yt.npy"]).Load(train, false));
        Assert.Contains("training data has d = 10", e.Message);
    }

    [Fact]
    public void A_natural_test_split_is_centered_then_projected_with_the_training_matrix()
    {
        using var dir = new TestData.TempDir();
        string mnist = NaturalDataTests.MnistFolder(dir, gzip: false);
        var options = new NaturalOptions(Classes: [3, 1], Center: true);
        var spec = new DataSpec($"mnist:{mnist}", null, 0, 0, 5, false, options, Project: 4);
        var train = spec.Load();
        var test = new HeldOutSpec(spec, TestSplit: "test").Load(train, outputs: false);
        var rawSpec = spec with { Project = 0 };
        var rawTest = new HeldOutSpec(rawSpec, TestSplit: "test").Load(rawSpec.Load(), outputs: false);
        var p = Oracle(6, 4, 5);
        AssertProjected(rawSpec.Load(), train, p);
        AssertProjected(rawTest, test, p);
    }

    [Fact]
    public void Overparam_data_exports_P_and_the_projected_inputs_equal_the_raw_export_times_P()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["data", "--data", "sphere", "--n", "12", "--d", "6", "--labels", "gaussian", "--seed", "9"];
        Assert.Equal(0, CliRunner.Run([.. data, "--out", dir["raw"]]).ExitCode);
        var r = CliRunner.Run([.. data, "--project", "3", "--out", dir["p"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        var raw = DataFiles.Load(dir["raw/X.npy"], null);
        var projected = DataFiles.Load(dir["p/X.npy"], null);
        var (matrix, rows, cols) = DataFiles.ReadFeatures(dir["p/projection.npy"]);
        Assert.Equal((6, 3), (rows, cols));
        var p = new double[6, 3];
        for (int j = 0; j < 6; j++)
            for (int k = 0; k < 3; k++) p[j, k] = matrix[j * 3 + k];
        AssertProjected(raw, projected, p);
        var summary = JsonNode.Parse(File.ReadAllText(dir["p/summary.json"]))!;
        Assert.Equal(3, (int)summary["project"]!);
        Assert.Equal(6, (int)summary["projection"]!["input_d"]!);
        Assert.Equal(3, (int)summary["d"]!);
        Assert.Null(JsonNode.Parse(File.ReadAllText(dir["raw/summary.json"]))!["projection"]);
    }

    [Fact]
    public void Train_records_the_projection_in_summary_json()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--n", "10", "--d", "8", "--labels", "gaussian", "--project", "3", "--normalize", "--width", "20", "--steps", "5", "--out", dir["t"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var settings = JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!["settings"]!;
        Assert.Equal((3, 3), ((int)settings["project"]!, (int)settings["d"]!));
        Assert.Contains("projected to D=3", (string)settings["data"]!);
    }

    [Theory]
    [InlineData("train", "11", "--project 11: expected a dimension from 1 to the inputs' d = 10")]
    [InlineData("gram", "11", "--project 11: expected a dimension from 1 to the inputs' d = 10")]
    [InlineData("check", "11", "--project 11: expected a dimension from 1 to the inputs' d = 10")]
    [InlineData("data", "11", "--project 11: expected a dimension from 1 to the inputs' d = 10")]
    [InlineData("threshold", "11", "--project 11: expected a dimension from 1 to the inputs' d = 10")]
    [InlineData("train", "-1", "--project must be ≥ 0")]
    [InlineData("threshold", "-1", "--project: expected a whole number ≥ 0")]
    public void A_dimension_outside_one_to_d_is_refused_in_one_line_and_nothing_is_written(string verb, string project, string expected)
    {
        using var dir = new TestData.TempDir();
        string[] extra = verb switch { "threshold" => ["--n", "10", "--out", dir["out"]], "check" => [], _ => ["--out", dir["out"]] }; // check writes no folder
        var r = CliRunner.Run([verb, "--d", "10", "--project", project, .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.ErrorLine());
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(dir["out"]), "a refused command writes nothing");
    }
}
