using System.Globalization;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>What <c>overparam check</c> is asked: a model on a data set, with the step and δ to judge.</summary>
/// <param name="Data">The data.</param>
/// <param name="Model">The model; width 0 when none was given (then the width hypothesis is not judged).</param>
/// <param name="Eta">η to compare with the required step, or null.</param>
/// <param name="Delta">δ of the width requirement.</param>
/// <param name="LabelBound">C of |y_i| ≤ C, or null.</param>
/// <param name="Eig">How λ0 is computed: every eigenvalue, or the smallest alone.</param>
/// <param name="Tiled">With <see cref="EigenMode.Min"/> (two-layer): the kernel formed and factored in tiles.</param>
public sealed record CheckSpec(DataSpec Data, ModelSpec Model, double? Eta, double Delta, double? LabelBound,
    EigenMode Eig = EigenMode.All, bool Tiled = false);

/// <summary>What <c>overparam check</c> found for one model kind: the theorem's hypotheses and bounds, before training.</summary>
/// <param name="Data">The data.</param>
/// <param name="Hypotheses">Data (and activation) hypotheses, and width and step where given.</param>
public abstract record ModelCheck(Dataset Data, IReadOnlyList<Hypothesis> Hypotheses)
{
    /// <summary>Whether every hypothesis holds (an unmeasured one does not fail).</summary>
    public bool Passed => Hypotheses.All(h => h.NotFailed);

    /// <summary>The theorem's λ and required width on this data (what <c>threshold</c> reports next to m*).</summary>
    public abstract WidthRequirement Requirement { get; }

    /// <summary>The report <c>check</c> prints: the bounds, then the hypotheses.</summary>
    public IEnumerable<string> Lines() =>
        [.. Header(), "  hypotheses:", .. Hypotheses.Select(h => $"    [{h.Mark}] {h.Name}: {h.Detail}")];

    /// <summary>The report's lines before the hypotheses: the model, the data, λ and the theorem's bounds.</summary>
    protected abstract IEnumerable<string> Header();

    /// <summary>A number as the report writes it (4 significant digits).</summary>
    protected static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>Evaluates a model's theorem (its kind's <see cref="ModelKind.Check"/>) on a data set without training.</summary>
public static class CheckJob
{
    /// <summary>Runs the check. <paramref name="note"/> hears the memory estimate of a tiled check, and
    /// <paramref name="progress"/> of its parts.</summary>
    public static ModelCheck Run(CheckSpec spec, ILinearAlgebra la, int maxParallelism, Action<string>? note = null,
        IProgress<ProgressUpdate>? progress = null) => spec.Model.Kind.Check(spec, la, maxParallelism, note, progress);
}
