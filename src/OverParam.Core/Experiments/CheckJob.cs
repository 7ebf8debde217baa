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
public sealed record CheckResult(Dataset Data, TwoLayerSpec Model, Theorem41 Bounds, IReadOnlyList<Hypothesis> Hypotheses,
    LabelComplexityResult? LabelComplexity = null);

/// <summary>Evaluates a theorem's hypotheses and bounds on a data set without training.</summary>
public static class CheckJob
{
    /// <summary>Runs the check. Width and step are compared with the requirements when given.</summary>
    /// <remarks><paramref name="eig"/> = <see cref="EigenMode.Min"/> computes λ0 without the full spectrum (gram --eig min).</remarks>
    public static CheckResult Run(DataSpec dataSpec, TwoLayerSpec model, double? eta, double delta, double? labelBound,
        ILinearAlgebra la, int maxParallelism, EigenMode eig = EigenMode.All)
    {
        if (!(delta is > 0 and < 1)) throw new InputException($"--delta must be in (0, 1), got {delta}");
        model.Validate();
        var data = dataSpec.Load();
        // H∞ and its geometry; with labels, the label complexity's Cholesky works on a copy.
        MemoryBudget.Require(MemoryBudget.Squares($"check on n = {data.N}", data.N, data.Y == null ? 2 : 3), data.N);
        var gram = TwoLayerGram.Compute(data, model.Lambda0Kernel, la, maxParallelism);
        var complexity = data.Y == null ? null : LabelComplexity.Compute(gram.Values, data.N, data.Y, la); // before the eigensolver overwrites H
        var spectrum = eig.Eigenvalues(gram.Values, data.N, la);
        var hyps = DataHypotheses.Evaluate(data, model.Lambda0Kernel, gram.Geometry, spectrum, labelBound).ToList();
        double sumSq = model.InitScale * model.InitScale * (data.X.Sum(v => v * v) + (model.Bias ? data.N : 0)); // Σ E[u_i(0)²]·2
        double residual = data.Y == null ? double.NaN : Theorem41.ExpectedInitialResidual(data.Y, sumSq);
        var bounds = new Theorem41(data.N, model.Width, spectrum.LambdaMin, eta ?? double.NaN, delta, residual);
        if (bounds.Defined)
        {
            var ws = TrainingCertificate.WidthAndStep(bounds);
            if (model.Width > 0) hyps.Add(ws[0]);
            if (eta != null) hyps.Add(ws[1]);
        }
        return new CheckResult(data, model, bounds, hyps, LabelComplexity.Qualify(complexity, spectrum));
    }
}
