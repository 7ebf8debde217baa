using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Data;
using OverParam.Models;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of a two-layer run (<see cref="TwoLayerKind"/>): the common members, the net's options, the final
/// movement of the weights and the Theorem 4.1 certificate of Du et al. (ICLR 2019, arXiv 1810.02054), or Arora et al.'s
/// (ICML 2019, arXiv 1901.08584) from a small initialization.
/// </summary>
[Description("A two-layer ReLU net f(x) = (1/√m) Σ_r a_r σ(w_rᵀx) trained by gradient descent, with the certificate of Du et al. ICLR 2019, Thm 4.1 (arXiv 1810.02054), or of Arora et al. ICML 2019, Thm 4.1 (arXiv 1901.08584) with --init-scale κ ≠ 1.")]
public sealed record TwoLayerTrainSummary : TrainSummary
{
    /// <summary>The summary of run <paramref name="r"/> of <paramref name="model"/>, whose step took <paramref name="form"/>,
    /// with its <paramref name="certificate"/>; <paramref name="backend"/> names the linear algebra.</summary>
    public TwoLayerTrainSummary(TrainResult r, TrainingCertificate certificate, TwoLayerSpec model, StepForm form, string backend)
        : base(r.Spec, r.Lambda0, r.Data.Outputs, r.Outcome, r.Files, Provenance.Now(backend))
    {
        var m = r.Outcome.Metrics;
        Settings = new TwoLayerSettings(r.Spec, r.Data, r.LearningRateWasAuto, model, form);
        FinalPatternChange = Json.Finite(m[MetricColumns.PatternChange][^1]);
        FinalMaxDist = Json.Finite(m[MetricColumns.MaxDist][^1]);
        Certificate = new TwoLayerCertificate(certificate, model.Bias);
    }

    [JsonPropertyOrder(Order.Settings)]
    [Description("The run's settings, with the two-layer net's options.")]
    public TwoLayerSettings Settings { get; }

    [JsonPropertyOrder(Order.Movement)]
    [Description("pattern_change at the last step: the fraction of activation patterns changed (Du et al. ICLR 2019, §5).")]
    public double? FinalPatternChange { get; }

    [JsonPropertyOrder(Order.Movement)]
    [Description("max_dist at the last step, max_r ‖w_r(k) − w_r(0)‖ (Du et al. ICLR 2019, Cor. 4.1).")]
    public double? FinalMaxDist { get; }

    [JsonPropertyOrder(Order.Certificate)]
    [Description("Theorem 4.1's hypotheses, bounds and what the run observed against them.")]
    public TwoLayerCertificate Certificate { get; }
}

/// <summary>The two-layer net's settings: <see cref="RunSettingsSection"/> with the net's options between the width and η.</summary>
public sealed record TwoLayerSettings : RunSettingsSection
{
    /// <summary>The settings of <paramref name="model"/> trained by <paramref name="s"/> in <paramref name="form"/>.</summary>
    public TwoLayerSettings(TrainSpec s, Dataset data, bool lrAuto, TwoLayerSpec model, StepForm form) : base(s, data, lrAuto)
    {
        Bias = model.Bias;
        TrainOutput = model.TrainOutput;
        InitScale = model.InitScale;
        (InitW, InitA, InitB, InitFrom) = (s.InitW, s.InitA, s.InitB, s.InitFrom);
        Form = form.Name();
        FormAuto = s.Form == null;
        RefreshEvery = form == StepForm.Dual ? s.RefreshEvery : null;
    }

