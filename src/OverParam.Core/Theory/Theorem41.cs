namespace OverParam.Theory;

/// <summary>
/// The quantitative statements of Du, Zhai, Póczos, Singh (ICLR 2019) Theorem 4.1 (gradient descent) and its lemmas,
/// with the hidden constants of Ω(·) and O(·) set to 1 (said so wherever they are reported).
/// </summary>
/// <param name="N">n, the number of data points.</param>
/// <param name="Width">m, the network's width.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞) (&gt; 0 for the bounds to mean anything).</param>
/// <param name="Eta">η, the step size.</param>
/// <param name="Delta">δ, the failure probability the width requirement is stated for.</param>
/// <param name="InitialResidual">‖y − u(0)‖₂.</param>
public sealed record Theorem41(int N, int Width, double Lambda0, double Eta, double Delta, double InitialResidual)
{
    /// <summary>Where the statements come from.</summary>
    public const string Source = "Du et al. ICLR 2019, Thm 4.1";

    /// <summary>δ used when none is given: the theorem then holds with probability ≥ 0.9.</summary>
    public const double DefaultDelta = 0.1;

    /// <summary>m = Ω(n⁶/(λ0⁴δ³)) (Theorem 3.2 and 4.1), constant 1.</summary>
    public double RequiredWidth => Math.Pow(N, 6) / (Math.Pow(Lambda0, 4) * Math.Pow(Delta, 3));

    /// <summary>η = O(λ0/n²) (Theorem 4.1), constant 1.</summary>
    public double RequiredStep => Lambda0 / ((double)N * N);

    /// <summary>
    /// R' = 4√n ‖y − u(0)‖₂ /(√m λ0) (Corollary 4.1): the radius every w_r(k) stays within when the theorem's conclusion holds.
    /// </summary>
    public double RPrime => 4 * Math.Sqrt(N) * InitialResidual / (Math.Sqrt(Width) * Lambda0);

    /// <summary>R = δλ0/n² (Lemma 3.2 with c = 1): within it λ_min(H) &gt; λ0/2. The proof needs R' &lt; R.</summary>
    public double R => Delta * Lambda0 / ((double)N * N);

    /// <summary>The per-step contraction 1 − ηλ0/2 of ‖u(k) − y‖² (and of L).</summary>
    public double Contraction => 1 - Eta * Lambda0 / 2;

    /// <summary>
    /// log of the envelope (1 − ηλ0/2)^k · L(0): Theorem 4.1's bound on L(k). NaN when the contraction is not in (0, 1]
    /// (λ0 ≤ 0, or η ≥ 2/λ0), where the statement says nothing.
    /// </summary>
    public double LogEnvelope(int k, double initialLoss) =>
        Contraction is > 0 and <= 1 ? k * Math.Log(Contraction) + Math.Log(initialLoss) : double.NaN;

    /// <summary>The envelope itself (may underflow to 0 for large k; compare in log space with <see cref="LogEnvelope"/>).</summary>
    public double Envelope(int k, double initialLoss) => Math.Exp(LogEnvelope(k, initialLoss));

    /// <summary>Whether the bounds are defined: λ0 &gt; 0.</summary>
    public bool Defined => Lambda0 > 0 && double.IsFinite(Lambda0);

    /// <summary>
    /// E‖y − u(0)‖² = ‖y‖² + Σ‖x_i‖²/2 (THEORY.md §7.2: u_i(0) has mean 0 and variance ‖x_i‖²/2 for every m), the
    /// residual used by <c>overparam check</c> before any network is drawn.
    /// </summary>
    public static double ExpectedInitialResidual(ReadOnlySpan<double> y, double sumSquaredNorms)
    {
        double s = 0;
        foreach (var v in y) s += v * v;
        return Math.Sqrt(s + sumSquaredNorms / 2);
    }
}
