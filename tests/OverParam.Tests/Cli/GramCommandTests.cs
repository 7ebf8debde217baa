using System.Text.Json.Nodes;
using OverParam.Data;

namespace OverParam.Tests.Cli;

public class GramCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Gram_writes_matrix_spectrum_and_summary_for_the_five_point_circle()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["g"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("backend openblas", r.Err);
        Assert.Contains("lambda_min (λ0)   0.3", r.Out);
        var ev = Npy.Read(dir["g/eigenvalues.npy"]);
        Assert.Equal(0.3, ev.Data[0], Tolerances.SmallEigen);
        Assert.Equal([5, 5], Npy.Read(dir["g/gram.npy"]).Shape);
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        Assert.Equal(5, (int)s["n"]!);
        Assert.Equal(2, (int)s["d"]!);
        Assert.Equal("du2019", (string)s["kernel"]!);
        Assert.Equal(0.3, (double)s["lambda_min"]!, Tolerances.SmallEigen);
        Assert.Equal(72.0, (double)s["min_angle_degrees"]!, 1e-9);
        Assert.True((bool)s["checks"]!["no_parallel_pairs"]!["passed"]!);
        Assert.Equal(0.6881966011 / 0.3, (double)s["condition_number"]!, 1e-8);
    }

    [Fact]
    public void Check_reports_the_label_complexity_that_gram_writes_and_withdraws_it_when_H_is_singular()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["--n", "60", "--d", "5", "--labels", "gaussian"];
        var gram = CliRunner.Run(["gram", .. data, "--no-gram", "--out", dir["g"]]);
        Assert.True(gram.ExitCode == 0, gram.Err);
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        string G4(string key) => ((double)s[key]!).ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        var check = CliRunner.Run(["check", .. data]);
        Assert.Contains($"yᵀ(H∞)⁻¹y = {G4("label_complexity")}; √(2yᵀ(H∞)⁻¹y/n) = {G4("generalization_bound")}", check.Out);
        // Six points on the circle: antipodal pairs make H∞ singular (THEORY.md §7.3).
        var singular = CliRunner.Run("check", "--data", "circle", "--n", "6", "--labels", "sign");
        Assert.Contains("yᵀ(H∞)⁻¹y not determined", singular.Out);
        Assert.DoesNotContain("yᵀ(H∞)⁻¹y", CliRunner.Run("check", "--n", "20", "--d", "3").Out);
    }

    [Fact]
    public void Check_in_tiles_prints_what_check_in_memory_prints()
    {
        string[] data = ["check", "--n", "200", "--d", "8", "--labels", "gaussian", "--width", "100", "--lr", "1e-6", "--eig", "min"];
        var memory = CliRunner.Run(data);
        var tiled = CliRunner.Run([.. data, "--tiled"]);
        Assert.Equal(memory.ExitCode, tiled.ExitCode);
        Assert.Equal(memory.Out, tiled.Out); // λ0, the bounds, the label complexity and every hypothesis, to the printed digits
        Assert.Contains("overparam: part 2/4 Cholesky of H · 100% · ", tiled.Err);
        var deep = CliRunner.Run("check", "--model", "fc", "--n", "20", "--d", "4", "--eig", "min", "--tiled");
        Assert.Equal(2, deep.ExitCode);
        Assert.Contains("--tiled is for the two-layer check", deep.ErrorLine());
    }

    /// <remarks>
    /// The deep kernels here use erf, smooth and in closed form: with softplus (the default), 64² quadrature points per entry
    /// and layer made each n = 300 matrix 6–12 CPU-seconds, formed by both runs, while what is compared is the eigensolvers.
    /// The routes to the shift stay varied: du2019 and bias shift after Lanczos at σ = 0, the ResNet's kernel with erf at once.
    /// </remarks>
    [Theory]
    [InlineData("du2019")]
    [InlineData("bias")]
    [InlineData("du2019-resnet", "--activation", "erf")]
    public void Eig_min_gives_the_full_solvers_lambda_min_with_its_vector_and_bound(string kernel, params string[] options)
    {
        using var dir = new TestData.TempDir();
        string[] data = ["--kernel", kernel, .. options, "--n", "300", "--d", "20", "--labels", "gaussian"];
        var all = CliRunner.Run(["gram", .. data, "--out", dir["all"]]);
        var min = CliRunner.Run(["gram", .. data, "--eig", "min", "--certify", "--out", dir["min"]]);
        Assert.Equal((0, 0), (all.ExitCode, min.ExitCode));
        var a = JsonNode.Parse(File.ReadAllText(dir["all/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["min/summary.json"]))!;
        double lambdaMax = (double)a["lambda_max"]!;
        Assert.Equal((double)a["lambda_min"]!, (double)m["lambda_min"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.Equal(lambdaMax, (double)m["lambda_max"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.Equal("certified", (string)m["lambda_min_bound_kind"]!);
        Assert.True((double)m["lambda_min_error_bound"]! <= Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.Equal("min", (string)m["eig"]!);
        Assert.Equal([300], Npy.Read(dir["min/eigenvector_min.npy"]).Shape);
        Assert.False(File.Exists(dir["min/eigenvalues.npy"]));
        Assert.False(File.Exists(dir["min/gram.npy"])); // --eig min writes the square only with --save-gram
        Assert.True(File.Exists(dir["all/gram.npy"]));
        // The timings add up: every phase of the eigensolver is a part of its wall time, and the factorization's flops are counted.
        var t = m["timings"]!;
        double eigen = (double)t["eigen_seconds"]!, parts = new[] { "lambda_max", "factorization", "lanczos", "residual" }.Sum(p => (double)t[$"eigen_{p}_seconds"]!);
        Assert.InRange(parts, 0, eigen * 1.001 + 1e-3);
        Assert.True((int)t["factorizations"]! >= 2); // --certify factors a second time
        Assert.True((double)t["factorization_gflops"]! > 0);
        Assert.Null(t["dgemm_gflops"]); // measured from n = 2048 on
        Assert.True((double)t["total_seconds"]! >= eigen);
        Assert.Equal(a["checks"]!["lambda_min_positive"]!["passed"]!.ToJsonString(), m["checks"]!["lambda_min_positive"]!["passed"]!.ToJsonString());
    }

    [Fact]
    public void Eig_precision_mixed_gives_the_float64_lambda_min_and_times_its_float32_factorization()
    {
        using var dir = new TestData.TempDir();
        string[] data = ["--data", "sphere", "--n", "500", "--d", "300", "--eig", "min"];
        var f64 = CliRunner.Run(["gram", .. data, "--eig-precision", "f64", "--out", dir["f64"]]);
        var mixed = CliRunner.Run(["gram", .. data, "--eig-precision", "mixed", "--out", dir["mixed"]]);
        Assert.True(f64.ExitCode == 0 && mixed.ExitCode == 0, mixed.Err);
        var a = JsonNode.Parse(File.ReadAllText(dir["f64/summary.json"]))!;
        var m = JsonNode.Parse(File.ReadAllText(dir["mixed/summary.json"]))!;
        double lambdaMax = (double)a["lambda_max"]!;
        Assert.Equal((double)a["lambda_min"]!, (double)m["lambda_min"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.StartsWith("float32 Cholesky", (string)m["lambda_min_method"]!);
        Assert.StartsWith("Cholesky", (string)a["lambda_min_method"]!);
        var t = m["timings"]!;
        Assert.Equal((1, 0), ((int)t["float32_factorizations"]!, (int)t["factorizations"]!));
        Assert.True((double)t["float32_factorization_gflops"]! > 0 && (double)t["eigen_refinement_seconds"]! > 0);
        Assert.Null(a["timings"]!["float32_factorizations"]); // the float64 path's timings keep their keys
        Assert.Contains("float32 factor", mixed.Err); // the memory estimate counts it
    }

    [Theory]
    [InlineData("--eig all --eig-precision mixed", "--eig-precision is for --eig min on one machine")]
    [InlineData("--eig min --distributed --eig-precision f64", "--eig-precision is for --eig min on one machine")]
    [InlineData("--eig min --certify --eig-precision mixed", "--certify proves λ_min > σ with a float64 factorization")]
    [InlineData("--eig min --eig-precision f16", "--eig-precision")]
    public void Eig_precision_is_refused_where_it_does_not_apply(string args, string message)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["gram", "--n", "50", "--d", "5", .. args.Split(' '), "--out", dir["g"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(dir["g"]));
    }

    /// <remarks>The FC net's NTK with erf, in closed form: with softplus its three formings of H (the full run's, the tiles'
    /// and the residual's) were 24 CPU-seconds.</remarks>
    [Theory]
    [InlineData("du2019")]
    [InlineData("bias-joint")]
    [InlineData("ntk-fc", "--activation", "erf", "--depth", "2")]
    public void The_tiled_path_gives_the_full_solvers_extremes_and_the_same_label_complexity(string kernel, params string[] options)
    {
        using var dir = new TestData.TempDir();
        string[] data = ["--kernel", kernel, .. options, "--n", "300", "--d", "20", "--labels", "gaussian"];
        var all = CliRunner.Run(["gram", .. data, "--no-gram", "--out", dir["all"]]);
        var tiled = CliRunner.Run(["gram", .. data, "--eig", "min", "--tiled", "--tile", "64", "--out", dir["tiled"]]);
        Assert.True(all.ExitCode == 0 && tiled.ExitCode == 0, tiled.Err);
        // Progress in four parts, with the time left where the work is counted: 5 × 6 / 2 = 15 tiles of 64 on n = 300.
        Assert.Matches(@"overparam: part 1/4 forming H · tile 1/15 · \d+ s elapsed · about \d+ s left", tiled.Err);
        Assert.Contains("overparam: part 2/4 Cholesky of H · 100% · ", tiled.Err);
        Assert.Matches(@"overparam: part 3/4 Lanczos · \d+ block products · \d+ s elapsed · done", tiled.Err);
        Assert.Matches(@"overparam: part 4/4 residual from H · tile 15/15 · \d+ s elapsed · done", tiled.Err);
        var a = JsonNode.Parse(File.ReadAllText(dir["all/summary.json"]))!;
        var t = JsonNode.Parse(File.ReadAllText(dir["tiled/summary.json"]))!;
        double lambdaMax = (double)a["lambda_max"]!;
        Assert.Equal((double)a["lambda_min"]!, (double)t["lambda_min"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.Equal(lambdaMax, (double)t["lambda_max"]!, Tolerances.SmallestEigenAgreement * lambdaMax);
        Assert.True((double)t["lambda_min_residual"]! <= Tolerances.SmallestEigenResidual * lambdaMax);
        double complexity = (double)a["label_complexity"]!;
        Assert.Equal(complexity, (double)t["label_complexity"]!, Tolerances.CholeskySolve * complexity);
        Assert.Equal(64, (int)t["tiles"]!["tile"]!);
        // The tiled path's timings: its own forming, one factorization, the phases within the whole.
        var timings = t["timings"]!;
        var phases = new[] { "forming", "lambda_max", "factorization", "lanczos", "residual" }.Select(p => (double)timings[$"eigen_{p}_seconds"]!).ToList();
        Assert.All(phases, p => Assert.True(p >= 0));
        Assert.InRange(phases.Sum(), 0, (double)timings["total_seconds"]! * 1.001 + 1e-3);
        Assert.Equal(1, (int)timings["factorizations"]!);
        Assert.Equal([300], Npy.Read(dir["tiled/eigenvector_min.npy"]).Shape);
        Assert.Equal((double)a["min_angle_degrees"]!, (double)t["min_angle_degrees"]!, 1e-9);
        Assert.Equal(["eigenvector_min.npy"], t["files"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    public void The_tiled_path_reports_a_singular_matrix_and_refuses_what_it_cannot_do()
    {
        using var dir = new TestData.TempDir();
        var singular = CliRunner.Run("gram", "--data", "circle", "--n", "6", "--labels", "sign", "--eig", "min", "--tiled", "--out", dir["c"]);
        Assert.True(singular.ExitCode == 0, singular.Err);
        var s = JsonNode.Parse(File.ReadAllText(dir["c/summary.json"]))!;
        // Antipodal pairs make H∞ exactly singular; in float64 the Cholesky either fails ("not positive definite") or
        // goes through on rounding, and either way λ_min is at the rounding level and the label complexity withdrawn.
        Assert.True((bool)s["numerically_singular"]!);
        Assert.Contains((string)s["lambda_min_bound_kind"]!, new[] { "not positive definite", "residual", "kato-temple" });
        Assert.Null(s["label_complexity"]);
        foreach (var (options, message) in new (string[], string)[]
        {
            (["--tiled"], "--tiled needs --eig min"),
            (["--eig", "min", "--tiled", "--certify"], "--certify needs a second factorization"),
            (["--eig", "min", "--tiled", "--tile", "8"], "--tile must be at least 16"),
            (["--eig", "min", "--tiled", "--kernel", "du2019-conv-resnet", "--channels", "2"], "position-pair recursion"),
        })
        {
            var r = CliRunner.Run(["gram", "--n", "20", "--d", "4", .. options, "--out", dir["x"]]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(message, r.ErrorLine());
            Assert.False(Directory.Exists(dir["x"]));
        }
    }

    [Fact]
    public void Label_complexity_is_reported_with_every_eig_mode_and_is_null_when_H_is_singular()
    {
        using var dir = new TestData.TempDir();
        var min = CliRunner.Run("gram", "--n", "40", "--d", "5", "--labels", "sign", "--eig", "none", "--out", dir["a"]);
        var singular = CliRunner.Run("gram", "--data", "circle", "--n", "6", "--labels", "sign", "--out", dir["b"]);
        Assert.Equal((0, 0), (min.ExitCode, singular.ExitCode));
        var a = JsonNode.Parse(File.ReadAllText(dir["a/summary.json"]))!;
        Assert.True((double)a["label_complexity"]! > 0);
        var b = JsonNode.Parse(File.ReadAllText(dir["b/summary.json"]))!;
        Assert.Null(b["label_complexity"]);
        Assert.Contains("numerically singular", (string)b["label_complexity_note"]!);
    }

    [Fact]
    public void Eig_min_writes_the_matrix_when_asked_the_same_as_eig_all()
    {
        using var dir = new TestData.TempDir();
        Assert.Equal(0, CliRunner.Run("gram", "--n", "30", "--d", "4", "--eig", "min", "--save-gram", "--out", dir["min"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("gram", "--n", "30", "--d", "4", "--out", dir["all"]).ExitCode);
        Assert.Equal(Npy.Read(dir["all/gram.npy"]).Data, Npy.Read(dir["min/gram.npy"]).Data);
        Assert.Contains("gram.npy", JsonNode.Parse(File.ReadAllText(dir["min/summary.json"]))!["files"]!.ToJsonString());
    }

    [Fact]
    public void Eig_none_writes_the_matrix_and_says_lambda_min_was_not_computed()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--n", "20", "--d", "3", "--eig", "none", "--out", dir["g"]);
        Assert.Equal(0, r.ExitCode);
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        Assert.Null(s["lambda_min"]);
        Assert.False((bool)s["checks"]!["lambda_min_positive"]!["measured"]!);
        Assert.Equal([20, 20], Npy.Read(dir["g/gram.npy"]).Shape);
    }

    [Theory]
    [InlineData("--eig", "min", "--eigenvectors")]
    [InlineData("--certify", "--eig", "all")]
    [InlineData("--eig", "some")]
    [InlineData("--save-gram")]
    [InlineData("--eig", "min", "--save-gram", "--no-gram")]
    [InlineData("--eig", "min", "--save-gram", "--tiled")]
    public void Inconsistent_eig_options_are_refused_in_one_line(params string[] options)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["gram", "--n", "10", "--d", "3", .. options, "--out", dir["g"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Six_point_circle_fails_the_parallel_check_with_the_pair_and_angle()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--data", "circle", "--n", "6", "--out", dir["g"]);
        Assert.Equal(0, r.ExitCode);
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        Assert.False((bool)s["checks"]!["no_parallel_pairs"]!["passed"]!);
        Assert.Contains("inputs 0 and 3 are anti-parallel (angle 180°)", (string)s["checks"]!["no_parallel_pairs"]!["detail"]!);
        Assert.True((bool)s["numerically_singular"]!);
        Assert.Null(s["condition_number"]);
    }

    [Fact]
    public void Both_backends_give_the_same_lambda_min_from_files()
    {
        using var dir = new TestData.TempDir();
        var data = Synthetic.Sphere(30, 4, 9);
        Npy.Write(dir["x.npy"], data.X, 30, 4);
        var a = CliRunner.Run("gram", "--data", dir["x.npy"], "--backend", "openblas", "--out", dir["a"]);
        var b = CliRunner.Run("gram", "--data", dir["x.npy"], "--backend", "managed", "--out", dir["b"]);
        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        Assert.Contains("backend managed", b.Err);
        var la = Npy.Read(dir["a/eigenvalues.npy"]).Data;
        var lb = Npy.Read(dir["b/eigenvalues.npy"]).Data;
        for (int i = 0; i < la.Length; i++) Assert.Equal(la[i], lb[i], Tolerances.BackendsAgreeF64 * la[^1]);
    }

    [Fact]
    public void Eigenvectors_and_label_projections_are_written_on_request()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--n", "12", "--d", "3", "--labels", "sign", "--eigenvectors", "--out", dir["g"]);
        Assert.Equal(0, r.ExitCode);
        var proj = Npy.Read(dir["g/label_projections.npy"]).Data;
        Assert.Equal(12.0, proj.Sum(), 1e-10); // Σ_j (v_jᵀy)² = ‖y‖² = n for ±1 labels
        // NumPy's orientation: V[:, j] is v_j, so H V[:, j] = λ_j V[:, j] and (Vᵀy)_j² is the j-th projection.
        var v = Npy.Read(dir["g/eigenvectors.npy"]).Data; // read as NumPy would, row-major V[i, j]
        var h = Npy.Read(dir["g/gram.npy"]).Data;
        var lambda = Npy.Read(dir["g/eigenvalues.npy"]).Data;
        var y = OverParam.Data.Synthetic.Labels(OverParam.Data.Synthetic.Sphere(12, 3, 0), OverParam.Data.LabelKind.Sign, 0);
        for (int j = 0; j < 12; j++)
        {
            double vy = 0;
            for (int i = 0; i < 12; i++)
            {
                double hv = 0;
                for (int k = 0; k < 12; k++) hv += h[i * 12 + k] * v[k * 12 + j];
                Assert.Equal(lambda[j] * v[i * 12 + j], hv, 1e-12);
                vy += v[i * 12 + j] * y[i];
            }
            Assert.Equal(proj[j], vy * vy, 1e-12);
        }
        var s = JsonNode.Parse(File.ReadAllText(dir["g/summary.json"]))!;
        // yᵀH⁻¹y = Σ_j (v_jᵀy)²/λ_j: the Cholesky solve against the eigendecomposition (H is well conditioned here).
        double expected = proj.Select((p, j) => p / lambda[j]).Sum();
        Assert.Equal(expected, (double)s["label_complexity"]!, 1e-9 * expected);
        Assert.Equal(Math.Sqrt(2 * expected / 12), (double)s["generalization_bound"]!, 1e-9);
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--data", Fixture("x_truncated.npy")], "x_truncated.npy: data: truncated" },
        { ["--data", Fixture("x_c16.npy")], "'<c16' is not supported" },
        { ["--data", Fixture("x_nan.npy")], "row 1, column 0: NaN is not a finite number" },
        { ["--data", Fixture("x_f8.npy"), "--labels", Fixture("y_i8.npy") + ".missing"], "no such file" },
        { ["--data", "sphere", "--n", "4", "--labels", Fixture("y_f8.npy")], "3 labels, but the sphere data has n = 4 points" },
        { ["--kernel", "ntk-fancy"], "--kernel: expected one of du2019, " },
        { ["--n", "0"], "--n must be at least 1" },
        { ["--backend", "gpu"], "--backend: expected one of auto, openblas, managed; got 'gpu'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_gives_one_line_exit_code_2_and_no_output_folder(string[] args, string fragment)
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run(["gram", .. args, "--out", dir["g"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("overparam: error: ", r.ErrorLine());
        Assert.Contains(fragment, r.ErrorLine());
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path)); // neither the folder nor a staging folder
    }

    [Fact]
    public void Csv_with_a_non_number_names_the_line()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["x.csv"], "1,0\n0,one\n");
        var r = CliRunner.Run("gram", "--data", dir["x.csv"], "--out", dir["g"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("x.csv: line 2, column 2: 'one' is not a number", r.ErrorLine());
        Assert.False(Directory.Exists(dir["g"]));
    }

    [Fact]
    public void Rerunning_into_an_existing_folder_replaces_its_files()
    {
        using var dir = new TestData.TempDir();
        Assert.Equal(0, CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["g"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("gram", "--data", "circle", "--n", "3", "--out", dir["g"], "--no-gram").ExitCode);
        Assert.Equal([3], Npy.Read(dir["g/eigenvalues.npy"]).Shape);
        Assert.Single(Directory.GetDirectories(dir.Path)); // no staging folder left
    }

    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var r = CliRunner.Run("gram", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var opt in new[] { "--data", "--labels", "--n", "--d", "--seed", "--normalize", "--kernel", "--out", "--backend" })
            Assert.Contains(opt, r.Out);
        Assert.Contains("default: du2019", r.Out);
    }
}
