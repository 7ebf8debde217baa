using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Thresholds;

/// <summary>
/// The search's tables, each written atomically: <c>thresholds.csv</c> (one row per n), <c>runs.csv</c> (one row per
/// run), <c>fit.json</c> (the exponents with their intervals) and <c>threshold.json</c> (the search's options).
/// </summary>
public static class ThresholdFiles
{
    /// <summary>thresholds.csv's columns, in order.</summary>
    public static readonly string[] ThresholdColumns =
    [
        "n", "m_star", "params_star", "m_below", "success_at_m_star", "success_at_m_below", "widths_tried", "non_monotone",
        "lambda0", "theorem", "required_width", "required_params",
    ];

    /// <summary>runs.csv's columns, in order.</summary>
    public static readonly string[] RunColumns = ["n", "width", "seed", "params", "succeeded", "steps_used", "initial_loss", "final_loss", "diverged", "trial"];

    /// <summary>Writes the four files into <paramref name="dir"/>; <paramref name="backend"/> names the linear algebra in fit.json.</summary>
    public static void Write(ThresholdResult r, string dir, string backend)
    {
        var t = new StringBuilder(string.Join(',', ThresholdColumns)).Append('\n');
        foreach (var s in r.Sizes)
        {
            var th = s.Threshold;
            t.AppendJoin(',', I(s.N), I(th.MStar), L(s.ParamsStar), I(th.MBelow), N(s.SuccessAtStar), N(s.SuccessBelow), I(s.WidthsTried),
                string.Join(';', th.NonMonotone), N(s.Theory.Lambda0), Csv(s.Theory.Theorem), N(s.Theory.RequiredWidth), N(s.Theory.RequiredParameters)).Append('\n');
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "thresholds.csv"), t.ToString());

        var runs = new StringBuilder(string.Join(',', RunColumns)).Append('\n');
        foreach (var x in r.Runs)
            runs.AppendJoin(',', I(x.N), I(x.Width), I(x.Seed), L(x.Parameters), x.Succeeded ? "1" : "0", I(x.StepsUsed), N(x.InitialLoss), N(x.FinalLoss),
                x.Diverged ? "1" : "0", x.TrialId).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(dir, "runs.csv"), runs.ToString());

        var fit = new JsonObject
        {
            ["m_star"] = Fit(r.WidthFit),
            ["params_star"] = Fit(r.ParamsFit),
            ["required_width"] = Fit(r.TheoryFit),
            ["theorem"] = r.Sizes.Count > 0 ? r.Sizes[0].Theory.Theorem + ": " + r.Sizes[0].Theory.WidthFormula + ", hidden constants 1" : null,
            ["method"] = $"least squares of ln y on ln n over the sizes with a threshold; 95% interval: 2.5th–97.5th percentile of {ThresholdFit.DefaultReplicates} " +
                         $"bootstrap replicates over seeds (seed {ThresholdFit.BootstrapSeed})",
            ["provenance"] = Json.Provenance(backend),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, "fit.json"), Json.Write(fit));
        AtomicFile.WriteAllText(Path.Combine(dir, "threshold.json"), Json.Write(SpecJson(r.Spec)));
    }

    /// <summary>The search's options as JSON (threshold.json and the report).</summary>
    public static JsonObject SpecJson(ThresholdSpec s)
    {
        var settings = new JsonObject();
        foreach (var (k, v) in s.Base.Where(p => !ThresholdSpec.SearchKeys.Contains(p.Key))) settings[k] = v;
        return new JsonObject
        {
            ["name"] = s.Name,
            ["n"] = new JsonArray(s.Ns.Select(n => (JsonNode)n).ToArray()),
            ["seeds"] = s.Seeds,
            ["criterion"] = s.Criterion.ToString().ToLowerInvariant(),
            ["tol"] = s.Tolerance,
            ["success"] = s.Success,
            ["resolution"] = s.Resolution,
            ["start_width"] = s.StartWidth,
            ["max_width"] = s.MaxWidth,
            ["settings"] = settings,
        };
    }

    private static JsonObject Fit(PowerFit f) => new()
    {
        ["exponent"] = Json.Number(f.Exponent),
        ["coefficient"] = Json.Number(f.Coefficient),
        ["ci_low"] = Json.Number(f.CiLow),
        ["ci_high"] = Json.Number(f.CiHigh),
        ["points"] = f.Points,
        ["replicates"] = f.Replicates,
    };

    private static string I(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string L(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Csv(string v) => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
}
