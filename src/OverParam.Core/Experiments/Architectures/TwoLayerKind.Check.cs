using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>How the two-layer net is checked before training: Theorem 4.1's hypotheses and bounds on the data.</summary>
public sealed partial class TwoLayerKind
{
    /// <inheritdoc/>
    /// <remarks>Theorem 4.1 of Du et al. (ICLR 2019), or Arora et al.'s (ICML 2019) from a small initialization, with
    /// ‖y − u(0)‖ replaced by its expectation. Width and step are compared with the requirements when given.
    /// --eig min (<see cref="EigenMode.Min"/>) computes λ0 without the full spectrum (gram --eig min),
    /// in tiles (<see cref="TiledSmallestEigenpair"/>) when --tiled or when n exceeds one array's limit;
    /// progress then hears of its parts, with the time left in each.</remarks>
    public override ModelCheck Check(CheckSpec spec, ILinearAlgebra la, int maxParallelism, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null)
    {
        var (eig, tiled, eta, delta, labelBound) = (spec.Eig, spec.Tiled, spec.Eta, spec.Delta, spec.LabelBound);
        if (!(delta is > 0 and < 1)) throw new InputException($"--delta must be in (0, 1), got {delta}");
        if (tiled && eig != EigenMode.Min) throw new InputException("--tiled needs --eig min");
        var model = Net(spec.Model).Validate();
        var data = spec.Data.Load();
        var (spectrum, geometry, complexity) = eig == EigenMode.Min && (tiled || data.N > MemoryBudget.MaxSquareSide)
            ? CheckTiled(data, model, la, maxParallelism, note, progress) : CheckInMemory(data, model, la, maxParallelism, eig);
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
        return new TwoLayerCheck(data, model, bounds, hyps, LabelComplexity.Qualify(complexity, spectrum), arora);
    }

    /// <summary>H∞ as one n×n array: its spectrum, geometry and, with labels, the label complexity (on a copy).</summary>
    private static (Spectrum, PairGeometry, LabelComplexityResult?) CheckInMemory(Dataset data, TwoLayerSpec model, ILinearAlgebra la, int maxParallelism, EigenMode eig)
    {
        MemoryBudget.Require(MemoryBudget.Squares($"check on n = {data.N}", data.N, data.Y == null ? 2 : 3), data.N);
        var gram = KernelKinds.Of(model.Lambda0Kernel).Gram(data, null, la, maxParallelism);
        var complexity = data.Y == null ? null : LabelComplexity.Compute(gram.Values, data.N, data.Y, la); // before the eigensolver overwrites H
        return (eig.Eigenvalues(gram.Values, data.N, la), gram.Geometry, complexity);
    }

    /// <summary>H∞ in tiles, formed from the data (no n×n array): λ_min, λ_max, the geometry and the label complexity.</summary>
    private static (Spectrum, PairGeometry, LabelComplexityResult?) CheckTiled(Dataset data, TwoLayerSpec model, ILinearAlgebra la, int maxParallelism, Action<string>? note,
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

/// <summary>What <c>overparam check</c> found for the two-layer net: Theorem 4.1's hypotheses and bounds, before training.</summary>
/// <param name="Data">The data.</param>
/// <param name="Model">The network variant (width 0 when none was given).</param>
/// <param name="Bounds">Bounds with ‖y − u(0)‖ replaced by its expectation √(‖y‖² + Σ‖x_i‖²/2).</param>
/// <param name="Hypotheses">Data hypotheses, and width and step when given.</param>
/// <param name="LabelComplexity">yᵀ(H∞)⁻¹y and √(2yᵀ(H∞)⁻¹y/n) (Arora et al. ICML 2019), whenever labels are given.</param>
/// <param name="Arora">From a small initialization (κ ≠ 1, first layer trained, no biases): Arora et al.'s Theorem 4.1,
/// whose width and step hypotheses replace Du et al.'s; null otherwise.</param>
public sealed record TwoLayerCheck(Dataset Data, TwoLayerSpec Model, Theorem41 Bounds, IReadOnlyList<Hypothesis> Hypotheses,
    LabelComplexityResult? LabelComplexity = null, AroraTheorem41? Arora = null) : ModelCheck(Data, Hypotheses)
{
    /// <summary>The theorem checked.</summary>
    public string Theorem => Arora == null ? Theorem41.Source : AroraTheorem41.Source;

    /// <inheritdoc/>
    /// <remarks>Du et al.'s n⁶/(λ0⁴δ³) whichever theorem is checked.</remarks>
    public override WidthRequirement Requirement =>
        new(Bounds.Lambda0, Theorem41.Source, "n⁶/(λ0⁴δ³)", Bounds.Defined ? Bounds.RequiredWidth : double.NaN, Data.D);

    /// <inheritdoc/>
    protected override IEnumerable<string> Header()
    {
        var b = Bounds;
        yield return $"check {Model.Variant}: {Data.Source}; n = {Data.N}, d = {Data.D}";
        yield return $"  theorem: {Theorem}";
        yield return $"  λ0 = {F(b.Lambda0)}";
        if (Arora is { Defined: true } a)
        {
            yield return $"  κ = {F(a.Kappa)}: the conclusion ‖y − u(k)‖ = √(Σ(1 − ηλ_i)^{{2k}}(v_iᵀy)²) ± ε holds for ε ≥ κ√n/δ = {F(a.Epsilon)}";
            yield return $"  required width  n⁷/(λ0⁴κ²δ⁴ε²) = {F(a.RequiredWidth)}   (δ = {F(a.Delta)}, ε = κ√n/δ, hidden constant 1)";
            yield return $"  required step   λ0/n² = {F(a.RequiredStep)}   (hidden constant 1)";
        }
        else if (b.Defined)
        {
            yield return $"  required width  n⁶/(λ0⁴δ³) = {F(b.RequiredWidth)}   (δ = {F(b.Delta)}, hidden constant 1)";
            yield return $"  required step   λ0/n² = {F(b.RequiredStep)}   (hidden constant 1)";
            yield return $"  rate            L(k) ≤ (1 − ηλ0/2)^k L(0)";
            if (Model.Width > 0 && double.IsFinite(b.InitialResidual))
                yield return $"  R' = 4√n‖y − u(0)‖/(√m λ0) = {F(b.RPrime)} with E‖y − u(0)‖ ≈ {F(b.InitialResidual)}; R = δλ0/n² = {F(b.R)}";
        }
        if (LabelComplexity is { } lc)
            yield return lc.Value is { } v ? $"  yᵀ(H∞)⁻¹y = {F(v)}; √(2yᵀ(H∞)⁻¹y/n) = {F(lc.GeneralizationBound!.Value)}   (Arora et al. ICML 2019, Thm 5.1)"
                : $"  yᵀ(H∞)⁻¹y not determined: {lc.Note}";
    }
}
