using System.Text.Json.Nodes;
using OverParam.Numerics;
using OverParam.Theory;

namespace OverParam.Reporting;

/// <summary>The summary.json of a training run: settings, λ0, outcome, and the theorem certificate.</summary>
public static class TrainSummary
{
    /// <summary>Builds the JSON object.</summary>
    public static JsonObject Build(TrainResult r, ILinearAlgebra la)
    {
        var s = r.Spec;
        var o = r.Outcome;
        var m = o.Metrics;
        int last = m.Count - 1;
        return new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["data"] = r.Data.Source,
                ["n"] = r.Data.N,
                ["d"] = r.Data.D,
                ["data_seed"] = s.Data.Seed,
                ["normalized"] = s.Data.Normalize,
                ["model"] = s.Model.Variant,
                ["width"] = s.Model.Width,
                ["bias"] = s.Model.Bias,
                ["train_output"] = s.Model.TrainOutput,
                ["init_scale"] = s.Model.InitScale,
                ["test_n"] = s.TestN,
                ["test_data"] = s.TestData,
                ["test_labels"] = s.TestLabels,
                ["lr"] = s.LearningRate,
                ["lr_auto"] = r.LearningRateWasAuto,
                ["steps"] = s.Steps,
                ["tol"] = s.Tolerance,
                ["seed"] = s.Seed,
                ["precision"] = s.Precision.ToString().ToLowerInvariant(),
                ["record_every"] = s.RecordEvery,
                ["gram_every"] = s.GramEvery,
                ["delta"] = s.Delta,
                ["init_w"] = s.InitW,
                ["init_a"] = s.InitA,
                ["init_b"] = s.InitB,
            },
            ["lambda0"] = Json.Number(r.Lambda0),
            ["initial_loss"] = Json.Number(m["loss"][0]),
            ["final_loss"] = Json.Number(o.FinalLoss),
            ["final_test_mse"] = s.HasTestSet ? Json.Number(m["test_mse"][^1]) : null,
            ["steps_run"] = o.StepsRun,
            ["converged"] = o.Converged,
            ["diverged"] = o.Diverged,
            ["message"] = o.Message,
            ["final_pattern_change"] = Json.Number(m["pattern_change"][last]),
            ["final_max_dist"] = Json.Number(m["max_dist"][last]),
            ["final_residual_gap"] = Json.Number(m["residual_gap"][last]),
            ["wall_seconds"] = o.Seconds,
            ["steps_per_second"] = Json.Number(o.StepsRun / o.Seconds),
            ["certificate"] = Certificate(r.Certificate!, s.Model.Bias),
            ["files"] = new JsonArray(r.Files.Select(f => (JsonNode)f).ToArray()),
            ["provenance"] = Json.Provenance(la.Description),
        };
    }

    /// <summary>The certificate as JSON.</summary>
    public static JsonObject Certificate(TrainingCertificate c, bool bias)
    {
        var b = c.Bounds;
        return new JsonObject
        {
            ["theorem"] = Theorem41.Source + (bias ? " with λ0 of the augmented inputs (x, 1); Jentzen & Kröger 2021 state no explicit constants" : ""),
            ["constants"] = "hidden constants of Ω(·) and O(·) set to 1",
            ["hypotheses"] = Json.Checks(c.Hypotheses),
            ["bounds"] = new JsonObject
            {
                ["lambda0"] = Json.Number(b.Lambda0),
                ["required_width"] = b.Defined ? Json.Number(b.RequiredWidth) : null,
                ["width"] = b.Width,
                ["required_step"] = b.Defined ? Json.Number(b.RequiredStep) : null,
                ["step"] = b.Eta,
                ["delta"] = b.Delta,
                ["r_prime"] = b.Defined ? Json.Number(b.RPrime) : null,
                ["radius_R"] = b.Defined ? Json.Number(b.R) : null,
                ["contraction"] = Json.Number(b.Contraction),
                ["initial_residual_norm"] = Json.Number(b.InitialResidual),
            },
            ["observed"] = Json.Checks(c.Observations),
            ["worst_envelope_ratio"] = Json.Number(c.WorstEnvelopeRatio),
            ["worst_radius_ratio"] = Json.Number(c.WorstRadiusRatio),
            ["min_lambda_min_H"] = Json.Number(c.MinLambdaH),
        };
    }
}
