using System.Buffers.Binary;
using OverParam.Data;
using OverParam.Tests.Data;

namespace OverParam.Tests.Cli;

/// <summary>
/// The broken promises a hostile run of about 770 cases found in the newer commands (data, the natural-data loaders,
/// threshold, tiled gram, the reproductions), each as the command that showed it: one line naming the option or file,
/// exit 2, nothing written, nothing of an earlier result damaged; never exit 70 or 134 for a user's input.
/// </summary>
public class HostileRunTests
{
    /// <summary>Exit 2 with one line holding <paramref name="fragment"/>, and <paramref name="mustNotExist"/> not written.</summary>
    private static void BadInput(CliRunner.Result r, string fragment, string? mustNotExist = null)
    {
        ReliabilityTests.BadInput(r, fragment);
        if (mustNotExist != null) Assert.False(Directory.Exists(mustNotExist) || File.Exists(mustNotExist), $"{mustNotExist} was written");
    }

    /// <summary>An MNIST folder whose training images are 28×28 and whose test images are side × side, two classes of ten each.</summary>
    private static string Mnist(TestData.TempDir dir, int testSide, string name = "mnist")
    {
        string d = dir[name];
        Directory.CreateDirectory(d);
        byte[] labels = [.. Enumerable.Range(0, 20).Select(i => (byte)(i % 2))];
        File.WriteAllBytes(Path.Combine(d, "train-images-idx3-ubyte"), NaturalDataTests.ImagesIdx(20, 28, 28));
        File.WriteAllBytes(Path.Combine(d, "train-labels-idx1-ubyte"), NaturalDataTests.LabelsIdx(labels));
        File.WriteAllBytes(Path.Combine(d, "t10k-images-idx3-ubyte"), NaturalDataTests.ImagesIdx(20, testSide, testSide));
        File.WriteAllBytes(Path.Combine(d, "t10k-labels-idx1-ubyte"), NaturalDataTests.LabelsIdx(labels));
        return d;
    }

