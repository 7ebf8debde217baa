using OverParam.Architectures;

namespace OverParam.Experiments;

/// <summary>
/// A model as a run trains it: its kind (the registry value, <see cref="ModelKinds"/>), its width and the kind's own
/// options. Specs hold this value, so nothing looks a model up by name again after the command line or the sweep spec.
/// </summary>
/// <param name="Kind">The model kind: two-layer, fc, resnet, conv-resnet.</param>
/// <param name="Width">m, the hidden units of every layer (≥ 1 to train; 0 where <c>check</c> was given none).</param>
/// <param name="Options">The kind's options, of the type the kind takes (<see cref="ModelKind{TOptions}"/>).</param>
public sealed record ModelSpec(ModelKind Kind, int Width, KindOptions Options)
{
    /// <summary>The model's name in summaries: the two-layer variant ("du2019", "bias-joint", …) or the kind's ("fc", …).</summary>
    public string Name => Kind.VariantName(this);

    /// <summary>Trainable parameters on inputs of dimension d with d_y = <paramref name="outputs"/> outputs.</summary>
    public long ParameterCount(int d, int outputs = 1) => Kind.ParameterCount(this, d, outputs);

    /// <summary>The two-layer net of Du et al. (ICLR 2019) of width m, as specs of the paper's experiments write it.</summary>
    public static ModelSpec TwoLayer(int width, bool bias = false, bool trainOutput = false, double initScale = 1) =>
        new(ModelKinds.TwoLayer, width, new TwoLayerOptions(bias, trainOutput, initScale));
}

/// <summary>The options a model kind takes beyond its width; each kind takes one type of them.</summary>
public abstract record KindOptions;

/// <summary>The two-layer net's options (Du et al. ICLR 2019; Jentzen &amp; Kröger 2021; Arora et al. ICML 2019).</summary>
/// <param name="Bias">Units with trained biases ReLU(w_rᵀx + b_r) (Jentzen &amp; Kröger 2021).</param>
/// <param name="TrainOutput">a is trained too (Du et al. §3.2).</param>
/// <param name="InitScale">κ of w_r(0) ~ N(0, κ²I) (Arora et al. ICML 2019, §3); 1 is Du et al.'s.</param>
public sealed record TwoLayerOptions(bool Bias, bool TrainOutput, double InitScale = 1) : KindOptions;

/// <summary>A deep net's options (Du, Lee, Li, Wang, Zhai, ICML 2019): its shape without the architecture.</summary>
/// <param name="Depth">H ≥ 1 hidden layers.</param>
/// <param name="Sigma">The activation σ.</param>
/// <param name="CRes">c_res ∈ (0, 1) of the ResNets (unused for FC).</param>
/// <param name="Channels">d0, input channels of the convolutional ResNet.</param>
/// <param name="Patch">q, positions per patch of the convolutional ResNet.</param>
public sealed record DeepNetOptions(int Depth, Activation Sigma, double CRes, int Channels = 1, int Patch = 3) : KindOptions;

/// <summary>
/// Every model option as the command line or a sweep spec gives it, before the kind is known to read them: the kind takes
/// its own (<see cref="ModelKind.Spec"/>) and refuses another kind's that were set away from their defaults.
/// </summary>
/// <param name="Width">--width.</param>
/// <param name="Bias">--bias.</param>
/// <param name="TrainOutput">--train-output.</param>
/// <param name="InitScale">--init-scale.</param>
/// <param name="Depth">--depth.</param>
/// <param name="Activation">--activation, by name.</param>
/// <param name="CRes">--c-res.</param>
/// <param name="Channels">--channels.</param>
/// <param name="Patch">--patch.</param>
public sealed record ModelFlags(int Width, bool Bias, bool TrainOutput, double InitScale, int Depth, string Activation, double CRes,
    int Channels, int Patch);
