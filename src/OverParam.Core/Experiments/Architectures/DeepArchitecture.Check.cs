using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>How a deep architecture is checked before training: Theorem 5.1 / 6.1 / 7.1 of Du et al. (ICML 2019) on the data.</summary>
public abstract partial class DeepArchitecture
{
    /// <inheritdoc/>
    /// <remarks>
    /// Computes K^(H) and the NTK, then the theorem's hypotheses and bounds. The width (0: not given) is
    /// compared with the required width; for the convolutional ResNet it also gives the empirical kernel's λ_min at that width.
    /// --eig min (<see cref="EigenMode.Min"/>) computes λ_min(K^(H)) and λ_max(NTK) without the full spectra.</remarks>
    public override ModelCheck Check(CheckSpec check, ILinearAlgebra la, int maxParallelism, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null)
    {
        if (check.Tiled) throw new InputException("--tiled is for the two-layer check; gram --eig min --tiled gives a deep kernel's λ_min in tiles");
        var (spec, width, eta, delta, labelBound, eig) = (Shape(check.Model), check.Model.Width > 0 ? check.Model.Width : (int?)null, check.Eta,
            check.Delta, check.LabelBound, check.Eig);
        spec.Validate();
        if (!(delta is > 0 and < 1)) throw new InputException($"--delta must be in (0, 1), got {delta}");
        if (eta is { } e && !(e > 0 && double.IsFinite(e))) throw new InputException($"--lr must be a finite number > 0, got {e}");
        if (width is < 1) throw new InputException($"--width must be at least 1, got {width}");
        var data = check.Data.Load();
        // The kernels and the copy of K^(H) the eigensolver destroys.
        MemoryBudget.Require(MemoryBudget.Squares($"check {spec.Name} on n = {data.N}", data.N, KernelMatrices(spec) + 1), data.N);
        Validate(spec, data.D);
        var kernels = Kernels(data, spec, la, maxParallelism);
        int n = data.N;
        var spectrum = eig.Eigenvalues((double[])kernels.KH.Clone(), n, la);
        var geometry = InputGeometry.Of(data, la, maxParallelism);
        double lambdaMax = eig == EigenMode.Min ? SmallestEigenpair.LargestEigenvalue(kernels.Ntk, n, la) : Spectrum.Largest(la, kernels.Ntk, n);
        var theorem = new DeepTheorem(Theorem, n, width ?? 0, spec.Depth, spectrum.LambdaMin, eta ?? double.NaN, delta, Positions(spec, data.D));
        var hypotheses = theorem.Hypotheses(data, geometry, spectrum, spec.Sigma, labelBound)
            .Where(h => (h.Name != "width" || width != null) && (h.Name != "step_size" || eta != null))
            .ToList();
        double? empirical = width is { } m ? EmpiricalLambda<double>(data, spec, m, la) : null;
        return new DeepCheck(data, spec, theorem, lambdaMax, KernelNote, hypotheses, empirical);
    }
}

/// <summary>What <c>overparam check --model fc|resnet|conv-resnet</c> found, before any training.</summary>
/// <param name="Data">The data.</param>
/// <param name="Spec">The architecture.</param>
/// <param name="Theorem">Theorem 5.1, 6.1 or 7.1 on this data: λ = λ_min(K^(H)); width 0 and η NaN where not given.</param>
/// <param name="LambdaMaxNtk">λ_max of the full NTK; <c>train</c>'s automatic step is 1/λ_max.</param>
/// <param name="KernelNote">How K^(H) was obtained.</param>
/// <param name="Hypotheses">Data and activation hypotheses, and width and step where given.</param>
/// <param name="EmpiricalLambda">The convolutional ResNet's empirical λ_min(K^(H)) at the given width, a measurement next to
/// the infinite-width λ (null for other models or without --width).</param>
public sealed record DeepCheck(Dataset Data, DeepSpec Spec, DeepTheorem Theorem, double LambdaMaxNtk, string KernelNote,
    IReadOnlyList<Hypothesis> Hypotheses, double? EmpiricalLambda = null) : ModelCheck(Data, Hypotheses)
{
    /// <summary>The step <c>train</c> would take by default, 1/λ_max(NTK).</summary>
    public double AutoStep => 1 / LambdaMaxNtk;

    /// <inheritdoc/>
    public override WidthRequirement Requirement =>
        new(Theorem.Lambda, Theorem.Source, Theorem.WidthFormula, Theorem.Defined ? Theorem.RequiredWidth : double.NaN, Data.D);

    /// <inheritdoc/>
    protected override IEnumerable<string> Header()
    {
        var t = Theorem;
        yield return $"check {Spec.Name} H = {t.Depth}, σ = {Spec.Sigma.Name} ({t.Source}): {Data.Source}; n = {Data.N}, d = {Data.D}";
        yield return $"  λ_min(K^(H)) = {F(t.Lambda)}   ({KernelNote})";
        if (EmpiricalLambda is { } e)
            yield return $"  empirical λ_min(K^(H)) at m = {t.Width}: {F(e)}   (mean G^(H)(0) over {ConvResNetArchitecture.EmpiricalKernelSeeds} initializations; a measurement, not the theorem's λ)";
        yield return $"  λ_max(NTK) = {F(LambdaMaxNtk)}; train's automatic step 1/λ_max = {F(AutoStep)}";
        if (t.Defined)
        {
            yield return $"  required width  {t.WidthFormula} = {F(t.RequiredWidth)}   (δ = {F(t.Delta)}; {t.Constants})";
            yield return $"  required step   {t.StepFormula} = {F(t.RequiredStep)}";
            double eta = double.IsNaN(t.Eta) ? t.RequiredStep : t.Eta;
            yield return $"  rate            L(k) ≤ (1 − ηλ/2)^k L(0); at η = {F(eta)}{(double.IsNaN(t.Eta) ? " (the required step)" : "")}: 1 − ηλ/2 = 1 − {F(eta * t.Lambda / 2)}";
        }
    }
}
