using System.Buffers.Binary;
using System.IO.Compression;
using OverParam.Data;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Data;

/// <summary>MNIST-style IDX files (plain and gzip) and CIFAR-10 binaries made here, read as the tool reads them.</summary>
public class NaturalDataTests
{
    /// <summary>Six 2×3 images, pixel (i, j) = 10·i + j, labels 3, 1, 3, 7, 1, 3.</summary>
    internal static readonly byte[] Labels = [3, 1, 3, 7, 1, 3];

    internal static byte[] ImagesIdx(int count = 6, int rows = 2, int cols = 3)
    {
        var b = new byte[16 + count * rows * cols];
        b[2] = 0x08;
        b[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), cols);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < rows * cols; j++) b[16 + i * rows * cols + j] = (byte)(10 * i + j);
        return b;
    }

    internal static byte[] LabelsIdx(byte[] labels)
    {
        var b = new byte[8 + labels.Length];
        b[2] = 0x08;
        b[3] = 1;
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), labels.Length);
        labels.CopyTo(b, 8);
        return b;
    }

    internal static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(raw);
        return ms.ToArray();
    }

    /// <summary>An MNIST folder: train and test splits, gzip or plain.</summary>
    internal static string MnistFolder(TestData.TempDir dir, bool gzip)
    {
        string d = dir["mnist"];
        Directory.CreateDirectory(d);
        string ext = gzip ? ".gz" : "";
        foreach (var prefix in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-images-idx3-ubyte{ext}"), gzip ? Gzip(ImagesIdx()) : ImagesIdx());
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-labels-idx1-ubyte{ext}"), gzip ? Gzip(LabelsIdx(Labels)) : LabelsIdx(Labels));
        }
        return d;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_images_of_two_classes_load_in_file_order_with_plus_minus_one_labels(bool gzip)
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip);
        var ds = new DataSpec($"mnist:{mnist}", null, 0, 0, 0, false, new NaturalOptions(Classes: [3, 1])).Load();
        Assert.Equal((5, 6), (ds.N, ds.D)); // images 0, 1, 2, 4, 5 hold classes 3 and 1
        Assert.Equal([1.0, -1, 1, -1, 1], ds.Y!); // +1 for 3, the first class listed
        Assert.Equal(40 / 255.0, ds.X[3 * 6], 1e-15); // row 3 is image 4, pixel 0 = 40
        var firstTwo = new DataSpec($"mnist:{mnist}", null, 2, 0, 0, false, new NaturalOptions(Classes: [3, 1])).Load();
        Assert.Equal(ds.X[..12], firstTwo.X);
    }

    [Fact]
    public void The_data_command_writes_inputs_one_hot_targets_classes_and_sources()
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: true);
        var r = CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "1,3,7", "--out", dir["out"]);
        Assert.Equal(0, r.ExitCode);
        var y = Npy.Read(dir["out/y.npy"]);
        Assert.Equal([6, 3], y.Shape);
        Assert.Equal([1.0, 0, 0], y.Data[3..6]); // image 1 is class 1, the first listed
        Assert.Contains("'<i8'", File.ReadAllText(dir["out/classes.npy"])[..64]);
        var summary = File.ReadAllText(dir["out/summary.json"]);
        Assert.Contains("\"sha256\"", summary);
        Assert.Contains("\"7\": 1", summary);
    }

    [Fact]
    public void Classes_all_on_the_command_line_is_the_default_as_in_sweep_specs()
    {
        using var dir = new TestData.TempDir();
        string mnist = dir["mnist10"]; // ten images, one of each class
        Directory.CreateDirectory(mnist);
        foreach (var prefix in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(mnist, $"{prefix}-images-idx3-ubyte"), ImagesIdx(count: 10));
            File.WriteAllBytes(Path.Combine(mnist, $"{prefix}-labels-idx1-ubyte"), LabelsIdx([.. Enumerable.Range(0, 10).Select(c => (byte)(9 - c))]));
        }
        Assert.Equal(0, CliRunner.Run("data", "--data", $"mnist:{mnist}", "--out", dir["default"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "all", "--out", dir["all"]).ExitCode);
        foreach (var f in new[] { "X.npy", "y.npy", "classes.npy" })
            Assert.Equal(File.ReadAllBytes(dir[$"default/{f}"]), File.ReadAllBytes(dir[$"all/{f}"]));
        // summary.json alike but for the second it was written in (provenance.created_utc; the runs may straddle a second).
        static string WithoutTime(string path) => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "\"created_utc\": \"[^\"]*\"", "");
        Assert.Equal(WithoutTime(dir["default/summary.json"]), WithoutTime(dir["all/summary.json"]));
        Assert.Equal(Enumerable.Range(0, 10), NaturalOptions.ParseClasses("all"));
        var bad = CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "al", "--out", dir["bad"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("expected classes 0 to 9 separated by commas, or all, got 'al'", bad.ErrorLine());
    }

    [Fact]
    public void Labels_none_drops_the_targets_so_gram_takes_any_number_of_classes_and_train_asks_for_labels()
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: false);
        var ds = new DataSpec($"mnist:{mnist}", DataSpec.NoLabels, 0, 0, 0, true, new NaturalOptions(Classes: [1, 3, 7])).Load();
        Assert.Equal(6, ds.N);
        Assert.Null(ds.Y);
        var gram = CliRunner.Run("gram", "--data", $"mnist:{mnist}", "--classes", "1,3,7", "--labels", "none", "--normalize", "--out", dir["g"]);
        Assert.True(gram.ExitCode == 0, gram.Err);
        var refused = CliRunner.Run("gram", "--data", $"mnist:{mnist}", "--classes", "1,3,7", "--normalize", "--out", dir["h"]);
        Assert.Equal(2, refused.ExitCode); // three classes with their own (one-hot) labels: a one-output net cannot use them
        var train = CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "1,3,7", "--labels", "none", "--width", "4", "--steps", "1", "--out", dir["t"]);
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("training needs labels", train.ErrorLine());
        var sphere = new DataSpec("sphere", DataSpec.NoLabels, 5, 3, 0, true).Load();
        Assert.Null(sphere.Y);
    }

    [Fact]
    public void Shuffle_center_random_inputs_random_labels_and_noise_do_what_they_say()
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: false);
        var natural = NaturalData.Parse($"mnist:{mnist}")!;
        int[] all = [1, 3, 7];
        var plain = NaturalDataset.Load(natural, new NaturalOptions(Classes: all), 0, false, 0);
        var shuffled = NaturalDataset.Load(natural, new NaturalOptions(Classes: all, ShuffleSeed: 5), 0, false, 0);
        Assert.Equal(plain.Classes.Order(), shuffled.Classes.Order());
        Assert.NotEqual(plain.Classes, shuffled.Classes);
        Assert.Equal(shuffled.Classes, NaturalDataset.Load(natural, new NaturalOptions(Classes: all, ShuffleSeed: 5), 0, false, 0).Classes); // reproducible

        var centered = NaturalDataset.Load(natural, new NaturalOptions(Classes: all, Center: true), 0, false, 0);
        for (int j = 0; j < 6; j++) Assert.Equal(0, Enumerable.Range(0, 6).Sum(i => centered.X[i * 6 + j]), 1e-12); // all classes kept: mean 0

        var noise = NaturalDataset.Load(natural, new NaturalOptions(Classes: all, RandomInputs: true), 0, false, 0);
        Assert.NotEqual(plain.X, noise.X);
        Assert.Equal(plain.Classes, noise.Classes);

        var random = NaturalDataset.Load(natural, new NaturalOptions(Classes: [3, 1]), 0, true, 9);
        Assert.All(random.Classes, c => Assert.Contains(c, new long[] { 3, 1 }));
        var noisy = NaturalDataset.Load(natural, new NaturalOptions(Classes: [3, 1], LabelNoise: 1), 0, false, 9);
        Assert.All(noisy.Classes, c => Assert.Contains(c, new long[] { 3, 1 }));
    }

    [Fact]
    public void Cifar_binary_batches_load_with_channel_major_pixels()
    {
        using var dir = new TestData.TempDir();
        string cifar = dir["cifar"];
        Directory.CreateDirectory(cifar);
        foreach (var name in Enumerable.Range(1, 5).Select(k => $"data_batch_{k}.bin").Append("test_batch.bin"))
        {
            var b = new byte[2 * 3073];
            b[0] = 2;
            b[3073] = 5;
            b[1] = 255;             // record 0, red channel, pixel 0
            b[3073 + 1 + 1024] = 51; // record 1, green channel, pixel 0
            File.WriteAllBytes(Path.Combine(cifar, name), b);
        }
        var ds = new DataSpec($"cifar10:{cifar}", null, 0, 0, 0, false, new NaturalOptions(Classes: [2, 5])).Load();
        Assert.Equal((10, 3072), (ds.N, ds.D));
        Assert.Equal(1.0, ds.X[0]);
        Assert.Equal(0.2, ds.X[3072 + 1024], 1e-15);
        Assert.Equal([1.0, -1], ds.Y![..2]);
        Assert.Equal(2, new DataSpec($"cifar10:{cifar}", null, 0, 0, 0, false, new NaturalOptions("test", [2, 5])).Load().N);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "magic", "byte 0: magic number 00 00 09 03" },
        { "truncated", "truncated: the header promises 36 values (52 bytes), the file has 40" },
        { "count", "5 labels, but" },
        { "class", "class 8 has no images in the train split" },
        { "n", "--n 9: the train split has 6 images of classes 1,3,7" },
        { "label", "byte 9: label 12; expected 0 to 9" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_idx_files_get_one_line_naming_file_and_byte(string defect, string fragment)
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: false);
        string images = Path.Combine(mnist, "train-images-idx3-ubyte"), labels = Path.Combine(mnist, "train-labels-idx1-ubyte");
        string[] extra = [];
        switch (defect)
        {
            case "magic": File.WriteAllBytes(images, [.. ImagesIdx()[..2], 0x09, .. ImagesIdx()[3..]]); break;
            case "truncated": File.WriteAllBytes(images, ImagesIdx()[..40]); break;
            case "count": File.WriteAllBytes(labels, LabelsIdx(Labels[..5])); break;
            case "class": extra = ["--classes", "1,8"]; break;
            case "n": extra = ["--classes", "1,3,7", "--n", "9"]; break;
            case "label": File.WriteAllBytes(labels, LabelsIdx([3, 12, 3, 7, 1, 3])); break;
        }
        var r = CliRunner.Run(["data", "--data", $"mnist:{mnist}", .. extra, "--out", dir["out"]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(fragment, r.ErrorLine());
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void A_split_is_read_once_until_its_files_change()
    {
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: true);
        var data = NaturalData.Parse($"mnist:{mnist}")!;
        var first = data.Load("train");
        Assert.Same(first, data.Load("train"));
        Assert.Same(first, NaturalData.Parse($"mnist:{mnist}/")!.Load("train")); // the same files by another spelling
        Assert.NotSame(first, data.Load("test"));

        // Same length, new content, the modification time moved on: read again, never the old pixels.
        string images = Path.Combine(mnist, "train-images-idx3-ubyte.gz");
        var changed = ImagesIdx();
        changed[16] = 200;
        File.WriteAllBytes(images, Gzip(changed));
        File.SetLastWriteTimeUtc(images, File.GetLastWriteTimeUtc(images).AddSeconds(1));
        var reread = data.Load("train");
        Assert.NotSame(first, reread);
        Assert.Equal(200, reread.Pixels[0]);
        Assert.Equal(0, first.Pixels[0]);

        // A file that fails to read is not kept: fixed, it reads.
        File.WriteAllBytes(images, Gzip(changed[..40]));
        File.SetLastWriteTimeUtc(images, File.GetLastWriteTimeUtc(images).AddSeconds(2));
        Assert.Throws<OverParam.IO.InputException>(() => data.Load("train"));
        File.WriteAllBytes(images, Gzip(changed));
        File.SetLastWriteTimeUtc(images, File.GetLastWriteTimeUtc(images).AddSeconds(3));
        Assert.Equal(200, data.Load("train").Pixels[0]);
    }

    [Fact]
    public void A_cut_cifar_batch_and_a_missing_folder_are_named()
    {
        using var dir = new TestData.TempDir();
        Directory.CreateDirectory(dir["cifar"]);
        File.WriteAllBytes(dir["cifar/data_batch_1.bin"], new byte[3073 + 100]);
        var r = CliRunner.Run("data", "--data", $"cifar10:{dir["cifar"]}", "--out", dir["out"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("data_batch_1.bin: byte 3073: truncated", r.ErrorLine());
        var missing = CliRunner.Run("gram", "--data", "mnist:/nonexistent", "--out", dir["out"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent: no such folder", missing.ErrorLine());
        Assert.Contains("--split is for natural data", CliRunner.Run("gram", "--split", "test", "--out", dir["out"]).ErrorLine());
    }

    [Fact]
    public void The_test_split_gives_held_out_error_and_accuracy_and_training_accuracy_is_recorded()
    {
        // The tiny folder's train and test files are the same six images: held-out error and accuracy must then equal the
        // training ones at every step, an exact oracle for the held-out path (2L/n is the mean squared error).
        using var dir = new TestData.TempDir();
        string mnist = MnistFolder(dir, gzip: true);
        var r = CliRunner.Run("train", "--data", $"mnist:{mnist}", "--classes", "3,1", "--normalize", "--width", "64", "--steps", "20",
            "--test-split", "test", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var rows = File.ReadAllLines(dir["t/metrics.csv"]).Select(l => l.Split(',')).ToList();
        int loss = Array.IndexOf(rows[0], "loss"), train = Array.IndexOf(rows[0], "train_accuracy"),
            mse = Array.IndexOf(rows[0], "test_mse"), test = Array.IndexOf(rows[0], "test_accuracy");
        Assert.True(train > 0 && mse > 0 && test > 0, string.Join(",", rows[0]));
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(2 * double.Parse(row[loss]) / 5, double.Parse(row[mse]), 1e-12);
            Assert.Equal(row[train], row[test]);
        }
        var bad = CliRunner.Run("train", "--labels", "sign", "--test-split", "test", "--out", dir["u"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--test-split is for natural data", bad.ErrorLine());
    }

    [Trait("Category", "Statistical")]
    [SkippableFact]
    public void A_two_class_fashion_mnist_subset_is_fitted_by_a_wide_two_layer_net()
    {
        Skip.IfNot(Directory.Exists(NaturalData.FashionMnistDir), $"{NaturalData.FashionMnistDir} is not there: install Debian's dataset-fashion-mnist");
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("train", "--data", "fashion-mnist", "--classes", "0,9", "--n", "100", "--normalize", "--width", "2000",
            "--steps", "2000", "--record-every", "100", "--gram-every", "0", "--out", dir["t"]);
        Assert.Equal(0, r.ExitCode);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["t/summary.json"]))!;
        // T-shirts against ankle boots: λ0 of 100 normalized images is about 0.02 > 0 (κ = λ_max/λ0 ≈ 1400), and 2000 steps of
        // GD at η = 1/λ_max fit them: the loss falls 89 → 5e-4 here (measured 2026-12-02), so 1e-3·L(0) leaves 5× margin.
        Assert.True((double)summary["lambda0"]! > 1e-3);
        Assert.True((double)summary["final_loss"]! < 1e-3 * (double)summary["initial_loss"]!, $"{summary["final_loss"]} vs {summary["initial_loss"]}");
    }
}
