using OverParam.IO;

namespace OverParam.Experiments;

/// <summary>
/// The registry of model kinds: one entry per <see cref="ModelKind"/>, the default (the two-layer net of Du et al. ICLR
/// 2019) first. --model, check --model and the sweep key model take <see cref="Names"/>; everything after the command line
/// holds the value itself (<see cref="ModelSpec.Kind"/>).
/// </summary>
public static class ModelKinds
{
    /// <summary>The two-layer ReLU net (Du et al. ICLR 2019; with biases, Jentzen &amp; Kröger 2021).</summary>
    public static readonly TwoLayerKind TwoLayer = new();

    /// <summary>Fully connected (Du et al. ICML 2019, §5).</summary>
    public static readonly DeepArchitecture Fc = new FcArchitecture();

    /// <summary>ResNet (§6).</summary>
    public static readonly DeepArchitecture ResNet = new ResNetArchitecture();

    /// <summary>Convolutional ResNet (§7).</summary>
    public static readonly DeepArchitecture ConvResNet = new ConvResNetArchitecture();

    /// <summary>Every kind, in the order listings show them; the first is the default.</summary>
    public static readonly IReadOnlyList<ModelKind> All = [TwoLayer, Fc, ResNet, ConvResNet];

    /// <summary>Every kind's name.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(k => k.Name)];

    /// <summary>The default kind (--model's default, the sweep key's).</summary>
    public static ModelKind Default => All[0];

    /// <summary>"a, b or c" (<paramref name="conjunction"/> "or" or "and") of the given names, for messages.</summary>
    public static string Listed(IEnumerable<string> names, string conjunction = "or")
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Join("", list) : string.Join(", ", list[..^1]) + $" {conjunction} " + list[^1];
    }

    /// <summary>The kind named <paramref name="name"/>; an unknown name is an <see cref="InputException"/>.</summary>
    public static ModelKind ByName(string name) =>
        All.FirstOrDefault(k => k.Name == name) ?? throw new InputException($"unknown model '{name}'; expected {Listed(Names)}");

    /// <summary>--model's description: the default kind's listing, then every other kind's.</summary>
    public static string Described => $"{Default.Listing}, or " + string.Join("; ", All.Skip(1).Select(k => k.Listing));
}
