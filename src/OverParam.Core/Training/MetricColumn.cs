namespace OverParam.Training;

/// <summary>A column of metrics.csv (and so of aggregate.csv): its name, what it holds, and where the paper defines it.</summary>
/// <param name="Name">The header, e.g. "max_dist".</param>
/// <param name="Meaning">What the column holds, as a formula.</param>
/// <param name="Reference">The paper and equation, or "" for bookkeeping.</param>
public sealed record MetricColumn(string Name, string Meaning, string Reference);

/// <summary>Every column a run records, each declared once; recorders write them by these values, readers ask by name.</summary>
public static class MetricColumns
{
    public static readonly MetricColumn Step = new("step", "k, the gradient step", "");
    public static readonly MetricColumn Loss = new("loss", "L(k) = ½ Σ_i (f(x_i) − y_i)², a sum", "Du et al. ICLR 2019, Eq. 2");
    public static readonly MetricColumn Envelope = new("envelope", "(1 − ηλ/2)^k L(0), the theorem's bound on L(k)", "Du et al. ICLR 2019, Thm 4.1; ICML 2019, Thm 5.1/6.1/7.1");
    public static readonly MetricColumn MaxDist = new("max_dist", "max_r ‖w_r(k) − w_r(0)‖₂ (with biases, of (w_r, b_r))", "Du et al. ICLR 2019, Lemma 3.3, Cor. 4.1");
    public static readonly MetricColumn RPrime = new("r_prime", "R' = 4√n‖y − u(0)‖/(√m λ0)", "Du et al. ICLR 2019, Cor. 4.1");
    public static readonly MetricColumn PatternChange = new("pattern_change", "(1/(mn)) Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}", "Du et al. ICLR 2019, §5");
    public static readonly MetricColumn WeightDistFro = new("weight_dist_fro", "‖W(k) − W(0)‖_F", "Arora et al. ICML 2019, §5");
    public static readonly MetricColumn MaxOutputDist = new("max_output_dist", "max_r |a_r(k) − a_r(0)| (a trained)", "Du et al. ICLR 2019, §3.2");
    public static readonly MetricColumn LambdaMinH = new("lambda_min_H", "λ_min(H(k))", "Du et al. ICLR 2019, Eq. 6, Lemma 3.2");
    public static readonly MetricColumn GramDrift = new("gram_drift", "‖H(k) − H(0)‖₂", "Du et al. ICLR 2019, Lemma 3.2");
    public static readonly MetricColumn GramDistInf = new("gram_dist_inf", "‖H(k) − H∞‖₂", "Du et al. ICLR 2019, Remark 3.1");
    public static readonly MetricColumn KernelResidual = new("kernel_residual", "‖(I − ηK)^k (u(0) − y)‖, the infinite-width residual", "Arora et al. ICML 2019, Thm 4.1");
    public static readonly MetricColumn ResidualGap = new("residual_gap", "‖(u(k) − y) − (I − ηK)^k (u(0) − y)‖", "Arora et al. ICML 2019, Thm 4.1");
    public static readonly MetricColumn LabelPrediction = new("label_prediction", "‖(I − ηH∞)^k y‖ = √(Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)²), the prediction from u(0) ≈ 0 (with --init-scale κ ≠ 1)", "Arora et al. ICML 2019, Thm 4.1");
    public static readonly MetricColumn LambdaMinGH = new("lambda_min_GH", "λ_min(G^(H)(k))", "Du et al. ICML 2019, Lemma 5.x/6.x");
    public static readonly MetricColumn GhDrift = new("gh_drift", "‖G^(H)(k) − G^(H)(0)‖₂", "Du et al. ICML 2019");
    public static readonly MetricColumn NtkDrift = new("ntk_drift", "‖Θ(k) − Θ(0)‖₂, Θ = Σ_h G^(h)", "Arora et al. NeurIPS 2019, §3");
    public static readonly MetricColumn LambdaMinFeatures = new("lambda_min_features", "λ_min(X_H X_Hᵀ): positive iff the last hidden layer's features have rank n", "Kawaguchi & Huang 2019");
    public static readonly MetricColumn DistA = new("dist_a", "‖a(k) − a(0)‖", "Du et al. ICML 2019");
    public static readonly MetricColumn TestMse = new("test_mse", "(1/N) Σ (f(x) − y)² on N held-out points", "Arora et al. ICML 2019, §5; Kawaguchi & Huang 2019");
    public static readonly MetricColumn TrainAccuracy = new("train_accuracy", "(1/n) Σ 1{sign f(x_i) = y_i} on the training set (±1 labels)", "Kawaguchi & Huang 2019");
    public static readonly MetricColumn TestAccuracy = new("test_accuracy", "(1/N) Σ 1{sign f(x) = y} on the held-out set (±1 labels)", "Kawaguchi & Huang 2019; Zhang et al. 2017");
    public static readonly MetricColumn TestKernelGap = new("test_kernel_gap",
        "‖f_k(X*) − f_k^lin(X*)‖ / ‖f_k^lin(X*) − f_0(X*)‖, f_k^lin = f_0 + K(X*, X)K⁻¹(I − (I − ηK)^k)(y − u(0)) with the infinite-width K: this network against its kernel on held-out points",
        "Arora et al. ICML 2019, Thm 4.1; Lee et al. NeurIPS 2019, linearized networks");
    public static readonly MetricColumn TestKernelAccuracy = new("test_kernel_accuracy", "held-out accuracy of f_k^lin, this network's kernel prediction", "Lee et al. NeurIPS 2019");

    /// <summary>‖W^(h)(k) − W^(h)(0)‖_F of hidden layer h (1-based).</summary>
    public static MetricColumn DistW(int h) => new($"dist_W{h}", $"‖W^({h})(k) − W^({h})(0)‖_F", "Du et al. ICML 2019");

    /// <summary>Every fixed column, in the order a run writes them (the per-layer <see cref="DistW"/> columns come after <see cref="DistA"/>).</summary>
    public static readonly IReadOnlyList<MetricColumn> All =
    [
        Step, Loss, Envelope, MaxDist, RPrime, PatternChange, WeightDistFro, MaxOutputDist,
        LambdaMinH, GramDrift, GramDistInf, KernelResidual, ResidualGap, LabelPrediction, LambdaMinGH, GhDrift,
        NtkDrift, LambdaMinFeatures, DistA, TestMse, TrainAccuracy, TestAccuracy, TestKernelGap, TestKernelAccuracy,
    ];

    /// <summary>The pattern of the per-layer columns <see cref="DistW"/>: dist_W1, dist_W2, ….</summary>
    public const string DistWPattern = "^dist_W[1-9][0-9]*$";

    private static readonly HashSet<string> Fixed = [.. All.Select(c => c.Name)];

    /// <summary>Whether <paramref name="name"/> is a column some run records (dist_Wh for any h ≥ 1 included).</summary>
    public static bool IsKnown(string name) =>
        Fixed.Contains(name) || (name.StartsWith("dist_W", StringComparison.Ordinal) && int.TryParse(name.AsSpan(6), out int h) && h >= 1);
}
