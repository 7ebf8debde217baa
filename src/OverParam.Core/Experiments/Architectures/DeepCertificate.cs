using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>
/// The certificate of a deep run: Theorem 5.1, 6.1 or 7.1 of Du et al. (ICML 2019, arXiv 1811.03804), or, with the output
/// layer alone, the exact dynamics of least squares on the fixed features; with the least λ_min of G^(H)(k) and of the
/// features measured.
/// </summary>
public sealed record DeepCertificate : TrainCertificate
{
    /// <summary>The certificate of a run judged by <paramref name="source"/> (the theorem, or the least-squares dynamics).</summary>
    public DeepCertificate(string source, string constants, IEnumerable<Hypothesis> hypotheses, DeepBounds bounds, IEnumerable<Hypothesis> observed,
        double worstEnvelopeRatio, double minLambdaMinGH, double minLambdaMinFeatures)
        : base(source, constants, hypotheses, observed, worstEnvelopeRatio)
    {
        Bounds = bounds;
        MinLambdaMinGH = Json.Finite(minLambdaMinGH);
        MinLambdaMinFeatures = Json.Finite(minLambdaMinFeatures);
    }

    [JsonPropertyOrder(Order.Bounds)]
    [Description("The theorem's bounds on this data next to the run's width and step.")]
    public DeepBounds Bounds { get; }

    [JsonPropertyOrder(Order.Extremes)]
    [JsonPropertyName("min_lambda_min_GH")]
    [Description("The least λ_min(G^(H)(k)) measured (Du et al. ICML 2019, Lemma 5.x/6.x: stays ≥ λ/2); null if never measured.")]
    public double? MinLambdaMinGH { get; }

    [JsonPropertyOrder(Order.Extremes)]
    [Description("The least λ_min(X_H X_Hᵀ) measured, the last hidden layer's features (Kawaguchi & Huang 2019); null if never measured.")]
    public double? MinLambdaMinFeatures { get; }
}

/// <summary>A deep theorem's bounds (<see cref="DeepTheorem"/>) next to the run's width and step, with its contraction.</summary>
public sealed record DeepBounds : TrainBounds
{
    /// <summary>The bounds of <paramref name="theorem"/> at step <paramref name="eta"/>; without <paramref name="required"/>
    /// (the output layer alone) the required width and step are null.</summary>
    public DeepBounds(DeepTheorem theorem, double eta, double delta, bool required)
        : base(theorem.Lambda, theorem.Defined && required ? theorem.RequiredWidth : null, theorem.Width,
            theorem.Defined && required ? theorem.RequiredStep : null, eta, delta) =>
        Contraction = Json.Finite(theorem.Contraction);

    [JsonPropertyOrder(Order.Kind)]
    [Description("1 − ηλ/2, the rate of L(k) ≤ (1 − ηλ/2)^k L(0) (Du et al. ICML 2019, Thm 5.1/6.1/7.1).")]
    public double? Contraction { get; }
}
