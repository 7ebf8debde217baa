using System.Text.Json.Nodes;
using OverParam.Cli;
using OverParam.Experiments;
using OverParam.Reproductions;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Schemas;

/// <summary>
/// Each typed summary (<see cref="SummaryFiles"/>) is serialized from its record and matches the schema
/// <c>overparam schema summary --verb V</c> prints, for representative runs and for the committed examples.
/// </summary>
public class SummarySchemaTests
{
    [Theory]
    [InlineData("gram", "--data", "sphere", "--n", "20", "--d", "4")]
    [InlineData("gram", "--data", "circle", "--n", "6", "--labels", "sign", "--eig", "min", "--certify")]
    [InlineData("gram", "--kernel", "du2019-resnet", "--depth", "2", "--n", "10", "--d", "4", "--labels", "gaussian", "--eig", "none")]
    [InlineData("gram", "--n", "30", "--d", "5", "--eig", "min", "--tiled", "--tile", "16")]
    [InlineData("predict", "--n", "20", "--d", "4", "--labels", "teacher", "--steps", "30", "--test-n", "15")]
    [InlineData("predict", "--n", "20", "--d", "4", "--labels", "sign", "--steps", "inf", "--test-n", "15")]
    [InlineData("predict", "--n", "40", "--d", "4", "--labels", "sign", "--steps", "inf", "--test-n", "15", "--tiled", "--tile", "16")]
    [InlineData("threshold", "--n", "6,10", "--d", "4", "--seeds", "2", "--steps", "50", "--start-width", "4")]
    [InlineData("train", "--n", "12", "--d", "4", "--labels", "teacher", "--width", "16", "--steps", "5", "--test-n", "6")]
    [InlineData("train", "--n", "12", "--d", "4", "--labels", "teacher", "--width", "16", "--steps", "5", "--bias", "--form", "dual")]
    [InlineData("train", "--n", "12", "--d", "4", "--labels", "sign", "--width", "16", "--steps", "5", "--init-scale", "0.1")]
    [InlineData("train", "--model", "fc", "--depth", "2", "--n", "12", "--d", "4", "--labels", "gaussian", "--width", "16", "--steps", "5")]
    [InlineData("train", "--model", "resnet", "--depth", "2", "--n", "12", "--d", "4", "--labels", "gaussian", "--width", "16", "--steps", "5", "--train-layers", "last")]
    [InlineData("train", "--model", "conv-resnet", "--depth", "2", "--channels", "2", "--n", "8", "--d", "6", "--labels", "gaussian", "--width", "8", "--steps", "3")]
    [InlineData("data", "--n", "12", "--d", "8", "--labels", "sign", "--project", "3", "--normalize")]
    public void A_typed_summary_matches_its_schema(string verb, params string[] options)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("summary-").FullName, "out");
        try
        {
            var r = CliRunner.Run([verb, .. options, "--out", dir]);
            Assert.True(r.ExitCode == App.Ok, r.Err);
            Assert.True(SchemaAssert.SummaryOf(verb, dir) > 0, $"{verb} wrote no typed summary into {dir}");
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true); }
    }

    [Fact]
    public void A_sweep_over_models_writes_a_trial_list_and_trials_that_match_their_schemas()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["spec.yaml"], "name: models\nbase:\n  n: 8\n  d: 4\n  labels: gaussian\n  steps: 3\n  width: 8\n  depth: 2\naxes:\n  model: [two-layer, fc]\n");
        var r = CliRunner.Run("sweep", dir["spec.yaml"], "--out", dir["sweep"], "--jobs", "1");
        Assert.True(r.ExitCode == App.Ok, r.Err);
        Assert.Equal(1 + 2 * 2, SchemaAssert.SummaryOf("sweep", dir["sweep"])); // sweep.json, and each trial's settings.json and summary.json
    }

    [Fact]
    public void Data_of_natural_images_writes_a_summary_with_sources_and_preprocessing_that_matches_its_schema()
    {
        using var dir = new TestData.TempDir();
        string mnist = Data.NaturalDataTests.MnistFolder(dir, gzip: false);
        var r = CliRunner.Run("data", "--data", $"mnist:{mnist}", "--classes", "1,3", "--center", "--shuffle-seed", "2", "--out", dir["out"]);
        Assert.True(r.ExitCode == App.Ok, r.Err);
        Assert.Equal(1, SchemaAssert.SummaryOf("data", dir["out"]));
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(dir["out/summary.json"]))!["preprocessing"]);
    }

    /// <summary>Committed examples may predate a field (fashion-mnist-lambda0 has no project or timings); every field they
    /// have is declared. A threshold search's folder holds fit.json and threshold.json.</summary>
    [Fact]
    public void Every_committed_typed_summary_matches_its_schema_save_fields_added_since()
    {
        int count = 0;
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestData.RepoRoot(), "docs", "examples"), "*", SearchOption.AllDirectories))
        {
            if (File.Exists(Path.Combine(dir, "fit.json"))) count += SchemaAssert.SummaryOf("threshold", dir, lenient: true);
            if (File.Exists(Path.Combine(dir, "summary.json")) && JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["eig"] != null)
                count += SchemaAssert.SummaryOf("gram", dir, lenient: true);
            if (File.Exists(Path.Combine(dir, "summary.json")) && JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["test_mse_inf"] != null)
                count += SchemaAssert.SummaryOf("predict", dir, lenient: true);
        }
        Assert.True(count > 0, "no committed typed summary found");
    }

    [Fact]
    public void Schema_summary_prints_each_verbs_schema_and_needs_a_known_verb()
    {
        foreach (var e in SummaryFiles.All)
        {
            var r = CliRunner.Run("schema", "summary", "--verb", e.Verb, "--path", e.File);
            Assert.Equal(App.Ok, r.ExitCode);
            var schema = JsonNode.Parse(r.Out)!;
            Assert.Equal(JsonSchemas.Draft202012, (string)schema["$schema"]!);
            Assert.Equal($"{e.Verb} {e.File}", (string)schema["title"]!);
            var branches = schema["anyOf"]?.AsArray().Select(b => b!) ?? [schema];
            foreach (var b in branches) Assert.All(b["properties"]!.AsObject(), p => Assert.NotNull(p.Value!["description"]));
            Assert.DoesNotContain("\"$ref\"", r.Out, StringComparison.Ordinal); // whole: a branch of anyOf resolves no pointer
        }
        Assert.Equal(CliRunner.Run("schema", "summary", "--verb", "sweep", "--path", "sweep.json").Out, CliRunner.Run("schema", "summary", "--verb", "sweep").Out);
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary").ExitCode);
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary", "--verb", "dance").ExitCode);
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary", "--verb", "train", "--path", "fit.json").ExitCode);
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary", "--path", "sweep.json").ExitCode);
    }

    [Fact]
    public void Trains_schema_has_one_branch_per_summary_record_of_the_model_kinds_and_each_run_matches_one_only()
    {
        var schema = OutputSchemas.Of("summary", "train");
        var titles = schema["anyOf"]!.AsArray().Select(b => (string)b!["title"]!).ToList();
        Assert.Equal(ModelKinds.All.Select(k => k.SummaryType).Distinct().Count(), titles.Count);
        Assert.All(ModelKinds.Names, name => Assert.Single(titles, t => t.Contains(name, StringComparison.Ordinal)));
        // The branches exclude each other: a deep run's summary is not a two-layer one.
        var twoLayer = global::Json.Schema.JsonSchema.FromText(Branch(schema["anyOf"]![0]!));
        using var dir = new TestData.TempDir();
        Assert.Equal(App.Ok, CliRunner.Run("train", "--model", "fc", "--depth", "2", "--n", "8", "--d", "4", "--labels", "gaussian", "--width", "8", "--steps", "2", "--out", dir["fc"]).ExitCode);
        Assert.False(twoLayer.Evaluate(JsonNode.Parse(File.ReadAllText(dir["fc/summary.json"]))).IsValid);
    }

    private static string Branch(JsonNode branch)
    {
        var o = branch.DeepClone().AsObject();
        o.Insert(0, "$schema", JsonSchemas.Draft202012);
        return o.ToJsonString();
    }
}
