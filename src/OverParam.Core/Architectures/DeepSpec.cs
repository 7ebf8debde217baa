using OverParam.IO;

namespace OverParam.Architectures;

/// <summary>A deep network's shape, as far as its kernels are concerned.</summary>
/// <param name="Arch">The architecture: FC, ResNet, convolutional ResNet.</param>
/// <param name="Depth">H ≥ 1 hidden layers.</param>
/// <param name="Sigma">The activation.</param>
/// <param name="CRes">c_res ∈ (0, 1) of the ResNets (unused for FC).</param>
/// <param name="Channels">d0, input channels of the convolutional ResNet (its inputs are d0×p, p = d/d0).</param>
/// <param name="Patch">q, positions per patch of the convolutional ResNet (odd; zero padding keeps p positions).</param>
public sealed record DeepSpec(Architecture Arch, int Depth, Activation Sigma, double CRes, int Channels = 1, int Patch = 3)
{
    /// <summary>The model's name on the command line: fc, resnet or conv-resnet.</summary>
    public string Name => Arch.Name;

    /// <summary>Checks the values a user gives (depth, c_res, patch); throws <see cref="InputException"/> naming the option.</summary>
    public DeepSpec Validate()
    {
        if (Depth < 1) throw new InputException($"--depth must be at least 1, got {Depth}");
        if (Arch.Residual && !(CRes is > 0 and < 1)) throw new InputException($"--c-res must be in (0, 1), got {CRes}");
        if (Arch.Convolutional && (Channels < 1 || Patch < 1 || Patch % 2 == 0))
            throw new InputException($"--channels must be ≥ 1 and --patch odd and ≥ 1, got {Channels} and {Patch}");
        return this;
    }
}