    [Theory]
    [InlineData(27)] // exited 0, subtracting the first 729 entries of the 784-entry training mean
    [InlineData(30)] // exited 70 (IndexOutOfRangeException)
    public void Test_images_of_another_shape_than_the_training_images_are_named(int side)
    {
        using var dir = new TestData.TempDir();
        string mnist = Mnist(dir, side);
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--split", "test", "--center", "--out", dir["o"]),
            $"t10k-images-idx3-ubyte: byte 8: images of {side * side} values, but the train split's", dir["o"]);
        BadInput(CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "0,1", "--center", "--test-split", "test", "--width", "8", "--steps", "2", "--out", dir["t"]),
            $"images of {side * side} values", dir["t"]);
        BadInput(CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "0,1", "--test-split", "test", "--width", "8", "--steps", "2", "--out", dir["t"]),
            $"(test split): {side * side} values per input, but the training data has d = 784", dir["t"]);
    }

    [Fact]
    public void Data_takes_labels_as_train_does()
    {
        using var dir = new TestData.TempDir();
        string mnist = Mnist(dir, 28);
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--labels", "junk", "--out", dir["a"]),
            "--labels junk: expected gaussian, sign, teacher, random, none, or a file", dir["a"]);
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--labels", "/nonexistent.npy", "--out", dir["b"]), "/nonexistent.npy", dir["b"]);
        BadInput(CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "0,1", "--labels", "junk", "--out", dir["c"]), "--labels junk", dir["c"]);
        // Gaussian labels replace the classes' ±1, in data exactly as in training.
        Assert.Equal(0, CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--labels", "gaussian", "--out", dir["g"]).ExitCode);
        var y = Npy.Read(dir["g/y.npy"]).Data;
        Assert.Contains(y, v => Math.Abs(v) != 1);
        var own = CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--out", dir["own"]);
        Assert.Equal(0, own.ExitCode);
        Assert.All(Npy.Read(dir["own/y.npy"]).Data, v => Assert.Equal(1, Math.Abs(v)));
        Assert.False(File.Exists(dir["none/y.npy"]));
        Assert.Equal(0, CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "0,1", "--labels", "none", "--out", dir["none"]).ExitCode);
        Assert.False(File.Exists(dir["none/y.npy"]));
    }

    [Fact]
    public void A_npy_header_length_past_two_to_the_31_is_a_truncated_header_naming_the_file()
    {
        using var dir = new TestData.TempDir();
        var b = new List<byte>([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0]);
        var len = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, 0xFFFFFFF0);
        b.AddRange(len);
        b.AddRange("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"u8.ToArray());
        File.WriteAllBytes(dir["huge.npy"], [.. b]);
        foreach (var command in new[]
        {
            new[] { "gram", "--data", dir["huge.npy"] }, ["train", "--data", dir["huge.npy"], "--labels", "sign"], ["data", "--data", dir["huge.npy"]],
            ["check", "--data", dir["huge.npy"]], ["gram", "--labels", dir["huge.npy"]],
        })
            BadInput(CliRunner.Run([.. command, .. Out(command, dir["o"])]), "huge.npy: header: truncated header: its length field says 4294967280 bytes", dir["o"]);
    }

    public static TheoryData<string[], string> WholeNumberOptions => new()
    {
        { ["gram"], "--n" }, { ["gram"], "--d" }, { ["gram"], "--threads" }, { ["train", "--labels", "sign"], "--width" }, { ["data"], "--n" },
        { ["check"], "--n" }, { ["threshold", "--n", "5"], "--seeds" }, { ["threshold", "--n", "5"], "--max-width" }, { ["threshold", "--n", "5"], "--start-width" },
        { ["threshold", "--n", "5"], "--jobs" }, { ["threshold", "--n", "5"], "--cpus-per-task" }, { ["reproduce", "du2019"], "--seeds" },
        { ["reproduce", "kawaguchi2019"], "--seeds" }, { ["gram", "--distributed"], "--block" }, { ["gram", "--eig", "min", "--tiled"], "--tile" },
    };

    /// <summary>--out for the commands that write (check only prints).</summary>
    private static string[] Out(string[] command, string dir) => command[0] == "check" ? [] : ["--out", dir];

    [Theory]
    [MemberData(nameof(WholeNumberOptions))]
    public void A_whole_number_written_with_an_exponent_or_a_thousands_comma_gets_one_line(string[] command, string option)
    {
        using var dir = new TestData.TempDir();
        foreach (var value in new[] { "1e2", "1,000", "2.5", "0x10" })
            BadInput(CliRunner.Run([.. command, option, value, .. Out(command, dir["o"])]), $"{option}: expected a whole number up to 2147483647, got '{value}'", dir["o"]);
    }

    [Fact]
    public void Threshold_checks_its_data_and_sizes_before_it_writes_anything_and_keeps_an_earlier_search()
    {
        using var dir = new TestData.TempDir();
        string nan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "x_nan.npy");
        Directory.CreateDirectory(dir["trunc"]);
        File.WriteAllBytes(dir["trunc/train-images-idx3-ubyte"], NaturalDataTests.ImagesIdx()[..40]);
        File.WriteAllBytes(dir["trunc/train-labels-idx1-ubyte"], NaturalDataTests.LabelsIdx(NaturalDataTests.Labels));
        string[] small = ["threshold", "--n", "8,12", "--d", "3", "--labels", "sign", "--seeds", "2", "--steps", "20", "--max-width", "64"];
        var cases = new (string[] Args, string Fragment)[]
        {
            (["threshold", "--n", "2000000000"], "--n 2000000000 × --d 10"),
            ([.. small[..2], "8", "--data", nan, "--labels", "sign"], "x_nan.npy"),
            (["threshold", "--n", "4", "--data", $"mnist:{dir["trunc"]}", "--classes", "1,3"], "train-images-idx3-ubyte: byte 40: truncated"),
            (["threshold", "--n", "10", "--start-width", "2000000000", "--max-width", "2000000000", "--labels", "sign"], "needs about"),
            (["threshold", "--n", "5,10", "--seeds", "100000"], "--seeds 100000 × 2 size(s) = 200000 runs a round, more than the 10000"),
        };
        foreach (var (args, fragment) in cases)
            BadInput(CliRunner.Run([.. args, "--out", dir["fresh"]]), fragment, dir["fresh"]);
        // An earlier search is left exactly as it was.
        Assert.Equal(0, CliRunner.Run([.. small, "--out", dir["s"]]).ExitCode);
        var before = Snapshot(dir["s"]);
        foreach (var (args, fragment) in cases)
            BadInput(CliRunner.Run([.. args, "--out", dir["s"]]), fragment);
        Assert.Equal(before, Snapshot(dir["s"]));
        var status = CliRunner.Run("sweep", "status", dir["s"]);
        Assert.Equal(0, status.ExitCode);
        Assert.DoesNotContain("failed", status.Out.Split('\n').Last(l => l.Length > 0).Replace("0 failed", ""));
    }

    /// <summary>Every file under the folder with its bytes (the OS lock file excluded: its content is empty and its times move).</summary>
    private static List<string> Snapshot(string dir) =>
        [.. Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order().Select(f => $"{Path.GetRelativePath(dir, f)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")];

    [Fact]
    public void Temporary_files_of_a_killed_run_are_removed_at_the_top_level_of_a_search_on_resume()
    {
        using var dir = new TestData.TempDir();
        string[] search = ["threshold", "--n", "6", "--d", "3", "--labels", "sign", "--seeds", "1", "--steps", "10", "--max-width", "16", "--out", dir["s"]];
        Assert.Equal(0, CliRunner.Run(search).ExitCode);
        // What kill -9 between the write and the rename leaves: temporary files of a process that is gone.
        int dead = DeadPid();
        string[] orphans = [dir[$"s/.threshold.json.{dead}.{Guid.NewGuid():N}.tmp"], dir[$"s/.sweep.json.{dead}.{Guid.NewGuid():N}.tmp"]];
        Directory.CreateDirectory(dir["s/failed"]);
        string failedOrphan = dir[$"s/failed/.x.json.{dead}.{Guid.NewGuid():N}.tmp"];
        foreach (var f in orphans.Append(failedOrphan)) File.WriteAllText(f, "");
        Assert.Equal(0, CliRunner.Run(search).ExitCode);
        foreach (var f in orphans.Append(failedOrphan)) Assert.False(File.Exists(f), $"{f} survived the resume");
    }

    /// <summary>A process id no process has now.</summary>
    internal static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void Reproductions_check_their_data_before_any_work()
    {
        using var dir = new TestData.TempDir();
        Directory.CreateDirectory(dir["trunc"]);
        File.WriteAllBytes(dir["trunc/train-images-idx3-ubyte"], NaturalDataTests.ImagesIdx()[..40]);
        File.WriteAllBytes(dir["trunc/train-labels-idx1-ubyte"], NaturalDataTests.LabelsIdx(NaturalDataTests.Labels));
        BadInput(CliRunner.Run("reproduce", "arora2019", "--quick", "--data", $"mnist:{dir["trunc"]}", "--classes", "1,3", "--out", dir["a"]),
            "train-images-idx3-ubyte: byte 40: truncated", dir["a"]);
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--data", $"mnist:{dir["trunc"]}", "--classes", "1,3", "--out", dir["k"]),
            "train-images-idx3-ubyte: byte 40: truncated", dir["k"]);
        // Too few images for the reproduction's sizes: refused before a part folder is made.
        string few = NaturalDataTests.MnistFolder(dir, gzip: false);
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--data", $"mnist:{few}", "--classes", "1,3", "--out", dir["k"]),
            ": the train split has 5 images of classes 1,3", dir["k"]);
        Directory.CreateDirectory(dir["cifar"]);
        File.WriteAllBytes(dir["cifar/data_batch_1.bin"], new byte[3073 + 7]);
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--data", $"cifar10:{dir["cifar"]}", "--out", dir["k"]), "data_batch_1.bin", dir["k"]);
    }

    [Fact]
    public void Kawaguchi_refuses_a_folder_of_the_users_own_files()
    {
        using var dir = new TestData.TempDir();
        Directory.CreateDirectory(dir["mine/figures"]);
        File.WriteAllText(dir["mine/report.html"], "mine");
        File.WriteAllText(dir["mine/claims.json"], "mine");
        File.WriteAllText(dir["mine/figures/fig.svg"], "mine");
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--out", dir["mine"]), "not a kawaguchi2019 run's (no part with sweep.json)");
        Assert.Equal("mine", File.ReadAllText(dir["mine/report.html"]));
        Assert.Equal("mine", File.ReadAllText(dir["mine/figures/fig.svg"]));
        // An earlier run with a stranger's file beside its parts is refused too, naming the file.
        Directory.CreateDirectory(dir["run/natural-vs-random"]);
        File.WriteAllText(dir["run/natural-vs-random/sweep.json"], "{}");
        File.WriteAllText(dir["run/notes.txt"], "mine");
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--out", dir["run"]), "(notes.txt)");
        File.WriteAllText(dir["file"], "x");
        BadInput(CliRunner.Run("reproduce", "kawaguchi2019", "--quick", "--out", dir["file"]), "a file is there");
    }

    [Fact]
    public void Empty_idx_dimensions_and_empty_cifar_batches_are_refused()
    {
        using var dir = new TestData.TempDir();
        string mnist = NaturalDataTests.MnistFolder(dir, gzip: false);
        File.WriteAllBytes(Path.Combine(mnist, "train-images-idx3-ubyte"), NaturalDataTests.ImagesIdx(6, 0, 3));
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--out", dir["o"]), "byte 8: dimension 1 is 0; expected at least 1", dir["o"]);
        Directory.CreateDirectory(dir["cifar"]);
        File.WriteAllBytes(dir["cifar/data_batch_1.bin"], []);
        BadInput(CliRunner.Run("data", "--data", $"cifar10:{dir["cifar"]}", "--out", dir["o"]), "data_batch_1.bin: byte 0: empty", dir["o"]);
    }

    [Fact]
    public void A_gzip_checksum_error_names_the_offset_it_reached()
    {
        using var dir = new TestData.TempDir();
        string mnist = NaturalDataTests.MnistFolder(dir, gzip: true);
        string images = Path.Combine(mnist, "train-images-idx3-ubyte.gz");
        var gz = File.ReadAllBytes(images);
        gz[^8] ^= 0xFF; // the CRC-32 of the trailer
        File.WriteAllBytes(images, gz);
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--out", dir["o"]), "of the decompressed data: damaged gzip data (bad block or checksum)", dir["o"]);
    }

    [Fact]
    public void Tile_is_clamped_to_n_and_refused_where_no_tiled_path_runs()
    {
        using var dir = new TestData.TempDir();
        BadInput(CliRunner.Run("gram", "--n", "30", "--tile", "64", "--out", dir["o"]), "--tile sets the tiled path's tile, which this job (n = 30) does not take", dir["o"]);
        BadInput(CliRunner.Run("gram", "--n", "30", "--eig", "min", "--tile", "64", "--out", dir["o"]), "--tile sets the tiled path's tile", dir["o"]);
        var r = CliRunner.Run("gram", "--n", "30", "--eig", "min", "--tiled", "--tile", "4096", "--out", dir["o"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(30, (int)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["o/summary.json"]))!["tiles"]!["tile"]!);
    }

    [Fact]
    public void A_single_class_and_a_test_n_beyond_the_split_are_named()
    {
        using var dir = new TestData.TempDir();
        string mnist = NaturalDataTests.MnistFolder(dir, gzip: false);
        BadInput(CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "1", "--out", dir["o"]), "--classes 1: one class has one label", dir["o"]);
        BadInput(CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "1", "--out", dir["o"]), "--classes 1: one class has one label", dir["o"]);
        Assert.Equal(0, CliRunner.Run("gram", "--data", $"mnist:{mnist}", "--classes", "1", "--labels", "none", "--out", dir["g"]).ExitCode);
        BadInput(CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "1,3", "--test-split", "test", "--test-n", "5000", "--out", dir["o"]),
            "--test-n 5000: the test split has 5 images of classes 1,3", dir["o"]);
    }

    [SkippableFact]
    public void A_read_only_place_is_bad_input_for_every_command_that_writes()
    {
        // Root writes anywhere whatever the mode bits: a read-only bind mount is the honest test, and needs root to make.
        Skip.IfNot(TestMount.TryReadOnly(out var ro, out string why), why);
        using (ro)
        {
            string target = Path.Combine(ro!.Path, "out");
            foreach (var command in new[]
            {
                new[] { "gram", "--n", "5" }, ["data", "--n", "5"], ["train", "--n", "5", "--labels", "sign", "--steps", "1"],
                ["threshold", "--n", "5", "--steps", "1"], ["reproduce", "du2019", "--quick"], ["reproduce", "kawaguchi2019", "--quick"],
            })
                BadInput(CliRunner.Run([.. command, "--out", target]), "cannot write in");
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "ro-spec.yaml"), "name: ro\nbase: { n: 4, d: 2, labels: sign, steps: 1, width: 4 }\naxes: { seed: [0] }\n");
            BadInput(CliRunner.Run("sweep", Path.Combine(Path.GetTempPath(), "ro-spec.yaml"), "--out", target), "cannot write in");
        }
    }
}
