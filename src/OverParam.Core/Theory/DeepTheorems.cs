using System.Globalization;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Theory;

/// <summary>The quantities a deep theorem's width and step bounds are written in.</summary>
/// <param name="N">n.</param>
/// <param name="Lambda">λ = λ_min(K^(H)).</param>
/// <param name="Depth">H.</param>
/// <param name="Delta">δ.</param>
/// <param name="Positions">p (the convolutional ResNet's positions; 1 otherwise).</param>
public readonly record struct TheoremTerms(double N, double Lambda, double Depth, double Delta, double Positions)
{
    /// <summary>n² log(Hn/δ)/λ², the term every deep theorem's width shares.</summary>
    public double LogTerm => N * N * Math.Log(Depth * N / Delta) / (Lambda * Lambda);
}

/// <summary>
/// One of Du, Lee, Li, Wang, Zhai's (ICML 2019) deep theorems as numbers, given by the architecture it is about.
/// </summary>
/// <param name="Source">"Du et al. ICML 2019, Thm 6.1".</param>
/// <param name="Approximation">How an O(·) beyond the hidden constants was made a number, e.g. "2^{O(H)} written as 2^H" ("" when none).</param>
/// <param name="WidthFormula">The required width as evaluated, e.g. "max{n⁴/(λ⁴H⁶), …}".</param>
/// <param name="StepFormula">The required step as evaluated, e.g. "λH²/n²".</param>
/// <param name="RequiredWidth">The width, hidden constants 1.</param>
/// <param name="RequiredStep">The step, hidden constants 1.</param>
public sealed record DeepTheoremFormulas(string Source, string Approximation, string WidthFormula, string StepFormula,
    Func<TheoremTerms, double> RequiredWidth, Func<TheoremTerms, double> RequiredStep);

/// <summary>
/// A deep theorem of Du et al. (ICML 2019) on a data set: Theorem 5.1 (FC), 6.1 (ResNet) or 7.1 (convolutional ResNet), as
/// its architecture's <see cref="DeepTheoremFormulas"/> state it, with the hidden constants of Ω(·) and O(·) set to 1 (said
/// wherever reported). λ = λ_min(K^(H)).
/// </summary>
/// <param name="Formulas">The theorem's statement.</param>
/// <param name="N">n.</param>
/// <param name="Width">m.</param>
/// <param name="Depth">H.</param>
/// <param name="Lambda">λ_min(K^(H)).</param>
/// <param name="Eta">η.</param>
/// <param name="Delta">δ.</param>
/// <param name="Positions">p, the convolutional ResNet's positions: Theorem 7.1's poly(p) is written as p (said so).</param>
public sealed record DeepTheorem(DeepTheoremFormulas Formulas, int N, int Width, int Depth, double Lambda, double Eta, double Delta, int Positions = 1)
{
    /// <summary>The theorem's name.</summary>
    public string Source => Formulas.Source;

    /// <summary>How the O(·) and Ω(·) of the theorem were made numbers.</summary>
    public string Constants => "hidden constants of Ω(·) and O(·) set to 1" + (Formulas.Approximation.Length == 0 ? "" : "; " + Formulas.Approximation);

    private TheoremTerms Terms => new(N, Lambda, Depth, Delta, Positions);

    /// <summary>The width the theorem asks for (<see cref="WidthFormula"/>).</summary>
    public double RequiredWidth => Formulas.RequiredWidth(Terms);

    /// <summary>The required width's formula, as <see cref="RequiredWidth"/> evaluates it.</summary>
    public string WidthFormula => Formulas.WidthFormula;

    /// <summary>The required step's formula, as <see cref="RequiredStep"/> evaluates it.</summary>
    public string StepFormula => Formulas.StepFormula;

    /// <summary>The step the theorem asks for (<see cref="StepFormula"/>).</summary>
    public double RequiredStep => Formulas.RequiredStep(Terms);

    /// <summary>Whether the bounds mean anything: λ &gt; 0.</summary>
    public bool Defined => Lambda > 0 && double.IsFinite(Lambda);

    /// <summary>1 − ηλ/2.</summary>
    public double Contraction => 1 - Eta * Lambda / 2;

    /// <summary>log of (1 − ηλ/2)^k L(0), NaN where the contraction is not in (0, 1].</summary>
    public double LogEnvelope(int k, double initialLoss) =>
        Contraction is > 0 and <= 1 ? k * Math.Log(Contraction) + Math.Log(initialLoss) : double.NaN;

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The hypotheses on data, activation, λ, width and step.</summary>
    public IReadOnlyList<Hypothesis> Hypotheses(Dataset data, PairGeometry geometry, Spectrum? spectrum, Activation sigma, double? labelBound)
    {
        var list = DataHypotheses.Evaluate(data, TwoLayerKernel.Du2019, geometry, spectrum, labelBound)
            .Select(h => h.Name == "lambda_min_positive"
                ? h with { Detail = h.Detail.Replace("λ_min", "λ_min(K^(H))"), Source = Source }
                : h with { Source = Source })
            .ToList();
        list.Add(new Hypothesis("activation_lipschitz_smooth", sigma.Smooth,
            sigma.Smooth ? $"{sigma.Name} is Lipschitz and smooth (Condition 3.1)" : $"{sigma.Name} is not smooth: σ' jumps at 0 (Condition 3.1 fails)", Source));
        list.Add(new Hypothesis("activation_analytic_non_polynomial", sigma.AnalyticNonPolynomial,
            sigma.AnalyticNonPolynomial ? $"{sigma.Name} is analytic and not a polynomial (Condition 3.2)" : $"{sigma.Name} is not analytic (Condition 3.2 fails)", Source));
        if (!Defined)
        {
            list.Add(new Hypothesis("width", false, "undefined: λ_min(K^(H)) ≤ 0", Source));
            list.Add(new Hypothesis("step_size", false, "undefined: λ_min(K^(H)) ≤ 0", Source));
            return list;
        }
        string twoH = Formulas.Approximation.Length == 0 ? "" : ", " + Formulas.Approximation.Replace(" written as ", " as ");
        list.Add(new Hypothesis("width", Width >= RequiredWidth,
            $"m = {Width} vs required {F(RequiredWidth)} (hidden constants 1{twoH}, δ = {F(Delta)})", Source));
        list.Add(new Hypothesis("step_size", Eta <= RequiredStep,
            $"η = {F(Eta)} vs required {StepFormula} = {F(RequiredStep)} (hidden constants 1{twoH})", Source));
        return list;
    }
}
