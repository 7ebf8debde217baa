using OverParam.Architectures;
using OverParam.IO;

namespace OverParam.Experiments;

/// <summary>
/// The deep architectures among the model kinds (<see cref="ModelKinds"/>, where they are registered): the kernel kinds
/// of gram and predict are made from each (K^(H), NTK, NNGP), and gram's deep kernels find their shape's entry here.
/// </summary>
public static class DeepArchitectures
{
    /// <summary>Fully connected (Du et al. ICML 2019, §5).</summary>
    public static DeepArchitecture Fc => ModelKinds.Fc;

    /// <summary>ResNet (§6).</summary>
    public static DeepArchitecture ResNet => ModelKinds.ResNet;

    /// <summary>Convolutional ResNet (§7).</summary>
    public static DeepArchitecture ConvResNet => ModelKinds.ConvResNet;

    /// <summary>Every deep architecture, in the registry's order.</summary>
    public static readonly IReadOnlyList<DeepArchitecture> All = [.. ModelKinds.All.OfType<DeepArchitecture>()];

    /// <summary>Every deep architecture's name.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(a => a.Name)];

    /// <summary>The deep architecture named <paramref name="name"/>; any other name is an <see cref="InputException"/>.</summary>
    public static DeepArchitecture ByName(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new InputException($"unknown model '{name}'; expected {ModelKinds.Listed(ModelKinds.Names)}");

    /// <summary>The entry of <paramref name="architecture"/>.</summary>
    public static DeepArchitecture Of(Architecture architecture) => ByName(architecture.Name);
}
