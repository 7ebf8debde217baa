using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.Models;
using OverParam.Numerics;
using OverParam.Theory;
using OverParam.Training;

namespace OverParam.Experiments;

/// <summary>The summary.json of a training run: settings, λ0, outcome, and the theorem certificate.</summary>
public static class TrainSummary
{
    /// <summary>Builds the JSON object of a two-layer run of <paramref name="model"/> whose step took <paramref name="form"/>, with
    /// its Theorem 4.1 <paramref name="certificate"/>.</summary>
    public static JsonObject Build(TrainResult r, TrainingCertificate certificate, TwoLayerSpec model, StepForm form, ILinearAlgebra la)
    {
        var s = r.Spec;
        var o = r.Outcome;
        var m = o.Metrics;
        int last = m.Count - 1;
        var summary = new JsonObject
        {
            ["settings"] = Settings(s, r.Data, r.LearningRateWasAuto,
                ("bias", model.Bias), ("train_output", model.TrainOutput), ("init_scale", model.InitScale),
                ("init_w", s.InitW), ("init_a", s.InitA), ("init_b", s.InitB), ("init_from", s.InitFrom),
                ("form", form.Name()), ("form_auto", s.Form == null),
                ("refresh_every", form == StepForm.Dual ? s.RefreshEvery : null)),
            ["lambda0"] = Json.Number(r.Lambda0),
            ["outputs"] = r.Data.Outputs,
        };
        AddOutcome(summary, s, o);
        summary["final_pattern_change"] = Json.Number(m[MetricColumns.PatternChange][last]);
        summary["final_max_dist"] = Json.Number(m[MetricColumns.MaxDist][last]);
        summary["certificate"] = Certificate(certificate, model.Bias);
        summary["files"] = new JsonArray(r.Files.Select(f => (JsonNode)f).ToArray());
        summary["provenance"] = Json.Provenance(la.Description);
        return summary;
    }

    /// <summary>
    /// The settings every training run's summary.json records (η as used), with the model's own keys after "width".
    /// </summary>
    internal static JsonObject Settings(TrainSpec s, Dataset data, bool lrAuto, params (string Key, JsonNode? Value)[] model)
    {
        var o = new JsonObject
        {
            ["data"] = data.Source,
            ["n"] = data.N,
            ["d"] = data.D,
            ["data_seed"] = s.Data.Seed,
            ["normalized"] = s.Data.Normalize,
            ["project"] = s.Data.Project, // D of the random projection before normalizing; 0: none (d above is D then)
            ["model"] = s.ModelName,
            ["width"] = s.Model.Width,
            // Trainable parameters: with the output layer alone, a's m·d_y entries.
            ["parameters"] = s.TrainLayers == TrainedLayers.Last ? (long)s.Model.Width * data.Outputs
                : s.Model.ParameterCount(data.D, data.Outputs),
        };
        foreach (var (key, value) in model) o[key] = value;
        o["lr"] = s.LearningRate;
        o["lr_auto"] = lrAuto;
        o["steps"] = s.Steps;
        o["tol"] = s.Tolerance;
        o["rel_tol"] = s.RelativeTolerance;
        o["seed"] = s.Seed;
        o["precision"] = s.Precision.ToString().ToLowerInvariant();
        o["record_every"] = s.RecordEvery;
        o["gram_every"] = s.GramEvery;
        o["delta"] = s.Delta;
        o["test_n"] = s.TestN;
        if (s.TestSplit != null) o["test_split"] = s.TestSplit;
        o["test_data"] = s.TestData;
        o["test_labels"] = s.TestLabels;
        return o;
    }

    /// <summary>How the run went, as every training run's summary.json records it.</summary>
    internal static void AddOutcome(JsonObject summary, TrainSpec s, RunOutcome o)
    {
        var m = o.Metrics;
        summary["initial_loss"] = Json.Number(m[MetricColumns.Loss][0]);
        summary["final_loss"] = Json.Number(o.FinalLoss);
        summary["final_test_mse"] = s.HasTestSet ? Json.Number(m[MetricColumns.TestMse][^1]) : null;
        if (m.Has("train_accuracy")) summary["final_train_accuracy"] = Json.Number(m[MetricColumns.TrainAccuracy][^1]);
        if (m.Has("test_accuracy")) summary["final_test_accuracy"] = Json.Number(m[MetricColumns.TestAccuracy][^1]);
        summary["steps_run"] = o.StepsRun;
        summary["converged"] = o.Converged;
        summary["diverged"] = o.Diverged;
        summary["message"] = o.Message;
        summary["final_residual_gap"] = Json.Number(m[MetricColumns.ResidualGap][^1]);
        summary["wall_seconds"] = o.Seconds;
        summary["steps_per_second"] = Json.Number(o.StepsRun / o.Seconds);
    }

    /// <summary>The certificate as JSON.</summary>
    public static JsonObject Certificate(TrainingCertificate c, bool bias)
    {
        var b = c.Bounds;
        var bounds = new JsonObject
        {
            ["lambda0"] = Json.Number(b.Lambda0),
            ["required_width"] = c.Arora is { } ar ? (ar.Defined ? Json.Number(ar.RequiredWidth) : null) : b.Defined ? Json.Number(b.RequiredWidth) : null,
            ["width"] = b.Width,
            ["required_step"] = c.Arora is { } ast ? (ast.Defined ? Json.Number(ast.RequiredStep) : null) : b.Defined ? Json.Number(b.RequiredStep) : null,
            ["step"] = b.Eta,
            ["delta"] = b.Delta,
        };
        if (c.Arora is { } a)
        {
            bounds["kappa"] = a.Kappa;
            bounds["epsilon"] = Json.Number(a.Epsilon);
        }
        // With Arora et al.'s theorem, R' and the contraction are Du et al.'s, kept for sweeps' comparisons across κ.
        bounds["r_prime"] = b.Defined ? Json.Number(b.RPrime) : null;
        if (c.Arora == null) bounds["radius_R"] = b.Defined ? Json.Number(b.R) : null;
        bounds["contraction"] = Json.Number(b.Contraction);
        bounds["initial_residual_norm"] = Json.Number(b.InitialResidual);
        return new JsonObject
        {
            ["theorem"] = c.Source + (bias ? " with λ0 of the augmented inputs (x, 1); Jentzen & Kröger 2021 state no explicit constants" : ""),
            ["constants"] = "hidden constants of Ω(·) and O(·) set to 1",
            ["hypotheses"] = Json.Checks(c.Hypotheses),
            ["bounds"] = bounds,
            ["observed"] = Json.Checks(c.Observations),
            ["worst_envelope_ratio"] = Json.Number(c.WorstEnvelopeRatio),
            ["worst_radius_ratio"] = Json.Number(c.WorstRadiusRatio),
            ["min_lambda_min_H"] = Json.Number(c.MinLambdaH),
        };
    }
}
