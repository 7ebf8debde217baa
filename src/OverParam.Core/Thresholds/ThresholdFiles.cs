using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Thresholds;

/// <summary>
/// The search's tables, each written atomically: <c>thresholds.csv</c> (one row per n), <c>runs.csv</c> (one row per
/// run), <c>fit.json</c> (the exponents with their intervals, <see cref="FitFile"/>) and <c>threshold.json</c> (the search's options,
/// <see cref="ThresholdSpecFile"/>).
/// </summary>
public static class ThresholdFiles
{
    /// <summary>
    /// thresholds.csv's columns, in order: numbers only. non_monotone counts the tried widths below m_below that succeeded;
    /// fit.json lists them (non_monotone) and names the theorem whose width required_width evaluates (theorem). m_star …
    /// go by each seed's verdict at the largest budget tried; m_star_base, m_below_base and params_star_base by the
    /// base-budget runs alone (--steps); undecided counts the (width, seed) pairs still undecided at their largest budget,
    /// undecided_base the base-budget runs that were, reruns the runs with more steps than the base.
    /// </summary>
    public static readonly string[] ThresholdColumns =
    [
        "n", "m_star", "params_star", "m_below", "success_at_m_star", "success_at_m_below", "widths_tried", "non_monotone",
        "lambda0", "required_width", "required_params", "m_star_base", "params_star_base", "m_below_base", "undecided", "undecided_base", "reruns",
    ];

    /// <summary>
    /// runs.csv's columns, in order (steps: the run's budget K; verdict: the <see cref="RunVerdict"/> code, 0 failed,
    /// 1 succeeded, 2 undecided, 3 diverged; trial: the run's folder under trials/).
    /// </summary>
    public static readonly string[] RunColumns =
        ["n", "width", "seed", "params", "succeeded", "steps_used", "initial_loss", "final_loss", "diverged", "steps", "verdict", "trial"];

    /// <summary>Writes the four files into <paramref name="dir"/>; <paramref name="backend"/> names the linear algebra in fit.json.</summary>
    public static void Write(ThresholdResult r, string dir, string backend)
    {
        var t = new CsvTable(ThresholdColumns);
        foreach (var s in r.Sizes)
        {
            var th = s.Threshold;
            t.Add([I(s.N), I(th.MStar), I(s.ParamsStar), I(th.MBelow), N(s.SuccessAtStar), N(s.SuccessBelow), I(s.WidthsTried),
                I(th.NonMonotone.Count), N(s.Theory.Lambda0), N(s.Theory.RequiredWidth), N(s.Theory.RequiredParameters),
                I(s.BaseThreshold.MStar), I(s.BaseParamsStar), I(s.BaseThreshold.MBelow), I(s.Undecided), I(s.UndecidedAtBase), I(s.Reruns)]);
        }
        t.Write(Path.Combine(dir, "thresholds.csv"));

        var runs = new CsvTable(RunColumns);
        foreach (var x in r.Runs)
            runs.Add([I(x.N), I(x.Width), I(x.Seed), I(x.Parameters), x.Succeeded ? "1" : "0", I(x.StepsUsed), N(x.InitialLoss), N(x.FinalLoss),
                x.Diverged ? "1" : "0", I(x.Steps), I((int)x.Verdict), CsvTable.Label(x.TrialId)]);
        runs.Write(Path.Combine(dir, "runs.csv"));

        AtomicFile.WriteAllText(Path.Combine(dir, "fit.json"), Json.Write(FitFile.Of(r, backend)));
        AtomicFile.WriteAllText(Path.Combine(dir, "threshold.json"), Json.Write(ThresholdSpecFile.Of(r.Spec)));
    }

    private static string I(long? v) => CsvTable.Integer(v);

    private static string N(double v) => CsvTable.Number(v);
}
