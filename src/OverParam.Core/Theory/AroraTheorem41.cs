namespace OverParam.Theory;

/// <summary>
/// Arora, Du, Hu, Li, Wang (ICML 2019) Theorem 4.1, the training dynamics from a small initialization w_r(0) ~ N(0, κ²I)
/// (a_r ~ unif{±1} fixed, first layer trained): with λ0 &gt; 0, κ = O(εδ/√n), m = Ω(n⁷/(λ0⁴κ²δ⁴ε²)) and η = O(λ0/n²),
/// w.p. ≥ 1 − δ, for all k, ‖y − u(k)‖₂ = √(Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)²) ± ε. The hidden constants are set to 1.
/// <para>The formulas are THEORY.md §5's, marked there as recalled [R] and not yet checked against the paper's text;
/// <see cref="Source"/> says so wherever they are reported.</para>
/// <para>ε is not an input of a run: the κ hypothesis κ ≤ εδ/√n holds for every ε ≥ κ√n/δ, and the smallest such ε is
/// the accuracy the theorem then promises (<see cref="Epsilon"/>). With it the width requirement becomes
/// n⁷/(λ0⁴κ²δ⁴ε²) = n⁶/(λ0⁴κ⁴δ²).</para>
/// </summary>
/// <param name="N">n.</param>
/// <param name="Width">m.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞).</param>
/// <param name="Eta">η (NaN when none is given).</param>
/// <param name="Delta">δ.</param>
/// <param name="Kappa">κ, the initialization scale (&gt; 0).</param>
public sealed record AroraTheorem41(int N, int Width, double Lambda0, double Eta, double Delta, double Kappa)
{
    /// <summary>Where the statements come from, with their certainty.</summary>
    public const string Source = "Arora et al. ICML 2019, Thm 4.1 (formulas as recalled in THEORY.md §5, not verified against the paper)";

    /// <summary>Whether this theorem is the one to check for <paramref name="model"/>: w_r(0) ~ N(0, κ²I) with κ ≠ 1, the first
    /// layer trained, no biases (their setting); otherwise Du et al.'s Theorem 4.1 is.</summary>
    public static bool AppliesTo(Models.TwoLayerSpec model) => model.InitScale != 1 && !model.Bias && !model.TrainOutput;

    /// <summary>ε = κ√n/δ: the accuracy of the conclusion that κ ≤ εδ/√n allows, the smallest.</summary>
    public double Epsilon => Kappa * Math.Sqrt(N) / Delta;

    /// <summary>m = Ω(n⁷/(λ0⁴κ²δ⁴ε²)) at ε = <see cref="Epsilon"/>, constant 1.</summary>
    public double RequiredWidth => Math.Pow(N, 7) / (Math.Pow(Lambda0, 4) * Kappa * Kappa * Math.Pow(Delta, 4) * Epsilon * Epsilon);

    /// <summary>η = O(λ0/n²), constant 1.</summary>
    public double RequiredStep => Lambda0 / ((double)N * N);

    /// <summary>Whether the bounds are defined: λ0 &gt; 0 and κ &gt; 0.</summary>
    public bool Defined => Lambda0 > 0 && double.IsFinite(Lambda0) && Kappa > 0;

    /// <summary>The width and step hypotheses (the step only when η is given), and the ε the κ hypothesis leaves.</summary>
    public IReadOnlyList<Hypothesis> Hypotheses()
    {
        static string F(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        if (!Defined) return [new Hypothesis("width", false, "undefined: λ0 ≤ 0", Source)];
        var list = new List<Hypothesis>
        {
            new("init_scale", true, $"κ = {F(Kappa)} ≤ εδ/√n holds from ε = κ√n/δ = {F(Epsilon)} on: the conclusion ‖y − u(k)‖ = √(Σ(1 − ηλ_i)^{{2k}}(v_iᵀy)²) ± ε at that ε", Source),
            new("width", Width >= RequiredWidth,
                $"m = {Width} vs required n⁷/(λ0⁴κ²δ⁴ε²) = n⁶/(λ0⁴κ⁴δ²) = {F(RequiredWidth)} (hidden constant set to 1, δ = {F(Delta)}, ε = {F(Epsilon)})", Source),
        };
        if (!double.IsNaN(Eta))
            list.Add(new Hypothesis("step_size", Eta <= RequiredStep, $"η = {F(Eta)} vs required λ0/n² = {F(RequiredStep)} (hidden constant set to 1)", Source));
        return list;
    }
}
