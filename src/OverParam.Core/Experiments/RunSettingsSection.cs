using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Data;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// summary.json's settings of a training run: the data, the width and the trained parameters, then the model kind's own
/// options (<see cref="TwoLayerSettings"/>, <see cref="DeepSettings"/>, in the <see cref="Order.Model"/> group), then the
/// schedule and the held-out set, with η as used (<c>--lr auto</c> resolved).
/// </summary>
public abstract record RunSettingsSection
{
    /// <summary>Where each group stands (<see cref="JsonPropertyOrderAttribute"/>): the kind's options between the width and η.</summary>
    public static class Order
    {
        /// <summary>data … parameters.</summary>
        public const int Data = 0;
        /// <summary>The kind's options.</summary>
        public const int Model = 1;
        /// <summary>lr … test_labels.</summary>
        public const int Schedule = 2;
    }

    /// <summary>The settings every kind writes, from the run's spec <paramref name="s"/> (η resolved) on <paramref name="data"/>.</summary>
    protected RunSettingsSection(TrainSpec s, Dataset data, bool lrAuto)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(data);
        Data = data.Source;
        N = data.N;
        D = data.D;
        DataSeed = s.Data.Seed;
        Normalized = s.Data.Normalize;
        Project = s.Data.Project;
        Model = s.ModelName;
        Width = s.Model.Width;
        // Trainable parameters: with the output layer alone, a's m·d_y entries.
        Parameters = s.TrainLayers == TrainedLayers.Last ? (long)s.Model.Width * data.Outputs : s.Model.ParameterCount(data.D, data.Outputs);
        Lr = s.LearningRate;
        LrAuto = lrAuto;
        Steps = s.Steps;
        Tol = s.Tolerance;
        RelTol = s.RelativeTolerance;
        Seed = s.Seed;
        Precision = s.Precision.ToString().ToLowerInvariant();
        RecordEvery = s.RecordEvery;
        GramEvery = s.GramEvery;
        Delta = s.Delta;
        TestN = s.TestN;
        TestSplit = s.TestSplit;
        TestData = s.TestData;
        TestLabels = s.TestLabels;
    }

    [Description("The data and labels, in words (source, n, d, seed, preprocessing).")]
    public string Data { get; }

    [Description("n, the number of training points.")]
    public int N { get; }

    [Description("d, the input dimension (D after --project).")]
    public int D { get; }

    [Description("The seed of the synthetic data and labels (--data-seed).")]
    public long DataSeed { get; }

    [Description("Whether every input was projected onto the unit sphere (the papers assume ‖x_i‖ = 1).")]
    public bool Normalized { get; }

    [Description("D of the Gaussian random projection before normalizing (--project); 0: none (d above is D then).")]
    public int Project { get; }

    [Description("The model's name: du2019, bias-joint, … for the two-layer net's variants, fc, resnet, conv-resnet.")]
    public string Model { get; }

    [Description("m, the width.")]
    public int Width { get; }

    [Description("Trainable parameters; with --train-layers last, a's m·d_y entries.")]
    public long Parameters { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("η, the step as used (1/λ_max of the kernel the dynamics follow with --lr auto).")]
    public double? Lr { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Whether η was chosen by the tool (--lr auto).")]
    public bool LrAuto { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("K, the most gradient steps (--steps).")]
    public int Steps { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("ε of the stop L(k) ≤ ε (--tol); 0: none.")]
    public double Tol { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("ε_rel of the stop L(k) ≤ ε_rel·L(0) (--rel-tol); 0: none.")]
    public double RelTol { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("The seed of the initialization (--seed).")]
    public long Seed { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("f64 or f32.")]
    public string Precision { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Metrics are recorded every this many steps (the first and last always).")]
    public int RecordEvery { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("The Gram matrices are measured every this many steps; 0: never.")]
    public int GramEvery { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("δ: the theorem holds with probability ≥ 1 − δ (Du et al. ICLR 2019, Thm 4.1).")]
    public double Delta { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Held-out points drawn like the training data (--test-n); 0: none.")]
    public int TestN { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Natural data: the split of the held-out images (--test-split); absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TestSplit { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Held-out features from a file (--test-data), or null.")]
    public string? TestData { get; }

    [JsonPropertyOrder(Order.Schedule)]
    [Description("Held-out labels from a file (--test-labels), or null.")]
    public string? TestLabels { get; }
}
