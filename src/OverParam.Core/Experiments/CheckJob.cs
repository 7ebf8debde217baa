using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>What <c>overparam check</c> found: the hypotheses and bounds of Theorem 4.1 on a data set, before training.</summary>
/// <param name="Data">The data.</param>
/// <param name="Model">The network variant (width 0 when none was given).</param>
/// <param name="Bounds">Bounds with ‖y − u(0)‖ replaced by its expectation √(‖y‖² + Σ‖x_i‖²/2).</param>
/// <param name="Hypotheses">Data hypotheses, and width and step when given.</param>
/// <param name="LabelComplexity">yᵀ(H∞)⁻¹y and √(2yᵀ(H∞)⁻¹y/n) (Arora et al. ICML 2019), whenever labels are given.</param>
/// <param name="Arora">From a small initialization (κ ≠ 1, first layer trained, no biases): Arora et al.'s Theorem 4.1,
/// whose width and step hypotheses replace Du et al.'s; null otherwise.</param>
public sealed record CheckResult(Dataset Data, TwoLayerSpec Model, Theorem41 Bounds, IReadOnlyList<Hypothesis> Hypotheses,
    LabelComplexityResult? LabelComplexity = null, AroraTheorem41? Arora = null)
{
    /// <summary>The theorem checked.</summary>
    public string Theorem => Arora == null ? Theorem41.Source : AroraTheorem41.Source;
}

/// <summary>Evaluates a theorem's hypotheses and bounds on a data set without training.</summary>
public static class CheckJob
{
    /// <summary>Runs the check. Width and step are compared with the requirements when given.</summary>
    /// <remarks><paramref name="eig"/> = <see cref="EigenMode.Min"/> computes λ0 without the full spectrum (gram --eig min),
    /// in tiles (<see cref="TiledSmallestEigenpair"/>) when <paramref name="tiled"/> or when n exceeds one array's limit;
    /// <paramref name="progress"/> then hears of its parts, with the time left in each.</remarks>
    public static CheckResult Run(DataSpec dataSpec, TwoLayerSpec model, double? eta, double delta, double? labelBound,
        ILinearAlgebra la, int maxParallelism, EigenMode eig = EigenMode.All, bool tiled = false, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null)
    {
        if (!(delta is > 0 and < 1)) throw new InputException($"--delta must be in (0, 1), got {delta}");
        if (tiled && eig != EigenMode.Min) throw new InputException("--tiled needs --eig min");
        model.Validate();
        var data = dataSpec.Load();
        var (spectrum, geometry, complexity) = eig == EigenMode.Min && (tiled || data.N > MemoryBudget.MaxSquareSide)
            ? Tiled(data, model, la, maxParallelism, note, progress) : InMemory(data, model, la, maxParallelism, eig);
        var hyps = DataHypotheses.Evaluate(data, model.Lambda0Kernel, geometry, spectrum, labelBound).ToList();
        double sumSq = model.InitScale * model.InitScale * (data.X.Sum(v => v * v) + (model.Bias ? data.N : 0)); // Σ E[u_i(0)²]·2
        double residual = data.Y == null ? double.NaN : Theorem41.ExpectedInitialResidual(data.Y, sumSq);
        var bounds = new Theorem41(data.N, model.Width, spectrum.LambdaMin, eta ?? double.NaN, delta, residual);
        var arora = AroraTheorem41.AppliesTo(model) ? new AroraTheorem41(data.N, model.Width, spectrum.LambdaMin, eta ?? double.NaN, delta, model.InitScale) : null;
        if (arora != null) hyps.AddRange(arora.Hypotheses().Where(h => h.Name != "width" || model.Width > 0));
        else if (bounds.Defined)
        {
            var ws = TrainingCertificate.WidthAndStep(bounds);
            if (model.Width > 0) hyps.Add(ws[0]);
            if (eta != null) hyps.Add(ws[1]);
        }
        return new CheckResult(data, model, bounds, hyps, LabelComplexity.Qualify(complexity, spectrum), arora);
    }

    /// <summary>H∞ as one n×n array: its spectrum, geometry and, with labels, the label complexity (on a copy).</summary>
    private static (Spectrum, PairGeometry, LabelComplexityResult?) InMemory(Dataset data, TwoLayerSpec model, ILinearAlgebra la, int maxParallelism, EigenMode eig)
    {
        MemoryBudget.Require(MemoryBudget.Squares($"check on n = {data.N}", data.N, data.Y == null ? 2 : 3), data.N);
        var gram = KernelKinds.Of(model.Lambda0Kernel).Gram(data, null, la, maxParallelism);
        var complexity = data.Y == null ? null : LabelComplexity.Compute(gram.Values, data.N, data.Y, la); // before the eigensolver overwrites H
        return (eig.Eigenvalues(gram.Values, data.N, la), gram.Geometry, complexity);
    }

    /// <summary>H∞ in tiles, formed from the data (no n×n array): λ_min, λ_max, the geometry and the label complexity.</summary>
    private static (Spectrum, PairGeometry, LabelComplexityResult?) Tiled(Dataset data, TwoLayerSpec model, ILinearAlgebra la, int maxParallelism, Action<string>? note,
        IProgress<ProgressUpdate>? progress)
    {
        var memory = GramJob.TiledEstimate($"check --eig min in tiles on n = {data.N}", data, TiledSmallestEigenpair.DefaultTile);
        MemoryBudget.Require(memory, null);
        note?.Invoke(memory.ToString());
        var found = TiledSmallestEigenpair.Compute(KernelKinds.Of(model.Lambda0Kernel).Block(data, null), data.N, data.Y, TiledSmallestEigenpair.DefaultTile,
            la, maxParallelism, note: note, progress: progress);
        return (Spectrum.Extremes(data.N, found.Smallest.Value, found.Smallest.LambdaMax), found.Geometry, found.LabelComplexity);
    }
}
