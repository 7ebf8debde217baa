using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// summary.json's certificate of a training run: the theorem, its hypotheses on this run, its bounds (each kind's
/// <see cref="TrainBounds"/>) and what the run observed against its conclusion. The kind's record adds its bounds in the
/// <see cref="Order.Bounds"/> group and its own extremes in the <see cref="Order.Extremes"/> group.
/// </summary>
public abstract record TrainCertificate
{
    /// <summary>Where each group stands (<see cref="JsonPropertyOrderAttribute"/>).</summary>
    public static class Order
    {
        /// <summary>theorem, constants, hypotheses.</summary>
        public const int Theorem = 0;
        /// <summary>The kind's bounds.</summary>
        public const int Bounds = 1;
        /// <summary>observed, worst_envelope_ratio.</summary>
        public const int Observed = 2;
        /// <summary>The kind's measured extremes.</summary>
        public const int Extremes = 3;
    }

    /// <summary>The members every kind writes.</summary>
    protected TrainCertificate(string theorem, string constants, IEnumerable<Hypothesis> hypotheses, IEnumerable<Hypothesis> observed, double worstEnvelopeRatio)
    {
        Theorem = theorem;
        Constants = constants;
        Hypotheses = CheckEntry.Of(hypotheses);
        Observed = CheckEntry.Of(observed);
        WorstEnvelopeRatio = Json.Finite(worstEnvelopeRatio);
    }

    [Description("The theorem whose hypotheses and bounds follow, e.g. \"Du et al. ICLR 2019, Thm 4.1\" (arXiv 1810.02054) or \"Du et al. ICML 2019, Thm 5.1\" (arXiv 1811.03804).")]
    public string Theorem { get; }

    [Description("How the hidden constants of Ω(·) and O(·) were set (to 1), and the approximations made.")]
    public string Constants { get; }

    [Description("The theorem's hypotheses on this run (data, activation, width, step), by name.")]
    public IReadOnlyDictionary<string, CheckEntry> Hypotheses { get; }

    [JsonPropertyOrder(Order.Observed)]
    [Description("The theorem's conclusions against the run (the loss under its envelope, λ_min of the Gram matrix above half its limit, …), by name.")]
    public IReadOnlyDictionary<string, CheckEntry> Observed { get; }

    [JsonPropertyOrder(Order.Observed)]
    [Description("max over recorded k of L(k)/((1 − ηλ/2)^k L(0)): above 1 where the loss left the theorem's envelope; null when not defined.")]
    public double? WorstEnvelopeRatio { get; }
}

/// <summary>
/// A certificate's bounds: the theorem's required width and step on this data (hidden constants 1), next to the run's.
/// Each kind's record adds its own in the <see cref="Order.Kind"/> group.
/// </summary>
public abstract record TrainBounds
{
    /// <summary>Where each group stands (<see cref="JsonPropertyOrderAttribute"/>).</summary>
    public static class Order
    {
        /// <summary>lambda0 … delta.</summary>
        public const int Common = 0;
        /// <summary>The kind's own bounds.</summary>
        public const int Kind = 1;
    }

    /// <summary>The bounds every kind writes; the required width and step null where the theorem is not defined (λ ≤ 0).</summary>
    protected TrainBounds(double lambda, double? requiredWidth, int width, double? requiredStep, double step, double delta)
    {
        Lambda0 = Json.Finite(lambda);
        RequiredWidth = Json.Finite(requiredWidth);
        Width = width;
        RequiredStep = Json.Finite(requiredStep);
        Step = step;
        Delta = delta;
    }

    [Description("λ of the theorem (λ0 or λ_min(K^(H))).")]
    public double? Lambda0 { get; }

    [Description("The width the theorem asks, hidden constants 1; null where λ ≤ 0 or, with --train-layers last, where it does not apply.")]
    public double? RequiredWidth { get; }

    [Description("m, the run's width.")]
    public int Width { get; }

    [Description("The largest step the theorem allows, hidden constants 1; null as required_width.")]
    public double? RequiredStep { get; }

    [Description("η, the run's step.")]
    public double Step { get; }

    [Description("δ of the theorem's probability 1 − δ.")]
    public double Delta { get; }
}
