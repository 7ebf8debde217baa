using OverParam.Architectures;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Tests.Experiments;

/// <summary>The registry of deep architectures: every entry is whole and agrees with itself.</summary>
public class DeepArchitecturesTests
{
    public static TheoryData<string> Names() => [.. DeepArchitectures.Names];

    [Fact]
    public void Names_are_unique_and_an_unknown_one_is_an_error_naming_the_choices()
    {
        Assert.Equal(DeepArchitectures.Names.Count, DeepArchitectures.Names.Distinct().Count());
        var e = Assert.Throws<InputException>(() => DeepArchitectures.ByName("cnn"));
        Assert.Contains("unknown model 'cnn'; expected two-layer, fc, resnet or conv-resnet", e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void An_entrys_parameter_count_is_the_size_of_the_weights_its_network_saves(string name)
    {
        var arch = DeepArchitectures.ByName(name);
        var spec = new DeepSpec(arch.Architecture, 3, Activation.ByName("softplus"), 0.5, Channels: 2, Patch: 3);
        var data = Synthetic.Sphere(5, 8, 1).WithLabels(new double[5]);
        arch.Validate(spec, data.D);
        using var net = arch.Build<double>(data, spec, 6, 0, TestData.OpenBlas, 1);
        Assert.Equal(spec.Depth + 1, net.WeightShapes.Count);
        Assert.Equal(arch.ParameterCount(spec, data.D, 6), net.Weights().Tensors.Sum(t => (long)t.Values.Length));
        Assert.Same(arch, DeepArchitectures.Of(spec.Arch));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void An_entrys_kernels_are_its_architectures_and_its_theorem_is_stated(string name)
    {
        var arch = DeepArchitectures.ByName(name);
        var spec = new DeepSpec(arch.Architecture, 2, Activation.ByName("relu"), 0.5, Channels: 2, Patch: 3);
        var data = Synthetic.Sphere(4, 6, 2);
        var k = arch.Kernels(data, spec, TestData.OpenBlas, 1);
        Assert.Equal(spec.Depth + 1, k.LayerGrams.Count);
        Assert.StartsWith("Du et al. ICML 2019, Thm", arch.Theorem.Source);
        Assert.NotEmpty(arch.Theorem.WidthFormula);
        Assert.NotEmpty(arch.KernelNote);
        Assert.True(arch.NetworkBytes(spec, 10, 6, 8, 8) >= 0);
        Assert.Contains($"{name}: {arch.Description}", CliHelp());
    }

    private static string CliHelp() => OverParam.Tests.Cli.CliRunner.Run("train", "--help").Out.ReplaceLineEndings(" ");
}
