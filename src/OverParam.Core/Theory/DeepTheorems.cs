using System.Globalization;
using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Theory;

/// <summary>
/// Theorems 5.1 (FC) and 6.1 (ResNet) of Du, Lee, Li, Wang, Zhai (ICML 2019), with the hidden constants of Ω(·) and O(·)
/// set to 1 and 2^{O(H)} written as 2^H (both said wherever reported). λ = λ_min(K^(H)).
/// </summary>
/// <param name="Arch">FC or ResNet.</param>
/// <param name="N">n.</param>
/// <param name="Width">m.</param>
/// <param name="Depth">H.</param>
/// <param name="Lambda">λ_min(K^(H)).</param>
/// <param name="Eta">η.</param>
/// <param name="Delta">δ.</param>
/// <param name="Positions">p, the convolutional ResNet's positions: Theorem 7.1's poly(p) is written as p (said so).</param>
public sealed record DeepTheorem(Architecture Arch, int N, int Width, int Depth, double Lambda, double Eta, double Delta, int Positions = 1)
{
    /// <summary>The theorem's name.</summary>
    public string Source => Arch switch
    {
        Architecture.Fc => "Du et al. ICML 2019, Thm 5.1",
        Architecture.ResNet => "Du et al. ICML 2019, Thm 6.1",
        Architecture.ConvResNet => "Du et al. ICML 2019, Thm 7.1",
        _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
    };

    /// <summary>How the O(·) and Ω(·) of the theorem were made numbers.</summary>
    public string Constants => "hidden constants of Ω(·) and O(·) set to 1" + Arch switch
    {
        Architecture.Fc => "; 2^{O(H)} written as 2^H",
        Architecture.ConvResNet => "; poly(p) written as p",
        Architecture.ResNet => "",
        _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
    };

    /// <summary>Whether the bounds mean anything: λ &gt; 0.</summary>
    public bool Defined => Lambda > 0 && double.IsFinite(Lambda);

    private double LogTerm => N * (double)N * Math.Log(Depth * N / Delta) / (Lambda * Lambda);

    /// <summary>
    /// FC: 2^H · max{n⁴/λ⁴, n/δ, n² log(Hn/δ)/λ²}. ResNet: max{n⁴/(λ⁴H⁶), n²/(λ²H²), n/δ, n² log(Hn/δ)/λ²}.
    /// </summary>
    public double RequiredWidth
    {
        get
        {
            double n = N, l = Lambda, h = Depth;
            return Arch switch
            {
                Architecture.Fc => Math.Pow(2, h) * Max(Math.Pow(n, 4) / Math.Pow(l, 4), n / Delta, LogTerm),
                Architecture.ResNet => Max(Math.Pow(n, 4) / (Math.Pow(l, 4) * Math.Pow(h, 6)), n * n / (l * l * h * h), n / Delta, LogTerm),
                Architecture.ConvResNet => Positions * Max(Math.Pow(n, 4) / (Math.Pow(l, 4) * Math.Pow(h, 6)), Math.Pow(n, 4) / (Math.Pow(l, 4) * h * h), n / Delta, LogTerm),
                _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
            };
        }
    }

    private static double Max(params double[] v) => v.Max();

    /// <summary>The required width's formula, as <see cref="RequiredWidth"/> evaluates it.</summary>
    public string WidthFormula => Arch switch
    {
        Architecture.Fc => "2^H·max{n⁴/λ⁴, n/δ, n²log(Hn/δ)/λ²}",
        Architecture.ResNet => "max{n⁴/(λ⁴H⁶), n²/(λ²H²), n/δ, n²log(Hn/δ)/λ²}",
        Architecture.ConvResNet => "p·max{n⁴/(λ⁴H⁶), n⁴/(λ⁴H²), n/δ, n²log(Hn/δ)/λ²}",
        _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
    };

    /// <summary>The required step's formula, as <see cref="RequiredStep"/> evaluates it.</summary>
    public string StepFormula => Arch switch
    {
        Architecture.Fc => "λ/(n²2^H)",
        Architecture.ResNet => "λH²/n²",
        Architecture.ConvResNet => "λH²/(n²p)",
        _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
    };

    /// <summary>FC: η = λ/(n² 2^H). ResNet: η = λH²/n². Convolutional ResNet: η = λH²/(n² p).</summary>
    public double RequiredStep => Arch switch
    {
        Architecture.Fc => Lambda / ((double)N * N * Math.Pow(2, Depth)),
        Architecture.ResNet => Lambda * Depth * Depth / ((double)N * N),
        Architecture.ConvResNet => Lambda * Depth * Depth / ((double)N * N * Positions),
        _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
    };

    /// <summary>1 − ηλ/2.</summary>
    public double Contraction => 1 - Eta * Lambda / 2;

    /// <summary>log of (1 − ηλ/2)^k L(0), NaN where the contraction is not in (0, 1].</summary>
    public double LogEnvelope(int k, double initialLoss) =>
        Contraction is > 0 and <= 1 ? k * Math.Log(Contraction) + Math.Log(initialLoss) : double.NaN;

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The hypotheses on data, activation, λ, width and step.</summary>
    public IReadOnlyList<Hypothesis> Hypotheses(Dataset data, PairGeometry geometry, Spectrum spectrum, Activation sigma, double? labelBound)
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
        string twoH = Arch switch
        {
            Architecture.Fc => ", 2^{O(H)} as 2^H",
            Architecture.ConvResNet => ", poly(p) as p",
            Architecture.ResNet => "",
            _ => throw new ArgumentOutOfRangeException(nameof(Arch), Arch, "unknown architecture"),
        };
        list.Add(new Hypothesis("width", Width >= RequiredWidth,
            $"m = {Width} vs required {F(RequiredWidth)} (hidden constants 1{twoH}, δ = {F(Delta)})", Source));
        list.Add(new Hypothesis("step_size", Eta <= RequiredStep,
            $"η = {F(Eta)} vs required {StepFormula} = {F(RequiredStep)} (hidden constants 1{twoH})", Source));
        return list;
    }
}
