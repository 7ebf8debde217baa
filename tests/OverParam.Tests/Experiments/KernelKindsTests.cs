using OverParam.Architectures;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Tests.Kernels;

namespace OverParam.Tests.Experiments;

/// <summary>
/// The kernel kinds' registry (<see cref="KernelKinds"/>): every kind is found by its name and by what a run trains, an
/// unknown name is refused in one line, and each kind's block and matrix are the existing computations exactly (exact
/// oracles: <see cref="TwoLayerGram"/>, <see cref="DeepKernel"/>, <see cref="KernelBlock"/>).
/// </summary>
public class KernelKindsTests
{
    /// <summary>The data of <see cref="KernelBlockTests"/>: nearly parallel and anti-parallel pairs, d = 6 = 2 channels × 3 positions.</summary>
    private static Dataset Data() => KernelBlockTests.Data();

    /// <summary>The shape a kind takes: H = 2, softplus, 2 channels of 3 positions for the convolutional ResNet.</summary>
    private static DeepSpec? ShapeOf(KernelKind kind) =>
        kind.Architecture is { } arch ? new DeepSpec(arch, 2, Activation.ByName("softplus"), 0.5, Channels: arch.Convolutional ? 2 : 1) : null;

    public static TheoryData<string> Names => [.. KernelKinds.Names];

    /// <summary>The kind named <paramref name="name"/>, the data and the kind's shape.</summary>
    private static (KernelKind Kind, Dataset Data, DeepSpec? Deep) Case(string name)
    {
        var kind = KernelKinds.Find(name);
        return (kind, Data(), ShapeOf(kind));
    }

    [Fact]
    public void Every_registered_kind_round_trips_by_name()
    {
        foreach (var kind in KernelKinds.All) Assert.Same(kind, KernelKinds.Find(kind.Name));
        Assert.Equal(KernelKinds.Names.Count, KernelKinds.Names.Distinct().Count());
        Assert.Equal(Enum.GetValues<TwoLayerKernel>().Length + 3 * DeepArchitectures.All.Count, KernelKinds.All.Count);
    }

    [Fact]
    public void Every_kind_a_run_trains_is_registered()
    {
        foreach (var kernel in Enum.GetValues<TwoLayerKernel>()) Assert.Equal(kernel.Name(), KernelKinds.Of(kernel).Name);
        foreach (var which in Enum.GetValues<DeepMatrix>())
            foreach (var arch in DeepArchitectures.All)
                Assert.Equal($"{DeepKernelKind.PrefixOf(which)}-{arch.Name}", KernelKinds.Of(which, arch.Architecture).Name);
    }

