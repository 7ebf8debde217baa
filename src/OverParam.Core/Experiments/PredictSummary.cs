using System.ComponentModel;
using System.Text.Json.Serialization;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of <c>overparam predict</c>: the infinite-width kernel's predictions on held-out points after K steps and
/// as k → ∞, their errors, and how they were solved. Serialized by <see cref="Json.Write{T}(T)"/>.
/// </summary>
[Description("summary.json of overparam predict: the kernel regression f_k(X*) = K(X*, X)K⁻¹(I − (I − ηK)^k)y on held-out points (Arora et al. ICML 2019, arXiv 1901.08584, Thm 4.1; Lee et al. NeurIPS 2019), its errors after K steps and as k → ∞.")]
public sealed record PredictSummary(
    [property: Description("The kernel's name (--kernel), as gram takes it.")] string Kernel,
    [property: Description("The prediction's formula.")] string Formula,
    [property: Description("The training data and labels, in words.")] string Data,
    [property: Description("The held-out data and labels, in words.")] string TestData,
    [property: Description("n, the number of training points.")] int N,
    [property: Description("t, the number of held-out points.")] int TestN,
    [property: Description("d, the input dimension.")] int D,
    [property: Description("Outputs per point: 1, or the classes of one-hot targets.")] int Outputs,
    [property: Description("η, the step of the finite-time prediction; null with --steps inf.")] double? Lr,
    [property: Description("Whether η was chosen by the tool (--lr auto).")] bool LrAuto,
    [property: Description("K, the steps of the finite-time prediction; null with --steps inf.")] long? Steps,
    [property: Description("λ_min(K) of the training kernel; null on the tiled path.")] double? LambdaMin,
    [property: Description("λ_max(K); null on the tiled path.")] double? LambdaMax,
    [property: Description("(1/t) Σ ‖f_K(x*) − y*‖², after K steps; null with --steps inf.")] double? TestMse,
    [property: Description("Held-out accuracy after K steps (sign for ±1 labels, argmax for one-hot); null for regression targets.")] double? TestAccuracy,
    [property: Description("(1/t) Σ ‖f_∞(x*) − y*‖² of the k → ∞ prediction.")] double? TestMseInf,
    [property: Description("Held-out accuracy of the k → ∞ prediction; null for regression targets.")] double? TestAccuracyInf,
    [property: Description("How the predictions were computed.")] PredictSolver Solver,
    [property: Description("√(2yᵀK⁻¹y/n), Arora et al. ICML 2019, Thm 5.1; null for several outputs or a singular K.")] double? LabelComplexity,
    [property: Description("The generalization bound of Arora et al. ICML 2019, Thm 5.1, from label_complexity.")] double? GeneralizationBound,
    [property: Description("The files written into the output folder.")] IReadOnlyList<string> Files,
    [property: Description("Wall-clock seconds of the job.")] double WallSeconds,
    [property: Description("Which tool and linear algebra wrote the file, and when.")] Provenance Provenance,
    [property: Description("The tiled path's seconds per phase; absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PredictTimings? Timings,
    [property: Description("The tiled path (--tiled, or n + t past one array): tile side and memory; absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TileLayout? Tiles);

/// <summary>How predict solved for its predictions.</summary>
[Description("How the finite-time and the k → ∞ predictions were solved, and the latter's residual.")]
public sealed record PredictSolver(
    [property: Description("The finite-time solver, or why there is none.")] string FiniteSteps,
    [property: Description("The k → ∞ solver: cholesky, an eigendecomposition fallback, or tiled cholesky.")] string Infinite,
    [property: Description("‖K c − y‖_F / ‖y‖_F of the k → ∞ solve.")] double? Residual,
    [property: Description("What residual measures, in words.")] string ResidualMeaning);

/// <summary>The tiled predict's phases.</summary>
[Description("Seconds of the tiled path's phases.")]
public sealed record PredictTimings(
    [property: Description("Forming K in tiles and its Cholesky factorization.")] double FormAndFactorSeconds,
    [property: Description("The triangular solves.")] double SolveSeconds,
    [property: Description("Forming K(X*, X) by blocks and predicting.")] double PredictSeconds,
    [property: Description("The residual ‖K c − y‖.")] double ResidualSeconds);
