using System.Numerics;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Experiments;

/// <summary>
/// A model kind, one value in the registry <see cref="ModelKinds"/>: the two-layer net (Du et al. ICLR 2019, with the
/// variants of Jentzen &amp; Kröger 2021 and Arora et al. ICML 2019 as its options) and the deep nets of Du, Lee, Li,
/// Wang, Zhai (ICML 2019). The value carries its name and options, how it trains (network, kernels, theorem,
/// certificate, weights in and out), its memory and its parameter count. Jobs, the command line and sweep keys ask it;
/// adding a model is one file deriving from <see cref="ModelKind{TOptions}"/> and its entry in <see cref="ModelKinds"/>
/// (docs/extending.md).
/// </summary>
public abstract class ModelKind
{
    /// <summary>The name on the command line (--model) and in sweep specs (model).</summary>
    public abstract string Name { get; }

    /// <summary>One line for --help and listings.</summary>
    public abstract string Description { get; }

    /// <summary>Its entry in --model's description: "NAME: description".</summary>
    public virtual string Listing => $"{Name}: {Description}";

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Its spec from the options as given; another kind's options set away from their defaults are an
    /// <see cref="InputException"/>.</summary>
    public abstract ModelSpec Spec(ModelFlags flags);

    /// <summary>The model's name in summaries (summary.json's settings.model, train's first line).</summary>
    public abstract string VariantName(ModelSpec model);

    /// <summary>Trainable parameters on inputs of dimension d with <paramref name="outputs"/> outputs.</summary>
    public abstract long ParameterCount(ModelSpec model, int d, int outputs = 1);

    /// <summary>Whether <c>--train-layers last</c> (the output layer alone on fixed features) applies.</summary>
    public virtual bool TrainsOutputLayerAlone => false;

    /// <summary>Checks the options of a training run that concern the model; throws <see cref="InputException"/> naming the option.</summary>
    public abstract void Validate(TrainSpec spec);

    /// <summary>The run's peak memory: its n×n matrices and its network's arrays, with <paramref name="extraBytes"/>
    /// (<paramref name="extraNote"/>) of the held-out comparison added (see <see cref="TrainJob.Memory"/>).</summary>
    public abstract MemoryEstimate Memory(TrainSpec spec, Dataset data, string what, double extraBytes, string extraNote);

    /// <summary>
    /// Trains the model in precision T, writing metrics.csv (and the weights) into <paramref name="folder"/>'s staging
    /// folder, and returns summary.json's record (of type <see cref="SummaryType"/>) with the result.
    /// </summary>
    public abstract (TrainSummary Summary, TrainResult Result) Train<T>(TrainSpec spec, Dataset data, Dataset? test, ILinearAlgebra la,
        int maxParallelism, OutputFolder folder, Action<int, double>? progress) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The record <see cref="Train{T}"/> returns, summary.json of its runs: its schema is this kind's branch of
    /// <c>overparam schema summary --verb train</c>.</summary>
    public abstract Type SummaryType { get; }

    /// <summary>The infinite-width kernel whose dynamics a training run follows (predict's held-out comparison).</summary>
    public abstract GramSpec DynamicsKernel(TrainSpec run);

    /// <summary>train's first line after the width: the shape, e.g. ", H = 3, σ = softplus" (empty for the two-layer net).</summary>
    public abstract string ShapeNote(ModelSpec model);

    /// <summary>What λ0 is for this kind, as train prints it ("λ0", "λ_min(K^(H))").</summary>
    public abstract string Lambda0Name { get; }

    /// <summary>Its spec for <c>check</c> from the options as given: <see cref="Spec"/>, with another kind's options refused
    /// in check's words where they differ.</summary>
    public virtual ModelSpec SpecForCheck(ModelFlags flags) => Spec(flags);

    /// <summary>
    /// Its theorem on a data set before training (<c>check</c>): the hypotheses, λ and the bounds. <paramref name="note"/>
    /// hears a memory estimate and <paramref name="progress"/> the parts of a long computation, where there are any.
    /// </summary>
    public abstract ModelCheck Check(CheckSpec spec, ILinearAlgebra la, int maxParallelism, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null);

    /// <summary>The sizes a trial's cost is estimated from (<c>sweep</c>'s scheduling) on inputs of dimension d.</summary>
    public abstract StepCost Cost(ModelSpec model, int d);
}

/// <summary>A theorem's λ and required width on one data set.</summary>
/// <param name="Lambda">λ0 = λ_min(H∞) (of (x, 1) with biases) or λ_min(K^(H)).</param>
/// <param name="Theorem">The theorem, e.g. "Du et al. ICLR 2019, Thm 4.1".</param>
/// <param name="WidthFormula">The width as evaluated, e.g. "n⁶/(λ0⁴δ³)".</param>
/// <param name="RequiredWidth">That width with hidden constants 1 (NaN where undefined).</param>
/// <param name="D">The inputs' dimension d.</param>
public sealed record WidthRequirement(double Lambda, string Theorem, string WidthFormula, double RequiredWidth, int D);

/// <summary>A model's sizes in a trial's cost: P parameters per position, p positions, H layers and the Gauss–Hermite
/// nodes per dimension of its kernel recursion (0: no recursion).</summary>
public sealed record StepCost(double Parameters, double Positions, double Layers, double RecursionNodes);

/// <summary>A model kind taking options of type <typeparamref name="TOptions"/>.</summary>
public abstract class ModelKind<TOptions> : ModelKind where TOptions : KindOptions
{
    /// <summary>The options of <paramref name="model"/>; a model of another kind is a programming error.</summary>
    protected TOptions OptionsOf(ModelSpec model) => model.Kind == this && model.Options is TOptions o ? o
        : throw new ArgumentException($"a {model.Kind.Name} model with {model.Options.GetType().Name} given to {Name}", nameof(model));
}
