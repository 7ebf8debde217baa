using System.ComponentModel;
using System.Text.Json.Nodes;
using OverParam.Sweeps;

namespace OverParam.Thresholds;

/// <summary>
/// threshold.json, a threshold search's options (<see cref="ThresholdSpec"/>): the sizes, the seeds, how success and the
/// threshold m*(n) are defined, and the settings of every run. The report shows it under Options.
/// </summary>
[Description("threshold.json: the options of a threshold search for the smallest width m*(n) at which GD succeeds for most seeds; running the search again with the same options resumes it.")]
public sealed record ThresholdSpecFile(
    [property: Description("The search's name (--name; the report's title).")] string Name,
    [property: Description("The sizes n, ascending (--n).")] IReadOnlyList<int> N,
    [property: Description("S: initialization seeds 0 … S−1 at every (n, m) (--seeds).")] int Seeds,
    [property: Description("What counts as success: loss (L(k) ≤ ε·L(0)), accuracy (100% training accuracy) or optimum (the output layer alone: the least-squares optimum L* ≤ ε·L(0)).")] SuccessCriterion Criterion,
    [property: Description("ε of the loss and optimum criteria (--tol).")] double Tol,
    [property: Description("q: m* is the smallest width at which at least this fraction of the seeds succeed (--success).")] double Success,
    [property: Description("The bisection stops when (m* − m_below)/m* ≤ this (--resolution).")] double Resolution,
    [property: Description("The first width tried at every n (--start-width).")] int StartWidth,
    [property: Description("The search gives up above this width (--max-width).")] int MaxWidth,
    [property: Description("The step cap: an undecided run is rerun with 4× the steps up to this (--max-steps; --steps when not given).")] int MaxSteps,
    [property: Description("The settings of every run by sweep key, n, width and seed excepted (the search's own).")] IReadOnlyDictionary<string, JsonValue> Settings)
{
    /// <summary>The file of search <paramref name="s"/>.</summary>
    public static ThresholdSpecFile Of(ThresholdSpec s) => new(s.Name, s.Ns, s.Seeds, s.Criterion, s.Tolerance, s.Success, s.Resolution,
        s.StartWidth, s.MaxWidth, s.StepCap, SettingsJson.Values(SettingKeys.Listed(s.Base.Where(p => !ThresholdSpec.SearchKeys.Contains(p.Key)))));
}
