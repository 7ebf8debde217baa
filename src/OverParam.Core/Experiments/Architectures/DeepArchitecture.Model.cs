using System.Diagnostics;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>A deep architecture as a model kind: its spec from the options, its checks, memory, kernel and costs.</summary>
public abstract partial class DeepArchitecture
{
    /// <inheritdoc/>
    /// <remarks>The two-layer net's options are refused when set: the deep nets' weights are N(0, 1) and every layer is
    /// trained (Du et al. ICML 2019, §3).</remarks>
    public override ModelSpec Spec(ModelFlags flags)
    {
        if (flags.InitScale != 1) throw new InputException("--init-scale is a two-layer option (the deep nets' weights are N(0, 1), as in Du et al. ICML 2019)");
        if (flags.Bias || flags.TrainOutput) throw new InputException("--bias and --train-output are two-layer options (deep nets train every layer)");
        return new(this, flags.Width, new DeepNetOptions(flags.Depth, Activation.ByName(flags.Activation), flags.CRes, flags.Channels, flags.Patch));
    }

    /// <inheritdoc/>
    public override ModelSpec SpecForCheck(ModelFlags flags) =>
        flags.Bias || flags.TrainOutput || flags.InitScale != 1
            ? throw new InputException("--bias, --train-output and --init-scale are two-layer options (deep nets train every layer from N(0, 1) weights)")
            : Spec(flags);

    /// <inheritdoc/>
    public override string VariantName(ModelSpec model) => Name;

    /// <inheritdoc/>
    public override long ParameterCount(ModelSpec model, int d, int outputs = 1) => ParameterCount(Shape(model), d, model.Width, outputs);

    /// <inheritdoc/>
    public override void Validate(TrainSpec spec)
    {
        if (spec.Form != null) throw new InputException("--form is a two-layer option (the dual step needs a single trained layer)");
        Shape(spec.Model).Validate();
        if (spec.InitW != null || spec.InitA != null || spec.InitB != null)
            throw new InputException("--init-w/--init-a/--init-b are two-layer options; deep models start from a folder with --init-from");
    }

    /// <inheritdoc/>
    /// <remarks>The kernels (H + 3), their spectrum and the geometry (2), the prediction (2), the per-layer Gram matrices
    /// G^(1..H+1) and Θ(0), Θ(k), G^(H)(0) and a difference (H + 5): 2H + 12 n×n; plus the network's arrays
    /// (<see cref="NetworkBytes"/>).</remarks>
    public override MemoryEstimate Memory(TrainSpec spec, Dataset data, string what, double extraBytes, string extraNote)
    {
        var deep = Shape(spec.Model);
        double t = spec.Precision == Precision.F32 ? 4 : 8;
        double network = NetworkBytes(deep, data.N, data.D, spec.Model.Width, t);
        return MemoryBudget.Squares(what, data.N, 2 * deep.Depth + 12, network + extraBytes, "for the network" + extraNote);
    }

    /// <inheritdoc/>
    /// <remarks>The NTK with every layer trained, the NNGP with the output layer alone.</remarks>
    public override GramSpec DynamicsKernel(TrainSpec run) =>
        new(run.Data, KernelKinds.Of(TrainedMatrix(run.TrainLayers), Architecture), false, false, null, Shape(run.Model));

    /// <summary>The deep kernel a run follows: the NTK with every layer trained, the NNGP with the output layer alone.</summary>
    private static DeepMatrix TrainedMatrix(TrainedLayers layers) => layers switch
    {
        TrainedLayers.All => DeepMatrix.Ntk,
        TrainedLayers.Last => DeepMatrix.Nngp,
        _ => throw new UnreachableException($"trained layers {layers}"),
    };

    /// <inheritdoc/>
    public override string ShapeNote(ModelSpec model)
    {
        var o = OptionsOf(model);
        return $", H = {o.Depth}, σ = {o.Sigma.Name}";
    }

    /// <inheritdoc/>
    public override string Lambda0Name => "λ_min(K^(H))";

    /// <inheritdoc/>
    /// <remarks>Its parameters, p positions, H layers, and σ's quadrature nodes (1 where σ's pair expectation is in closed form).</remarks>
    public override StepCost Cost(ModelSpec model, int d)
    {
        var deep = Shape(model);
        return new(ParameterCount(deep, d, model.Width), Positions(deep, d), deep.Depth,
            deep.Sigma.ClosedFormPair(1, 1, 0) != null ? 1 : deep.Sigma.QuadratureNodes);
    }
}
