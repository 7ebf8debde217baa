using OverParam.Architectures;
using OverParam.IO;

namespace OverParam.Experiments;

/// <summary>The registry of deep architectures: one entry per <see cref="DeepArchitecture"/>, looked up by name.</summary>
public static class DeepArchitectures
{
    /// <summary>Fully connected (Du et al. ICML 2019, §5).</summary>
    public static readonly DeepArchitecture Fc = new FcArchitecture();

    /// <summary>ResNet (§6).</summary>
    public static readonly DeepArchitecture ResNet = new ResNetArchitecture();

    /// <summary>Convolutional ResNet (§7).</summary>
    public static readonly DeepArchitecture ConvResNet = new ConvResNetArchitecture();

    /// <summary>Every architecture, in the order listings show them.</summary>
    public static readonly IReadOnlyList<DeepArchitecture> All = [Fc, ResNet, ConvResNet];

    /// <summary>Every architecture's name.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(a => a.Name)];

    /// <summary>"a, b or c" (<paramref name="conjunction"/> "or" or "and") of the given names, for messages.</summary>
    public static string Listed(IEnumerable<string> names, string conjunction = "or")
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Join("", list) : string.Join(", ", list[..^1]) + $" {conjunction} " + list[^1];
    }

    /// <summary>The architecture named <paramref name="name"/>; an unknown name is an <see cref="InputException"/>.</summary>
    public static DeepArchitecture ByName(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new InputException($"unknown model '{name}'; expected {Listed(["two-layer", .. Names])}");

    /// <summary>The entry of <paramref name="architecture"/>.</summary>
    public static DeepArchitecture Of(Architecture architecture) => ByName(architecture.Name);
}
