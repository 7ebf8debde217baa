using System.ComponentModel;
using System.Text.Json.Serialization;

namespace OverParam.Experiments;

/// <summary>
/// summary.json of <c>overparam gram</c>: the data, the kernel, the spectrum of its Gram matrix, the inputs' geometry,
/// the theorem's hypotheses on the data and the timings. Serialized by <see cref="Json.Write{T}(T)"/>; built by
/// <see cref="GramJob.Summary"/>.
/// </summary>
[Description("summary.json of overparam gram: the infinite-width Gram matrix's spectrum, the data's geometry and the theorem's hypotheses on the data.")]
public sealed record GramSummary(
    [property: Description("n, the number of inputs.")] int N,
    [property: Description("d, the input dimension.")] int D,
    [property: Description("The kernel's name (--kernel): du2019 is H∞ of Du et al. ICLR 2019, Eq. 6 (arXiv 1810.02054).")] string Kernel,
    [property: Description("The kernel's formula.")] string Formula,
    [property: Description("H, the number of hidden layers of a deep kernel (Du et al. ICML 2019, arXiv 1811.03804); null for a two-layer kernel.")] int? Depth,
    [property: Description("σ of a deep kernel; null for a two-layer kernel.")] string? Activation,
    [property: Description("c_res of a ResNet kernel (Du et al. ICML 2019, Def. 6.1); null otherwise.")] double? CRes,
    [property: Description("d0, input channels of the convolutional ResNet kernel (Def. 7.1); null otherwise.")] int? Channels,
    [property: Description("q, positions per patch of the convolutional ResNet kernel; null otherwise.")] int? Patch,
    [property: Description("The data and labels, in words (source, n, d, seed).")] string Data,
    [property: Description("Whether every input was projected onto the unit sphere (the papers assume ‖x_i‖ = 1).")] bool Normalized,
    [property: Description("D of the Gaussian random projection (--project); 0: none.")] int Project,
    [property: Description("The seed of the synthetic data and labels.")] long Seed,
    [property: Description("Which part of the spectrum was computed: all, min or none.")] string Eig,
    [property: Description("λ0 = λ_min(H∞), Du et al. ICLR 2019, Assumption 3.1; null with --eig none.")] double? LambdaMin,
    [property: Description("λ_max of the Gram matrix.")] double? LambdaMax,
    [property: Description("λ_max/λ_min; null when numerically singular.")] double? ConditionNumber,
    [property: Description("Whether λ_min ≤ singular_threshold.")] bool? NumericallySingular,
    [property: Description("n ε |λ_max|: eigenvalues below it cannot be told from 0.")] double? SingularThreshold,
    [property: Description("How λ_min was computed: dsyevd (all eigenvalues), or Cholesky and block Lanczos on H⁻¹ (--eig min).")] string? LambdaMinMethod,
    [property: Description("‖Hv − λv‖ of the computed eigenpair (--eig min).")] double? LambdaMinResidual,
    [property: Description("A bound on |λ_min − computed| (--eig min).")] double? LambdaMinErrorBound,
    [property: Description("What kind of bound lambda_min_error_bound is.")] string? LambdaMinBoundKind,
    [property: Description("σ with λ_min > σ proved by a Cholesky factorization of H − σI (--certify).")] double? LambdaMinCertifiedLowerBound,
    [property: Description("The Lanczos estimate of the second-smallest eigenvalue (--eig min).")]
    [property: JsonPropertyName("lambda_2_estimate")] double? Lambda2Estimate,
    [property: Description("Seconds of the --eig min eigensolver.")] double? EigenSeconds,
    [property: Description("The smallest angle between two inputs, degrees.")] double? MinAngleDegrees,
    [property: Description("The smallest angle to parallel or anti-parallel, degrees (Du et al. ICLR 2019, Thm 3.1: no two inputs parallel).")] double? MinLineAngleDegrees,
    [property: Description("The pair of input indices attaining min_line_angle_degrees; null for fewer than two inputs.")] IReadOnlyList<int>? ClosestPair,
    [property: Description("How many pairs of inputs are parallel or anti-parallel.")] long ParallelPairs,
    [property: Description("√(2yᵀ(H∞)⁻¹y/n), Arora et al. ICML 2019 (arXiv 1901.08584), Thm 5.1; null without labels.")] double? LabelComplexity,
    [property: Description("The generalization bound of Arora et al. ICML 2019, Thm 5.1, from label_complexity.")] double? GeneralizationBound,
    [property: Description("How label_complexity was computed, or why not.")] string? LabelComplexityNote,
    [property: Description("The theorem's hypotheses on the data (width and step excepted), by name.")] IReadOnlyDictionary<string, CheckEntry> Checks,
    [property: Description("The files written into the output folder besides summary.json.")] IReadOnlyList<string> Files,
    [property: Description("Wall-clock seconds of the job.")] double WallSeconds,
    [property: Description("Which tool and linear algebra wrote the file, and when.")] Provenance Provenance,
    [property: Description("The tiled path (--tiled): tile side, the tiles' bytes and the estimate; absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TileLayout? Tiles,
    [property: Description("--distributed: the ScaLAPACK engine, ranks, process grid, block and rank 0's shares and seconds (docs/distributed.md); absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] System.Text.Json.Nodes.JsonObject? Distributed,
    [property: Description("Seconds of each phase (forming, writing_gram, eigen, …: {phase}_seconds), eigensolver rates (gflops) and total_seconds; null where not measured; absent with --distributed.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double?>? Timings);
