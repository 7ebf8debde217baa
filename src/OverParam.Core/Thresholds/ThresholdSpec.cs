using System.Globalization;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Thresholds;

/// <summary>What counts as a run that succeeded.</summary>
public enum SuccessCriterion
{
    /// <summary>L(k) ≤ ε · L(0) within K steps (the run stops there: train's --rel-tol ε).</summary>
    Loss,
    /// <summary>100% training accuracy at some recorded step within K steps (natural data with its own labels: sign for two classes, argmax for more).</summary>
    Accuracy,
    /// <summary>
    /// The output layer alone (train_layers last): the exact optimum GD converges to, the least-squares loss L* on the
    /// features at initialization, is ≤ ε · L(0). Whether a size can fit the labels at all, whatever the step count;
    /// how fast GD gets there is set by the features' condition number, not by the size.
    /// </summary>
    Optimum,
}

/// <summary>
/// A threshold search: the base settings of every run (any key of <see cref="SettingKeys.All"/>; n, width and seed are
/// the search's), the sizes n, the seeds, and how success and the threshold are defined. The measured
/// over-parameterization threshold m*(n) is the smallest width at which at least a fraction <paramref name="Success"/> of
/// the seeds succeed (<see cref="WidthSearch"/>).
/// </summary>
/// <param name="Name">The search's name (sweep.json, report title).</param>
/// <param name="Base">Canonical settings of every run, as a sweep's base.</param>
/// <param name="Ns">The sizes n, ascending, each ≥ 1.</param>
/// <param name="Seeds">S, initialization seeds 0 … S−1 at every (n, m).</param>
/// <param name="Tolerance">ε of the loss criterion, in (0, 1).</param>
/// <param name="Criterion">Loss or accuracy.</param>
/// <param name="Success">q ∈ (0, 1]: the fraction of seeds that must succeed.</param>
/// <param name="Resolution">The bisection stops when (m* − m_below)/m* ≤ this (or they differ by 1).</param>
/// <param name="StartWidth">The first width tried at every n.</param>
/// <param name="MaxWidth">The search gives up above this width ("not found").</param>
/// <param name="MaxSteps">The step cap (--max-steps): a run undecided under the loss criterion (<see cref="LossTrend"/>) is
/// rerun with 4× the steps up to this (<see cref="StepBudgets"/>). Null: the base steps, so no run is rerun.</param>
public sealed record ThresholdSpec(string Name, IReadOnlyDictionary<string, string> Base, IReadOnlyList<int> Ns, int Seeds, double Tolerance,
    SuccessCriterion Criterion, double Success, double Resolution, int StartWidth, int MaxWidth, int? MaxSteps = null)
{
    /// <summary>The default fraction of seeds that must succeed.</summary>
    public const double DefaultSuccess = 0.8;

    /// <summary>The default relative resolution of m*.</summary>
    public const double DefaultResolution = 0.05;

    /// <summary>
    /// The most runs one round may queue (seeds × sizes): a cap against a mistyped --seeds, which would otherwise write a
    /// trial list of hundreds of megabytes before the first run ends. 10,000 is 100 seeds at 100 sizes.
    /// </summary>
    public const int MaxRunsPerRound = 10_000;

    /// <summary>The axes of the search's trials, as sweep.json lists them.</summary>
    public static readonly IReadOnlyList<string> Axes = ["n", "width", "seed"];

    /// <summary>Keys the search sets itself, per run.</summary>
    public static readonly IReadOnlyList<string> SearchKeys = ["n", "width", "seed", "rel_tol", "tol"];

    /// <summary>
    /// Settings a search does not take: initial weights from files, whose shapes fix the width the search varies. Every
    /// other setting is an option of <c>overparam threshold</c>, as of <c>train</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> WidthShapedKeys = ["init_w", "init_a", "init_b", "init_from"];

    /// <summary>K, the base step budget of every run: the base settings' steps.</summary>
    public int BaseSteps => int.Parse(Base.TryGetValue("steps", out var k) ? k : SettingKeys.Find("steps")!.Default, CultureInfo.InvariantCulture);

    /// <summary>The step cap: <see cref="MaxSteps"/>, or the base steps when none is given.</summary>
    public int StepCap => MaxSteps ?? BaseSteps;

    /// <summary>Whether undecided runs may be rerun with more steps (the cap is above the base steps).</summary>
    public bool Extends => StepCap > BaseSteps;

    /// <summary>Checks every value; throws <see cref="InputException"/> naming the option.</summary>
    public ThresholdSpec Validate()
    {
        if (Ns.Count == 0) throw new InputException("--n: give at least one size, e.g. 25,50,100,200");
        if (Ns.Any(n => n < 1)) throw new InputException($"--n: sizes must be ≥ 1, got {string.Join(",", Ns)}");
        if (Ns.Distinct().Count() != Ns.Count) throw new InputException($"--n: a size is given twice ({string.Join(",", Ns)})");
        if (Seeds < 1) throw new InputException($"--seeds must be at least 1, got {Seeds}");
        if ((long)Seeds * Ns.Count > MaxRunsPerRound)
            throw new InputException($"--seeds {Seeds} × {Ns.Count} size(s) = {(long)Seeds * Ns.Count} runs a round, more than the {MaxRunsPerRound} a search takes; use fewer seeds or sizes");
        if (!(Tolerance is > 0 and < 1)) throw new InputException($"--tol must be in (0, 1) (success: L(k) ≤ ε·L(0)), got {Tolerance}");
        if (!(Success is > 0 and <= 1)) throw new InputException($"--success must be in (0, 1], got {Success}");
        if (!(Resolution is > 0 and < 1)) throw new InputException($"--resolution must be in (0, 1), got {Resolution}");
        if (StartWidth < 1) throw new InputException($"--start-width must be at least 1, got {StartWidth}");
        if (MaxWidth < StartWidth) throw new InputException($"--max-width ({MaxWidth}) must be at least --start-width ({StartWidth})");
        if (MaxSteps is { } cap && cap < BaseSteps) throw new InputException($"--max-steps ({cap}) must be at least --steps ({BaseSteps})");
        if (Extends && Criterion != SuccessCriterion.Loss)
            throw new InputException($"--max-steps reruns runs still falling under --criterion loss; --criterion {Criterion.ToString().ToLowerInvariant()} has no undecided runs");
        var bad = Base.Keys.FirstOrDefault(k => SettingKeys.Find(k) == null);
        if (bad != null) throw new InputException($"'{bad}': not a setting");
        var shaped = WidthShapedKeys.FirstOrDefault(k => Base.TryGetValue(k, out var v) && !SettingKeys.Get(k).IsDefault(v));
        if (shaped != null) throw new InputException($"{shaped}: initial weights from files fix the width, which a threshold search varies");
        foreach (var n in Ns) // every run's settings go together (natural data options, model options …), before any work
        {
            var spec = TrainSettings.ToTrainSpec(Settings(n, StartWidth, 0));
            if (Criterion == SuccessCriterion.Accuracy && !spec.Classifies)
                throw new InputException("--criterion accuracy needs natural data with its own labels (--data mnist:DIR|fashion-mnist|cifar10:DIR)");
            if (Criterion == SuccessCriterion.Optimum && spec.TrainLayers != Training.TrainedLayers.Last)
                throw new InputException("--criterion optimum is for --train-layers last (the exact least-squares optimum of the output layer)");
        }
        return this;
    }

    /// <summary>The settings of the run at size n, width m, seed s, with <paramref name="steps"/> steps (null: the base steps).</summary>
    public IReadOnlyDictionary<string, string> Settings(int n, int width, int seed, int? steps = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new Dictionary<string, string>(Base)
        {
            ["n"] = n.ToString(inv),
            ["width"] = width.ToString(inv),
            ["seed"] = seed.ToString(inv),
            ["tol"] = "0",
            ["rel_tol"] = Criterion == SuccessCriterion.Loss ? Tolerance.ToString("R", inv) : "0",
        };
        if (steps is { } k) s["steps"] = k.ToString(inv);
        return s;
    }

    /// <summary>
    /// The trial of (n, m, s) with <paramref name="steps"/> steps (null: the base steps): its id is stable, so a search that
    /// stops resumes where it was. A rerun with more steps has the same axes and another id (steps enters the id's hash).
    /// </summary>
    public Trial Trial(int n, int width, int seed, int? steps = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var settings = Settings(n, width, seed, steps);
        var axes = new Dictionary<string, string> { ["n"] = n.ToString(inv), ["width"] = width.ToString(inv), ["seed"] = seed.ToString(inv) };
        return new Trial(SweepSpec.IdOf(axes, settings), axes, settings);
    }

    /// <summary>Parses a comma-separated list of sizes ("25,50,100"); throws <see cref="InputException"/> naming --n.</summary>
    public static IReadOnlyList<int> ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new List<int>();
        foreach (var p in parts)
            sizes.Add(int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1
                ? n : throw new InputException($"--n: expected sizes ≥ 1 separated by commas, e.g. 25,50,100; got '{p}' in '{text}'"));
        return sizes.Order().ToList();
    }
}
