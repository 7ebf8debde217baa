using System.Text.Json.Nodes;

namespace OverParam.Tests.Cli;

/// <summary>gram --eig min --eig-precision in tiles: the float32 tiles beside H's float64 ones, against the float64 paths.</summary>
public class GramTiledMixedPrecisionTests
{
    /// <summary>
    /// The float32 tiles beside H's float64 ones: λ_min agrees with the float64 paths (tiled and in memory) to 1e-10·λ_max,
    /// yᵀH⁻¹y is the tiled float64 path's to the bit (the same float64 factorization of the same tiles, made after the
    /// mixed λ_min), and the progress and timings name the float32 factorization.
    /// </summary>
    [Fact]
    public void Eig_precision_mixed_in_tiles_gives_the_float64_lambda_min_and_label_complexity()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["gram", "--data", "sphere", "--n", "600", "--d", "300", "--labels", "gaussian", "--eig", "min"];
        var memory = CliRunner.Run([.. data, "--eig-precision", "f64", "--out", dir["memory"]]);
        var f64 = CliRunner.Run([.. data, "--tiled", "--tile", "128", "--eig-precision", "f64", "--out", dir["f64"]]);
        var mixed = CliRunner.Run([.. data, "--tiled", "--tile", "128", "--eig-precision", "mixed", "--out", dir["mixed"]]);
        Assert.True(memory.ExitCode == 0 && f64.ExitCode == 0 && mixed.ExitCode == 0, mixed.Err);
        var a = JsonNode.Parse(File.ReadAllText(dir["memory/summary.json"]))!;
        var t = JsonNode.Parse(File.ReadAllText(dir["f64/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["mixed/summary.json"]))!;
        double lambdaMax = (double)a["lambda_max"]!;
        Assert.Equal((double)a["lambda_min"]!, (double)m["lambda_min"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.Equal((double)t["lambda_min"]!, (double)m["lambda_min"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.True((double)m["lambda_min_residual"]! <= OverParam.Kernels.SmallestEigenpair.MixedResidualTolerance * lambdaMax);
        Assert.Equal((double)t["label_complexity"]!, (double)m["label_complexity"]!);
        Assert.StartsWith("float32 tiled Cholesky (128×128 tiles)", (string)m["lambda_min_method"]!);
        Assert.StartsWith("tiled Cholesky", (string)t["lambda_min_method"]!);
        var timings = m["timings"]!;
        Assert.True((int)timings["float32_factorizations"]! >= 1 && (double)timings["eigen_refinement_seconds"]! > 0);
        Assert.Contains("float32 tiles", mixed.Err); // the memory estimate counts them
        Assert.Contains("overparam: part 3/4 float32 Cholesky of H − σI · 100% · ", mixed.Err);
        Assert.Null(t["timings"]!["float32_factorizations"]);
    }

    /// <summary>
    /// Where the float32 factorization fails (antipodal points on the circle make H singular), the mixed path gives up and
    /// the float64 path runs on the tiles it left intact: the same report as --eig-precision f64, with the reason added.
    /// Auto from n = 4,096 does not try float32 where Lanczos on H already shows κ above the limit.
    /// </summary>
    [Fact]
    public void In_tiles_mixed_gives_way_to_float64_and_auto_skips_an_ill_conditioned_matrix()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["gram", "--data", "circle", "--n", "300", "--eig", "min", "--tiled", "--tile", "64"];
        var f64 = CliRunner.Run([.. data, "--eig-precision", "f64", "--out", dir["f64"]]);
        var mixed = CliRunner.Run([.. data, "--eig-precision", "mixed", "--out", dir["mixed"]]);
        Assert.Equal((0, 0), (f64.ExitCode, mixed.ExitCode));
        var t = JsonNode.Parse(File.ReadAllText(dir["f64/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["mixed/summary.json"]))!;
        Assert.Equal((double)t["lambda_min"]!, (double)m["lambda_min"]!);
        string method = (string)m["lambda_min_method"]!;
        Assert.StartsWith((string)t["lambda_min_method"]! + "; float64 because the float32 Cholesky of H failed at column ", method);
        var auto = CliRunner.Run("gram", "--data", "circle", "--n", "4096", "--eig", "min", "--tiled", "--out", dir["auto"]);
        Assert.Equal(0, auto.ExitCode);
        var u = JsonNode.Parse(File.ReadAllText(dir["auto/summary.json"]))!;
        Assert.Contains("auto takes float32 in tiles only below", (string)u["lambda_min_method"]!);
        Assert.Null(u["timings"]!["float32_factorizations"]);
    }
}
