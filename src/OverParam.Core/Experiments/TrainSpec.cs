using OverParam.Data;
using OverParam.IO;
using OverParam.Models;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>Everything that determines a training run; the same spec and seed give the same numbers.</summary>
/// <param name="Data">Data and labels.</param>
/// <param name="Model">The model: its kind (the registry value), its width and the kind's options.</param>
/// <param name="LearningRate">η, the fixed step; null picks η = 1/λ_max of the kernel the dynamics follow.</param>
/// <param name="Steps">K, the most gradient steps.</param>
/// <param name="Tolerance">Stop once L ≤ ε (0: never).</param>
/// <param name="Seed">Seed of the initialization.</param>
/// <param name="Precision">f64 or f32.</param>
/// <param name="RecordEvery">Record metrics every s steps (the first and last step always).</param>
/// <param name="GramEvery">Measure H(k) every g steps (0: never).</param>
/// <param name="Delta">δ of the width requirement.</param>
/// <param name="LabelBound">C of |y_i| ≤ C, or null.</param>
/// <param name="InitW">Initial W from a file, or null.</param>
/// <param name="InitA">Initial a from a file, or null.</param>
/// <param name="InitB">Initial b from a file, or null.</param>
/// <param name="SaveWeights">Write the initial and final weights as .npy.</param>
/// <param name="TestN">Held-out points drawn from the training distribution (<see cref="DataSpec.LoadHeldOut"/>) whose mean
/// squared error is recorded as test_mse; 0: none. Two-layer, FC and ResNet models.</param>
/// <param name="TestData">Held-out features from a .npy/.csv file instead (with <paramref name="TestLabels"/>).</param>
/// <param name="TestLabels">Held-out labels from a .npy/.csv file.</param>
/// <param name="Form">The two-layer step's form (<see cref="StepForm"/>); null picks the cheaper (<see cref="StepForms.Cheaper"/>).</param>
/// <param name="RefreshEvery">Dual form: recompute ΔZ = −K C from the accumulated C every this many steps (0: never).</param>
/// <param name="InitFrom">A folder written with --save-weights: the run starts from its init_*.npy (every model).</param>
/// <param name="TestSplit">Natural data: the split ("test") whose images of the same classes, prepared the same way and with
/// their true labels, are the held-out set (the first <paramref name="TestN"/> of them, or all when 0).</param>
/// <param name="RelativeTolerance">Stop once L(k) ≤ ε_rel · L(0) (0: never); <c>overparam threshold</c>'s success criterion.</param>
/// <param name="TrainLayers">Every layer, or the output layer alone (FC and ResNet; <see cref="TrainedLayers"/>).</param>
public sealed record TrainSpec(
    DataSpec Data, ModelSpec Model, double? LearningRate, int Steps, double Tolerance, long Seed, Precision Precision,
    int RecordEvery, int GramEvery, double Delta, double? LabelBound,
    string? InitW = null, string? InitA = null, string? InitB = null, bool SaveWeights = false,
    int TestN = 0, string? TestData = null, string? TestLabels = null, StepForm? Form = null, int RefreshEvery = TrainSpec.DefaultRefreshEvery,
    string? InitFrom = null, string? TestSplit = null, double RelativeTolerance = 0, TrainedLayers TrainLayers = TrainedLayers.All)
{
    /// <summary>
    /// The dual form's default refresh interval. Measured (docs/perf.md, `WideNetworkTests`): in float32, ΔZ's rounding grows
    /// with the steps without a refresh; every 100 steps it stays at one product's rounding, for 1% more work.
    /// </summary>
    public const int DefaultRefreshEvery = 100;

    /// <summary>The held-out set's options.</summary>
    public HeldOutSpec HeldOut => new(Data, TestN, TestData, TestLabels, TestSplit);

    /// <summary>Whether a held-out set is evaluated (drawn or from files).</summary>
    public bool HasTestSet => HeldOut.Any;

    /// <summary>Whether the run classifies: natural data with its own labels (±1 for two classes, one-hot for more), which give
    /// train and test accuracy.</summary>
    public bool Classifies => Data.Classifies;

    /// <summary>The held-out set: files, or <see cref="TestN"/> points drawn like the training data; checked against its d.</summary>
    public Dataset LoadTestSet(Dataset train) => HeldOut.Load(train, train.Outputs > 1);

    /// <summary>The model's name: "du2019", "bias-joint", "fc", "resnet", …</summary>
    public string ModelName => Model.Name;

    /// <summary>Checks the values a user gives; throws <see cref="InputException"/> naming the option.</summary>
    public TrainSpec Validate()
    {
        if (LearningRate is { } lr && (!(lr > 0) || !double.IsFinite(lr))) throw new InputException($"--lr must be a finite number > 0, got {LearningRate}");
        if (Steps < 0) throw new InputException($"--steps must be ≥ 0, got {Steps}");
        if (Model.Width < 1) throw new InputException($"--width must be at least 1, got {Model.Width}");
        if (RecordEvery < 1) throw new InputException($"--record-every must be at least 1, got {RecordEvery}");
        if (GramEvery < 0) throw new InputException($"--gram-every must be ≥ 0, got {GramEvery}");
        if (!(Delta is > 0 and < 1)) throw new InputException($"--delta must be in (0, 1), got {Delta}");
        if (Tolerance < 0 || double.IsNaN(Tolerance)) throw new InputException($"--tol must be ≥ 0, got {Tolerance}");
        if (!(RelativeTolerance is >= 0 and <= 1)) throw new InputException($"--rel-tol must be in [0, 1], got {RelativeTolerance}");
        if (InitFrom != null && (InitW != null || InitA != null || InitB != null))
            throw new InputException("--init-from sets every initial weight; leave out --init-w, --init-a, --init-b and --init-scale");
        Model.Kind.Validate(this);
        HeldOut.Validate();
        if (RefreshEvery < 0) throw new InputException($"--refresh-every must be ≥ 0, got {RefreshEvery}");
        if (TrainLayers == TrainedLayers.Last && !Model.Kind.TrainsOutputLayerAlone)
            throw new InputException($"--train-layers last is for the {ModelKinds.Listed(ModelKinds.All.Where(k => k.TrainsOutputLayerAlone).Select(k => k.Name), "and")} models"
                + " (the output layer a alone, the hidden layers fixed at initialization)");
        return this;
    }
}