    [Fact]
    public void Every_kind_states_its_paper_formula_and_models()
    {
        foreach (var kind in KernelKinds.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(kind.Paper), kind.Name);
            Assert.False(string.IsNullOrWhiteSpace(kind.Formula), kind.Name);
            Assert.False(string.IsNullOrWhiteSpace(kind.Models), kind.Name);
        }
    }

    [Fact]
    public void An_unknown_name_is_refused_in_one_line_naming_the_option_and_the_valid_names()
    {
        var e = Assert.Throws<InputException>(() => KernelKinds.Find("ntk-mlp"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("--kernel: unknown kernel 'ntk-mlp'", e.Message);
        foreach (var name in KernelKinds.Names) Assert.Contains(name, e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_kinds_matrix_is_the_existing_full_computation_bit_for_bit(string name)
    {
        var (kind, data, deep) = Case(name);
        var expected = kind switch
        {
            TwoLayerKernelKind two => TwoLayerGram.Compute(data, two.Kernel, TestData.OpenBlas, 2).Values,
            DeepKernelKind d => DeepKernel.Compute(data, deep!, TestData.OpenBlas, 2) is var k
                ? (d.Which == DeepMatrix.KH ? k.KH : d.Which == DeepMatrix.Ntk ? k.Ntk : k.Nngp) : null,
            _ => null,
        };
        Assert.Equal(expected!, kind.Matrix(data, deep, TestData.OpenBlas, 2));
        var gram = kind.Gram(data, deep, TestData.OpenBlas, 2);
        Assert.Equal(name, gram.Kernel);
        Assert.Equal(expected!, gram.Values);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_kinds_block_is_the_existing_block_and_the_matrix_entries(string name)
    {
        var (kind, data, deep) = Case(name);
        if (!kind.Entrywise)
        {
            Assert.True(kind.Architecture!.Convolutional);
            Assert.Throws<InvalidOperationException>(() => kind.Block(data, deep));
            return;
        }
        int[] rows = [0, 5, 2, 9, 36, 12], cols = [2, 3, 5, 9, 30];
        var got = new double[rows.Length * cols.Length];
        var existing = new double[got.Length];
        kind.Block(data, deep).Fill(rows, cols, got, TestData.OpenBlas, 2);
        var block = kind is TwoLayerKernelKind two ? KernelBlock.TwoLayer(data, two.Kernel) : KernelBlock.Deep(data, deep!, ((DeepKernelKind)kind).Which);
        block.Fill(rows, cols, existing, TestData.OpenBlas, 2);
        Assert.Equal(existing, got);
        var whole = kind.Matrix(data, deep, TestData.OpenBlas, 2);
        double scale = whole.Max(Math.Abs);
        for (int c = 0; c < cols.Length; c++)
            for (int r = 0; r < rows.Length; r++)
                Assert.True(Math.Abs(got[r + c * rows.Length] - whole[rows[r] * data.N + cols[c]]) <= Tolerances.BlockEntries * scale, $"{name} ({rows[r]}, {cols[c]})");
    }

    [Fact]
    public void The_input_geometry_is_the_one_H_infinitys_pass_records()
    {
        var data = Data();
        var expected = TwoLayerGram.Compute(data, TwoLayerKernel.Du2019, TestData.OpenBlas, 2).Geometry;
        var got = InputGeometry.Of(data, TestData.OpenBlas, 2);
        Assert.Equal((expected.MinAngleDegrees, expected.ClosestPair, expected.MinLineAngleDegrees, expected.ClosestLinePair, expected.ParallelPairCount),
            (got.MinAngleDegrees, got.ClosestPair, got.MinLineAngleDegrees, got.ClosestLinePair, got.ParallelPairCount));
        Assert.Equal(expected.ParallelPairs, got.ParallelPairs);
        Assert.Equal(expected.ZeroRows, got.ZeroRows);
    }

    [Fact]
    public void A_shape_that_does_not_fit_the_kind_is_refused()
    {
        var data = Data();
        var fc = new DeepSpec(Architecture.Fc, 2, Activation.ByName("relu"), 0.5);
        Assert.Throws<ArgumentException>(() => KernelKinds.Du2019.Matrix(data, fc, TestData.OpenBlas, 2));
        Assert.Throws<ArgumentNullException>(() => KernelKinds.Of(DeepMatrix.Ntk, Architecture.Fc).Matrix(data, null, TestData.OpenBlas, 2));
        Assert.Throws<ArgumentException>(() => KernelKinds.Of(DeepMatrix.Ntk, Architecture.ResNet).Matrix(data, fc, TestData.OpenBlas, 2));
    }

    /// <summary>
    /// A deep kernel's gram, train and check take the inputs' pair geometry from <see cref="InputGeometry"/>; none of their
    /// paths forms the two-layer H∞ (which they once built for its geometry and discarded).
    /// </summary>
    [Theory]
    [InlineData("Kernels/DeepKernelKind.cs")]
    [InlineData("Experiments/GramJob.cs")]
    [InlineData("Experiments/Architectures/DeepArchitecture.Train.cs")]
    [InlineData("Experiments/Architectures/DeepArchitecture.Check.cs")]
    public void No_deep_kernel_path_forms_H_infinity(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestData.RepoRoot(), "src", "OverParam.Core", file));
        Assert.DoesNotContain("TwoLayerGram.Compute", text);
    }

    [Fact]
    public void A_deep_gram_reports_the_geometry_and_kernel_of_its_own_pass()
    {
        var data = Data();
        var kind = KernelKinds.Of(DeepMatrix.KH, Architecture.ResNet);
        var deep = ShapeOf(kind)!;
        var gram = kind.Gram(data, deep, TestData.OpenBlas, 2);
        var geometry = InputGeometry.Of(data, TestData.OpenBlas, 2);
        Assert.Equal(geometry.MinAngleDegrees, gram.Geometry.MinAngleDegrees);
        Assert.Equal(geometry.ClosestLinePair, gram.Geometry.ClosestLinePair);
        Assert.Equal(DeepKernel.Compute(data, deep, TestData.OpenBlas, 2).KH, gram.Values);
    }
}
