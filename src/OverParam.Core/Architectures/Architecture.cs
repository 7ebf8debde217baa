namespace OverParam.Architectures;

/// <summary>
/// What the layers below the experiments need to know of a deep architecture: its name, and the two structural facts
/// the shared kernel recursion and networks branch on. Everything else about an architecture (its network, kernels,
/// theorem, memory and parameter count) is its entry in the experiments' registry (DeepArchitectures); the three of Du, Lee, Li,
/// Wang, Zhai (ICML 2019) are here as values.
/// </summary>
/// <param name="Name">The name on the command line and in sweep specs, e.g. "resnet".</param>
/// <param name="Residual">Layers h ≥ 2 add a skip: x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)·) (else x^(h) = √(c_σ/m) σ(W^(h)·)).</param>
/// <param name="Convolutional">Inputs are d0 × p (channels × positions) and W^(h) acts on patches of q positions.</param>
public sealed record Architecture(string Name, bool Residual, bool Convolutional)
{
    /// <summary>Fully connected: x^(h) = √(c_σ/m) σ(W^(h) x^(h−1)) (§5).</summary>
    public static readonly Architecture Fc = new("fc", Residual: false, Convolutional: false);

    /// <summary>ResNet: x^(1) = √(c_σ/m) σ(W^(1)x), x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h) x^(h−1)) (§6).</summary>
    public static readonly Architecture ResNet = new("resnet", Residual: true, Convolutional: false);

    /// <summary>Convolutional ResNet (§7): the ResNet's recursion with W^(h) acting on patches φ_h(x^(h−1)) of q positions.</summary>
    public static readonly Architecture ConvResNet = new("conv-resnet", Residual: true, Convolutional: true);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
