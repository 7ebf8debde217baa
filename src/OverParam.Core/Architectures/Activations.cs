using OverParam.IO;

namespace OverParam.Architectures;

/// <summary>
/// The registry of activations: adding one is one file in Activations/ (a subclass of <see cref="Activation"/>) and
/// one entry here. Everything else (the CLI's --activation, sweep keys, kernels, networks, the theorem's conditions)
/// asks this list.
/// </summary>
public static class Activations
{
    /// <summary>Every activation, in the order listings show them (the paper's example, softplus, first).</summary>
    public static readonly IReadOnlyList<Activation> All = [new Softplus(), new Sigmoid(), new Tanh(), new Erf(), new Relu()];

    /// <summary>Every activation's name.</summary>
    public static readonly IReadOnlyList<string> Names = [.. All.Select(a => a.Name)];

    /// <summary>The activation named <paramref name="name"/>; an unknown name is an <see cref="InputException"/>.</summary>
    public static Activation ByName(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new InputException($"unknown activation '{name}'; expected one of {string.Join(", ", Names)}");
}
