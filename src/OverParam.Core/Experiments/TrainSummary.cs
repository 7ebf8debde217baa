using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of a training run (<c>overparam train</c>, a sweep's or a threshold search's trial): what every model kind
/// writes (λ, the outcome, the files, the provenance), in the order the file has. Each kind's record derives from it and
/// adds its settings, its theorem's certificate and its own measurements between these members
/// (<see cref="TwoLayerTrainSummary"/>: Du et al. ICLR 2019, Thm 4.1; <see cref="DeepTrainSummary"/>: Du et al. ICML 2019,
/// Thm 5.1/6.1/7.1); <see cref="ModelKind.Train{T}"/> returns it, <see cref="Json.WriteAsRuntimeType"/> writes it, and
/// <c>overparam schema summary --verb train</c> prints the schema of each kind's record (<see cref="ModelKind.SummaryType"/>).
/// </summary>
public abstract record TrainSummary
{
    /// <summary>
    /// Where each group of members stands in the file (<see cref="JsonPropertyOrderAttribute"/>): the common members here
    /// and each kind's in between, so that the file's order is the one it has always had.
    /// </summary>
    public static class Order
    {
        /// <summary>settings.</summary>
        public const int Settings = 0;
        /// <summary>lambda0.</summary>
        public const int Lambda0 = 1;
        /// <summary>A kind's spectrum next to λ (lambda_max_ntk).</summary>
        public const int Spectrum = 2;
        /// <summary>outputs.</summary>
        public const int Outputs = 3;
        /// <summary>A kind's kernel and step (output_spread, auto_step, empirical_kernel).</summary>
        public const int Kernel = 4;
        /// <summary>The outcome: initial_loss … steps_per_second.</summary>
        public const int Outcome = 5;
        /// <summary>A kind's final movement (final_pattern_change, final_max_dist).</summary>
        public const int Movement = 6;
        /// <summary>certificate.</summary>
        public const int Certificate = 7;
        /// <summary>A kind's layers (train_layers, least_squares).</summary>
        public const int Layers = 8;
        /// <summary>files, provenance.</summary>
        public const int Files = 9;
    }

    /// <summary>The members every kind writes, from the run.</summary>
    /// <param name="spec">The run's settings (the held-out set's presence).</param>
    /// <param name="lambda0">The theorem's λ.</param>
    /// <param name="outputs">d_y.</param>
    /// <param name="outcome">How the run ended, with its metrics.</param>
    /// <param name="files">The files written.</param>
    /// <param name="provenance">Who wrote the file, and when.</param>
    protected TrainSummary(TrainSpec spec, double lambda0, int outputs, RunOutcome outcome, IReadOnlyList<string> files, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outcome);
        var m = outcome.Metrics;
        Lambda0 = Json.Finite(lambda0);
        Outputs = outputs;
        InitialLoss = Json.Finite(m[MetricColumns.Loss][0]);
        FinalLoss = Json.Finite(outcome.FinalLoss);
        FinalTestMse = spec.HasTestSet ? Json.Finite(m[MetricColumns.TestMse][^1]) : null;
        HasTrainAccuracy = m.Has(MetricColumns.TrainAccuracy);
        HasTestAccuracy = m.Has(MetricColumns.TestAccuracy);
        FinalTrainAccuracy = HasTrainAccuracy ? Json.Finite(m[MetricColumns.TrainAccuracy][^1]) : null;
        FinalTestAccuracy = HasTestAccuracy ? Json.Finite(m[MetricColumns.TestAccuracy][^1]) : null;
        StepsRun = outcome.StepsRun;
        Converged = outcome.Converged;
        Diverged = outcome.Diverged;
        Message = outcome.Message;
        FinalResidualGap = Json.Finite(m[MetricColumns.ResidualGap][^1]);
        WallSeconds = outcome.Seconds;
        StepsPerSecond = Json.Finite(outcome.StepsRun / outcome.Seconds);
        Files = files;
        Provenance = provenance;
    }

    [JsonPropertyOrder(Order.Lambda0)]
    [Description("λ of the theorem: λ0 = λ_min(H∞) of the two-layer net (Du et al. ICLR 2019, Assumption 3.1; of the inputs (x, 1) with --bias), λ_min(K^(H)) of a deep net (Du et al. ICML 2019, Def. 5.1/6.1/7.1).")]
    public double? Lambda0 { get; }

    [JsonPropertyOrder(Order.Outputs)]
    [Description("d_y, the outputs per point: 1, or the classes of one-hot targets.")]
    public int Outputs { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("L(0) = ½ Σ_i (f(x_i) − y_i)² (Du et al. ICLR 2019, Eq. 2).")]
    public double? InitialLoss { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("L(k) at the last step run.")]
    public double? FinalLoss { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("test_mse at the last recorded step; null without a held-out set.")]
    public double? FinalTestMse { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("train_accuracy at the last recorded step; present when the labels are classes (±1 or one-hot).")]
    [WrittenWhen(nameof(HasTrainAccuracy))]
    public double? FinalTrainAccuracy { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("test_accuracy at the last recorded step; present with a held-out set of classes.")]
    [WrittenWhen(nameof(HasTestAccuracy))]
    public double? FinalTestAccuracy { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("The gradient steps taken.")]
    public int StepsRun { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("Whether the run stopped at --tol or --rel-tol.")]
    public bool Converged { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("Whether the loss became non-finite or grew without bound.")]
    public bool Diverged { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("How the run ended, in words.")]
    public string Message { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("residual_gap at the last recorded step: the network against its infinite-width kernel (Arora et al. ICML 2019, Thm 4.1).")]
    public double? FinalResidualGap { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("Wall-clock seconds of the gradient steps.")]
    public double WallSeconds { get; }

    [JsonPropertyOrder(Order.Outcome)]
    [Description("steps_run / wall_seconds.")]
    public double? StepsPerSecond { get; }

    [JsonPropertyOrder(Order.Files)]
    [Description("The files written into the output folder.")]
    public IReadOnlyList<string> Files { get; }

    [JsonPropertyOrder(Order.Files)]
    [Description("Which tool and linear algebra wrote the file, and when.")]
    public Provenance Provenance { get; }

    /// <summary>Whether the run recorded train_accuracy.</summary>
    [JsonIgnore]
    public bool HasTrainAccuracy { get; }

    /// <summary>Whether the run recorded test_accuracy.</summary>
    [JsonIgnore]
    public bool HasTestAccuracy { get; }
}