    [JsonPropertyOrder(Order.Model)]
    [Description("Trained biases ReLU(w_rᵀx + b_r) (--bias; Jentzen & Kröger 2021, arXiv 2103.09874).")]
    public bool Bias { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("Whether the output weights a were trained too (--train-output; Du et al. ICLR 2019, §3.2).")]
    public bool TrainOutput { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("κ: w_r(0) ~ N(0, κ²I) (--init-scale; Arora et al. ICML 2019's small initialization); 1 is Du et al.'s.")]
    public double InitScale { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The file of W(0) (--init-w), or null.")]
    public string? InitW { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The file of a(0) (--init-a), or null.")]
    public string? InitA { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The file of b(0) (--init-b), or null.")]
    public string? InitB { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The folder whose init_*.npy the run started from (--init-from), or null.")]
    public string? InitFrom { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The step's form that ran: primal or dual (the same iterates up to rounding).")]
    public string Form { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("Whether the tool chose the form (--form auto: dual when n < 2d).")]
    public bool FormAuto { get; }

    [JsonPropertyOrder(Order.Model)]
    [Description("The dual form's refresh interval R (--refresh-every); null for the primal form.")]
    public int? RefreshEvery { get; }
}

/// <summary>Theorem 4.1's certificate of a two-layer run (Du et al.'s, or Arora et al.'s from a small initialization).</summary>
public sealed record TwoLayerCertificate : TrainCertificate
{
    /// <summary>The certificate <paramref name="c"/>; with <paramref name="bias"/>, its theorem says λ0 is of (x, 1).</summary>
    public TwoLayerCertificate(TrainingCertificate c, bool bias)
        : base(c.Source + (bias ? " with λ0 of the augmented inputs (x, 1); Jentzen & Kröger 2021 state no explicit constants" : ""),
            "hidden constants of Ω(·) and O(·) set to 1", c.Hypotheses, c.Observations, c.WorstEnvelopeRatio)
    {
        Bounds = new TwoLayerBounds(c);
        WorstRadiusRatio = Json.Finite(c.WorstRadiusRatio);
        MinLambdaMinH = Json.Finite(c.MinLambdaH);
    }

    [JsonPropertyOrder(Order.Bounds)]
    [Description("The theorem's bounds on this data next to the run's width and step.")]
    public TwoLayerBounds Bounds { get; }

    [JsonPropertyOrder(Order.Extremes)]
    [Description("max over recorded k of max_dist/R' (Du et al. ICLR 2019, Cor. 4.1: at most 1); null from a small initialization or where R' is not defined.")]
    public double? WorstRadiusRatio { get; }

    [JsonPropertyOrder(Order.Extremes)]
    [JsonPropertyName("min_lambda_min_H")]
    [Description("The least λ_min(H(k)) measured (Du et al. ICLR 2019, Lemma 3.2: stays ≥ λ0/2); null if never measured.")]
    public double? MinLambdaMinH { get; }
}

/// <summary>
/// Theorem 4.1's bounds: the required width n⁶/(λ0⁴δ³) and step λ0/n² (Du et al.), or Arora et al.'s width
/// n⁷/(λ0⁴κ²δ⁴ε²) with κ and ε = κ√n/δ from a small initialization; R', R and the contraction 1 − ηλ0/2.
/// </summary>
public sealed record TwoLayerBounds : TrainBounds
{
    /// <summary>The bounds of certificate <paramref name="c"/>: Arora et al.'s width and step where the theorem is theirs.</summary>
    public TwoLayerBounds(TrainingCertificate c)
        : base(c.Bounds.Lambda0, RequiredWidthOf(c), c.Bounds.Width, RequiredStepOf(c), c.Bounds.Eta, c.Bounds.Delta)
    {
        var b = c.Bounds;
        IsArora = c.Arora != null;
        Kappa = c.Arora?.Kappa;
        Epsilon = c.Arora is { } a ? Json.Finite(a.Epsilon) : null;
        // With Arora et al.'s theorem, R' and the contraction are Du et al.'s, kept for sweeps' comparisons across κ.
        RPrime = b.Defined ? Json.Finite(b.RPrime) : null;
        RadiusR = b.Defined ? Json.Finite(b.R) : null;
        Contraction = Json.Finite(b.Contraction);
        InitialResidualNorm = Json.Finite(b.InitialResidual);
    }

    private static double? RequiredWidthOf(TrainingCertificate c) =>
        c.Arora is { } a ? (a.Defined ? a.RequiredWidth : null) : c.Bounds.Defined ? c.Bounds.RequiredWidth : null;

    private static double? RequiredStepOf(TrainingCertificate c) =>
        c.Arora is { } a ? (a.Defined ? a.RequiredStep : null) : c.Bounds.Defined ? c.Bounds.RequiredStep : null;

    /// <summary>Whether the theorem is Arora et al.'s (κ and ε written, R not).</summary>
    [JsonIgnore]
    public bool IsArora { get; }

    /// <summary>Whether the theorem is Du et al.'s (R written).</summary>
    [JsonIgnore]
    public bool IsDu => !IsArora;

    [JsonPropertyOrder(Order.Kind)]
    [WrittenWhen(nameof(IsArora))]
    [Description("κ of the small initialization (Arora et al. ICML 2019, Thm 4.1); present only with their theorem.")]
    public double? Kappa { get; }

    [JsonPropertyOrder(Order.Kind)]
    [WrittenWhen(nameof(IsArora))]
    [Description("ε = κ√n/δ, the accuracy of ‖y − u(k)‖ = ‖(I − ηH∞)^k y‖ ± ε (Arora et al. ICML 2019, Thm 4.1); present only with their theorem.")]
    public double? Epsilon { get; }

    [Description("R' = 4√n‖y − u(0)‖/(√m λ0), the radius the weights stay in (Du et al. ICLR 2019, Cor. 4.1); null where λ0 ≤ 0.")]
    [JsonPropertyOrder(Order.Kind)]
    public double? RPrime { get; }

    [JsonPropertyOrder(Order.Kind)]
    [JsonPropertyName("radius_R")]
    [WrittenWhen(nameof(IsDu))]
    [Description("R = δλ0/n², the radius within which H stays near H∞ (Du et al. ICLR 2019, Lemma 3.2); present with Du et al.'s theorem, null where λ0 ≤ 0.")]
    public double? RadiusR { get; }

    [JsonPropertyOrder(Order.Kind)]
    [Description("1 − ηλ0/2, the rate of L(k) ≤ (1 − ηλ0/2)^k L(0) (Du et al. ICLR 2019, Thm 4.1).")]
    public double? Contraction { get; }

    [JsonPropertyOrder(Order.Kind)]
    [Description("‖y − u(0)‖ of the run.")]
    public double? InitialResidualNorm { get; }
}
