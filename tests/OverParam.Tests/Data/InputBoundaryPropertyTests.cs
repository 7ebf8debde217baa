using FsCheck;
using FsCheck.Fluent;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Data;

/// <summary>
/// Property tests of the input boundary: random bytes, and random mutations (flipped bytes, cuts, insertions) of valid
/// .npy, .npz, CSV, YAML and IDX (plain and gzip) files, given to the tool as a user would. Whatever the bytes, it exits 0 (they happened to be valid)
/// or 2 (one error line, no stack trace), and on 2 it leaves no file or folder behind.
/// </summary>
public class InputBoundaryPropertyTests
{
    /// <summary>
    /// Cases per property: 150 (each runs the command line in-process in a few milliseconds), or OVERPARAM_PROPERTY_CASES;
    /// the seed is fixed so a failure reproduces, or OVERPARAM_PROPERTY_SEED for a different campaign.
    /// </summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("OVERPARAM_PROPERTY_CASES"), out int c) ? c : 150;

    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("OVERPARAM_PROPERTY_SEED"), out ulong s) ? s : 20261202;

    private static readonly byte[] ValidNpy = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "x_f8.npy"));
    private static readonly byte[] ValidCsv = "# features\nx1,x2,x3\n0.6,0.8,0\n0,1,0\n-1,0,0\n0.5,0.5,0.7071\n"u8.ToArray();
    private static readonly byte[] ValidYaml = "name: prop\nbase: { n: 5, d: 3, labels: sign, width: 8, steps: 2, gram_every: 0 }\naxes:\n  seed: [0, 1]\n"u8.ToArray();

    /// <summary>A mutation of <paramref name="valid"/>: some bytes replaced, then maybe a cut or an insertion.</summary>
    private static Gen<byte[]> Mutations(byte[] valid) =>
        from flips in Gen.ListOf(Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255)))
        from cut in Gen.Choose(0, valid.Length)
        from insert in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
        from kind in Gen.Choose(0, 2)
        select Mutate(valid, flips, cut, insert, kind);

    private static byte[] Mutate(byte[] valid, IEnumerable<(int At, int Value)> flips, int cut, byte[] insert, int kind)
    {
        var b = (byte[])valid.Clone();
        foreach (var (at, value) in flips.Take(4)) b[at] = (byte)value;
        return kind switch
        {
            0 => b,
            1 => b[..cut],
            _ => [.. b[..cut], .. insert, .. b[cut..]],
        };
    }

    private static Gen<byte[]> RandomBytes => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));

    /// <summary>Writes the bytes as FILE, runs the command on it, and checks the exit code and what is left.</summary>
    private static bool NeverCrashes(byte[] bytes, string fileName, Func<string, string, string[]> command)
    {
        using var dir = new TestData.TempDir();
        string file = dir[fileName];
        if (fileName.Contains('/', StringComparison.Ordinal)) // an IDX file in an MNIST folder, beside valid labels
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(dir["mnist/train-labels-idx1-ubyte"], NaturalDataTests.LabelsIdx(NaturalDataTests.Labels));
        }
        File.WriteAllBytes(file, bytes);
        var before = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Order().ToList();
        var r = CliRunner.Run(command(file, dir["out"]));
        bool ok = r.ExitCode == 0 || (r.ExitCode == 2 && !r.Err.Contains("   at ", StringComparison.Ordinal)
            && Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Order().SequenceEqual(before));
        if (!ok) throw new Xunit.Sdk.XunitException($"exit {r.ExitCode} on {Convert.ToHexString(bytes)}: {r.Err}");
        return ok;
    }

    private static void Check(Gen<byte[]> bytes, string fileName, Func<string, string, string[]> command) =>
        Prop.ForAll(bytes.ToArbitrary(), b => NeverCrashes(b, fileName, command))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(Seed, 1));

    private static string[] Gram(string file, string outDir) => ["gram", "--data", file, "--labels", "sign", "--out", outDir];

    private static string[] GramNpz(string file, string outDir) => ["gram", "--data", file + ":X", "--labels", "sign", "--out", outDir];

    /// <summary>An .npz (deflated, as np.savez_compressed writes it) holding X.npy, the valid features.</summary>
    private static byte[] ValidNpz()
    {
        using var dir = new TestData.TempDir();
        return File.ReadAllBytes(NpzTests.Zip(dir["x.npz"], System.IO.Compression.CompressionLevel.Optimal, ("X.npy", ValidNpy)));
    }

    private static string[] Sweep(string file, string outDir) => ["sweep", file, "--out", outDir];

    private static string[] Mnist(string file, string outDir) => ["gram", "--data", $"mnist:{Path.GetDirectoryName(file)}", "--classes", "1,3", "--out", outDir];

    private const string IdxImages = "mnist/train-images-idx3-ubyte";

    [Fact]
    public void Random_idx_files_exit_0_or_2_and_leave_nothing() => Check(RandomBytes, IdxImages, Mnist);

    [Fact]
    public void Mutated_idx_files_exit_0_or_2_and_leave_nothing() => Check(Mutations(NaturalDataTests.ImagesIdx()), IdxImages, Mnist);

    [Fact]
    public void Mutated_gzip_idx_files_exit_0_or_2_and_leave_nothing() =>
        Check(Mutations(NaturalDataTests.Gzip(NaturalDataTests.ImagesIdx())), IdxImages, Mnist);

    [Fact]
    public void Random_npy_files_exit_0_or_2_and_leave_nothing() => Check(RandomBytes, "x.npy", Gram);

    [Fact]
    public void Mutated_npy_files_exit_0_or_2_and_leave_nothing() => Check(Mutations(ValidNpy), "x.npy", Gram);

    [Fact]
    public void Mutated_npz_files_exit_0_or_2_and_leave_nothing() => Check(Mutations(ValidNpz()), "x.npz", GramNpz);

    [Fact]
    public void Random_csv_files_exit_0_or_2_and_leave_nothing() => Check(RandomBytes, "x.csv", Gram);

    [Fact]
    public void Mutated_csv_files_exit_0_or_2_and_leave_nothing() => Check(Mutations(ValidCsv), "x.csv", Gram);

    [Fact]
    public void Random_yaml_specs_exit_0_or_2_and_leave_nothing() => Check(RandomBytes, "s.yaml", Sweep);

    [Fact]
    public void Mutated_yaml_specs_exit_0_or_2_and_leave_nothing() => Check(Mutations(ValidYaml), "s.yaml", Sweep);
}
