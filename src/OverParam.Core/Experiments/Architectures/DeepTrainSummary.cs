using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Data;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of a deep run (<see cref="DeepArchitecture"/>: FC, ResNet, convolutional ResNet of Du et al. ICML 2019,
/// arXiv 1811.03804): the common members, the architecture's options, the NTK's λ_max and the step, the certificate of
/// Theorem 5.1, 6.1 or 7.1, and, with the output layer alone, the exact least-squares optimum.
/// </summary>
[Description("A deep net of Du et al. ICML 2019 (arXiv 1811.03804), FC, ResNet or convolutional ResNet, trained by gradient descent (every layer, or the output layer alone), with the certificate of Thm 5.1, 6.1 or 7.1.")]
public sealed record DeepTrainSummary : TrainSummary
{
    /// <summary>The summary of run <paramref name="r"/> with the parts the architecture measured; <paramref name="backend"/>
    /// names the linear algebra.</summary>
    public DeepTrainSummary(TrainResult r, DeepSettings settings, double lambdaMaxNtk, double outputSpread, AutoStepSummary? autoStep,
        EmpiricalKernelSummary? empiricalKernel, DeepCertificate certificate, TrainedLayers trainLayers, LeastSquaresSummary? leastSquares, string backend)
        : base(r.Spec, r.Lambda0, r.Data.Outputs, r.Outcome, r.Files, Provenance.Now(backend))
    {
        Settings = settings;
        LambdaMaxNtk = Json.Finite(lambdaMaxNtk);
        OutputSpread = Json.Finite(outputSpread);
        AutoStep = autoStep;
        EmpiricalKernel = empiricalKernel;
        Certificate = certificate;
        TrainLayers = trainLayers.Name();
        LeastSquares = leastSquares;
    }

    [JsonPropertyOrder(Order.Settings)]
    [Description("The run's settings, with the architecture's options.")]
    public DeepSettings Settings { get; }

    [JsonPropertyOrder(Order.Spectrum)]
    [Description("λ_max of the infinite-width NTK Σ_h K^(h); --lr auto takes η = 1/(ρ·λ_max).")]
    public double? LambdaMaxNtk { get; }

    [JsonPropertyOrder(Order.Kernel)]
    [Description("ρ = d_y·λ_max(AᵀA)/tr(AᵀA) ≥ 1, how much the worst output direction scales the hidden layers' kernel (1 for one output).")]
    public double? OutputSpread { get; }

    [JsonPropertyOrder(Order.Kernel)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With --lr auto and every layer trained: how η was chosen; absent otherwise.")]
    public AutoStepSummary? AutoStep { get; }

    [JsonPropertyOrder(Order.Kernel)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("conv-resnet: the empirical K^(H) at this width, a measurement next to the limit's λ; absent for the other architectures.")]
    public EmpiricalKernelSummary? EmpiricalKernel { get; }

    [JsonPropertyOrder(Order.Certificate)]
    [Description("Theorem 5.1/6.1/7.1's hypotheses, bounds and what the run observed against them.")]
    public DeepCertificate Certificate { get; }

    [JsonPropertyOrder(Order.Layers)]
    [Description("all: every layer trained; last: the output layer a alone on fixed features (--train-layers).")]
    public string TrainLayers { get; }

    [JsonPropertyOrder(Order.Layers)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With --train-layers last: the exact least-squares problem GD solves on the features Φ = X^(H) at initialization; absent otherwise.")]
    public LeastSquaresSummary? LeastSquares { get; }
}

/// <summary>A deep net's settings: <see cref="RunSettingsSection"/> with the architecture's options between the width and η.</summary>
public sealed record DeepSettings : RunSettingsSection
{
    /// <summary>The settings of a run of <paramref name="shape"/>; <paramref name="own"/> holds the architecture's own options
    /// (<see cref="DeepArchitecture.Settings"/>), <paramref name="kernel"/> how its kernels are obtained.</summary>
    public DeepSettings(TrainSpec s, Dataset data, bool lrAuto, Architectures.DeepSpec shape, DeepKindSettings own, string kernel) : base(s, data, lrAuto)
    {
        Depth = shape.Depth;
        Activation = shape.Sigma.Name;
        CSigma = shape.Sigma.CSigma;
        (CRes, Channels, Patch) = (own.CRes, own.Channels, own.Patch);
        Kernel = kernel;
    }

    [JsonPropertyOrder(Order.Model)]
    [Description("H, the number of hidden layers.")]
    public int Depth { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("σ, the activation (softplus is Du et al. ICML 2019's example; relu is not covered by the theorems).")]
    public string Activation { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("c_σ = (E_{z~N(0,1)} σ(z)²)⁻¹, the scaling of the FC net's layers (Du et al. ICML 2019, §5).")]
    public double CSigma { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("c_res of the ResNets, x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)x^(h−1)) (Du et al. ICML 2019, §6); null for fc.")]
    public double? CRes { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("d0, input channels of the convolutional ResNet (§7); null for the others.")]
    public int? Channels { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("q, positions per patch of the convolutional ResNet; null for the others.")]
    public int? Patch { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("How the infinite-width kernels were computed (Def. 5.1/6.1/7.1).")]
    public string Kernel { get; }
}

/// <summary>The options of a deep architecture beyond depth and σ, for its settings (null where it has none).</summary>
/// <param name="CRes">c_res of the ResNets.</param>
/// <param name="Channels">d0 of the convolutional ResNet.</param>
/// <param name="Patch">q of the convolutional ResNet.</param>
public sealed record DeepKindSettings(double? CRes = null, int? Channels = null, int? Patch = null);

/// <summary>How <c>--lr auto</c> chose η for a deep net with every layer trained (<see cref="Training.AutoStep"/>).</summary>
[Description("How --lr auto chose η: 1/(ρ·λ_max(NTK∞)), unless the network's own kernel at initialization would diverge with it.")]
public sealed record AutoStepSummary(
    [property: Description("ρ·λ_max(Θ_m(0)) of the finite-width NTK at initialization.")] double? LambdaMaxNtkFiniteWidth,
    [property: Description("Which kernel's λ_max the step came from, in words.")] string From)
{
    /// <summary>The summary of <paramref name="step"/>.</summary>
    public static AutoStepSummary Of(Training.AutoStep step) => new(Json.Finite(step.LambdaMaxEmpirical),
        step.FromEmpirical ? "the finite-width NTK at initialization: 1/(ρ·λ_max(NTK∞)) times ρ·λ_max(Θ_m(0)) was ≥ 2" : "the infinite-width NTK");
}

/// <summary>The convolutional ResNet's empirical K^(H): the mean G^(H)(0) over independent initializations at the run's width.</summary>
[Description("The mean of G^(H)(0) over independent initializations at the run's width: a finite-width measurement, not the theorem's λ.")]
public sealed record EmpiricalKernelSummary(
    [property: JsonPropertyName("lambda_min_KH")][property: Description("λ_min of the mean G^(H)(0).")] double? LambdaMinKH,
    [property: Description("m, the width of the initializations.")] int Width,
    [property: Description("How many initializations were averaged.")] int Initializations,
    [property: Description("What the measurement is, in words.")] string Note);

/// <summary>The least-squares problem that GD on the output layer alone solves (<see cref="FeatureLeastSquares"/>).</summary>
[Description("GD on the output layer alone is least squares on the fixed features Φ = X^(H) (n×m), whose optimum, rank and spectrum are known exactly (Kawaguchi & Huang 2019).")]
public sealed record LeastSquaresSummary(
    [property: Description("L* = ½ Σ_{λ_j(ΦΦᵀ) ≤ n·ε·λ_max} (v_jᵀy)², the optimum.")] double? Loss,
    [property: Description("λ_min(ΦΦᵀ): positive iff the features have rank n.")] double? LambdaMinFeatures,
    [property: Description("λ_max(ΦΦᵀ).")] double? LambdaMaxFeatures,
    [property: Description("rank Φ.")] int FeatureRank,
    [property: Description("Whether rank Φ = n, so that L* = 0.")] bool Interpolates,
    [property: Description("λ_max/λ_min over the positive eigenvalues of ΦΦᵀ.")] double? Condition,
    [property: Description("The steps GD needs to bring L(k) − L* to floor_gap·(L(0) − L*), from the closed form; null when it does not converge.")] double? StepsToFloorGap,
    [property: Description("The fraction steps_to_floor_gap is for.")] double FloorGap,
    [property: Description("L*'s formula.")] string Formula)
{
    /// <summary>The summary of <paramref name="ls"/> on n points at step <paramref name="eta"/>.</summary>
    public static LeastSquaresSummary Of(FeatureLeastSquares ls, int n, double eta) => new(Json.Finite(ls.Loss), Json.Finite(ls.LambdaMin),
        Json.Finite(ls.LambdaMax), ls.Rank, ls.Interpolates(n), Json.Finite(ls.LambdaMax / ls.LambdaMinPositive),
        // Whatever the step budget: how many steps GD needs, from the closed form (null: it does not converge).
        Json.Finite(ls.StepsToGap(eta, FeatureLeastSquares.FloorGap)), FeatureLeastSquares.FloorGap,
        "L* = ½ Σ_{λ_j(ΦΦᵀ) ≤ n·ε·λ_max} (v_jᵀy)², Φ = X^(H) at initialization (n×m)");
}
