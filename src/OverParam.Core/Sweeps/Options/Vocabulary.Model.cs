using System.Globalization;
using OverParam.Experiments;
using OverParam.Theory;

namespace OverParam.Sweeps;

/// <summary>The model's options: its kind, width and each kind's own (<see cref="Setting.Models"/> says whose).</summary>
public static partial class Vocabulary
{
    /// <summary>The deep kinds (Du et al. ICML 2019): FC, ResNet, convolutional ResNet.</summary>
    private static readonly IReadOnlyList<ModelKind> DeepKinds = [ModelKinds.Fc, ModelKinds.ResNet, ModelKinds.ConvResNet];

    /// <summary>--model.</summary>
    public static readonly Setting Model = new("--model", "choice", ModelKinds.Default.Name)
    {
        Help = "two-layer, fc or resnet",
        Description = ModelKinds.Described,
        Choices = ModelKinds.Names,
    };

    /// <summary>--width.</summary>
    public static readonly Setting Width = new("--width", "int", "1000") { Help = "m", Description = "m, the number of hidden units", Min = 1 };

    /// <summary>--bias.</summary>
    public static readonly Setting Bias = new("--bias", "bool", "false")
    {
        Help = "trained biases",
        Description = "Units with trained biases ReLU(w_rᵀx + b_r), (w_r, b_r) ~ N(0, I_{d+1}) (Jentzen & Kröger 2021)",
        Models = [ModelKinds.TwoLayer],
    };

    /// <summary>--train-output.</summary>
    public static readonly Setting TrainOutput = new("--train-output", "bool", "false")
    {
        Help = "train a too",
        Description = "Train the output weights a too (Du et al. §3.2); by default a stays fixed, as in Theorem 4.1",
        Models = [ModelKinds.TwoLayer],
    };

    /// <summary>--init-scale.</summary>
    public static readonly Setting InitScale = new("--init-scale", "real", "1")
    {
        Help = "κ: w_r(0) ~ N(0, κ²I), two-layer (Arora et al.)",
        Description = "κ: initial w_r ~ N(0, κ²I) (Arora et al. ICML 2019's small initialization, where u(0) ≈ 0); 1 is Du et al.'s",
        Min = 0,
        Open = true,
        Models = [ModelKinds.TwoLayer],
        HashedAtDefault = false,
    };

    /// <summary>--delta.</summary>
    public static readonly Setting Delta = new("--delta", "real", Theorem41.DefaultDelta.ToString("R", CultureInfo.InvariantCulture))
    {
        Help = "δ of the width bound",
        Description = "δ: the theorem holds with probability ≥ 1 − δ; enters the required width n⁶/(λ0⁴δ³)",
        Min = 0,
        Max = 1,
        Open = true,
    };

    /// <summary>--label-bound.</summary>
    public static readonly Setting LabelBound = new Setting("--label-bound", "real-or-none", SettingValues.None)
    {
        Help = "C of the hypothesis |y_i| ≤ C, or none (report max|y_i|)",
        Description = "C in the hypothesis |y_i| ≤ C (default: report max|y_i|)",
        Unset = SettingValues.None,
    }.Late();

    /// <summary>--depth.</summary>
    public static readonly Setting Depth = new("--depth", "int", "3")
    {
        Help = "H (fc, resnet)",
        Description = "H, the number of hidden layers of an FC or ResNet model / kernel",
        Min = 1,
        Models = DeepKinds,
    };

    /// <summary>--activation.</summary>
    public static readonly Setting Activation = new("--activation", "choice", "softplus")
    {
        Help = "σ (fc, resnet)",
        Description = "σ of the deep models: softplus (the paper's example), sigmoid, tanh, or relu (not covered by the theorems: the check says so)",
        Choices = Architectures.Activation.Names,
        Models = DeepKinds,
    };

    /// <summary>--c-res.</summary>
    public static readonly Setting CRes = new("--c-res", "real", "0.5")
    {
        Help = "c_res (resnet, conv-resnet)",
        Description = "c_res ∈ (0, 1) of the ResNets: x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)x^(h−1))",
        Min = 0,
        Max = 1,
        Open = true,
        Models = [ModelKinds.ResNet, ModelKinds.ConvResNet],
    };

    /// <summary>--channels.</summary>
    public static readonly Setting Channels = new("--channels", "int", "1")
    {
        Help = "d0, input channels (conv-resnet)",
        Description = "d0, input channels of the conv-resnet: each input row is d0×p channel-major (NumPy x.reshape(d0, p)), p = d/d0",
        Min = 1,
        Models = [ModelKinds.ConvResNet],
    };

    /// <summary>--patch.</summary>
    public static readonly Setting Patch = new("--patch", "int", "3")
    {
        Help = "q, patch size (conv-resnet)",
        Description = "q, positions per patch of the conv-resnet (odd; zero padding keeps p positions)",
        Min = 1,
        Models = [ModelKinds.ConvResNet],
    };
}
