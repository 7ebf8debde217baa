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
    public void A_typed_summary_matches_its_schema(string verb, params string[] options)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("summary-").FullName, "out");
        try
        {
            var r = CliRunner.Run([verb, .. options, "--out", dir]);
            Assert.True(r.ExitCode == App.Ok, r.Err);
            Assert.True(SchemaAssert.SummaryOf(verb, dir), $"{verb} wrote no typed summary into {dir}");
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true); }
    }

    /// <summary>Committed examples may predate a field (fashion-mnist-lambda0 has no project or timings); every field they have is declared.</summary>
    [Fact]
    public void Every_committed_typed_summary_matches_its_schema_save_fields_added_since()
    {
        int count = 0;
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestData.RepoRoot(), "docs", "examples"), "*", SearchOption.AllDirectories))
        {
            if (File.Exists(Path.Combine(dir, "fit.json"))) count += SchemaAssert.SummaryOf("threshold", dir, lenient: true) ? 1 : 0;
            if (File.Exists(Path.Combine(dir, "summary.json")) && JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["eig"] != null)
                count += SchemaAssert.SummaryOf("gram", dir, lenient: true) ? 1 : 0;
            if (File.Exists(Path.Combine(dir, "summary.json")) && JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["test_mse_inf"] != null)
                count += SchemaAssert.SummaryOf("predict", dir, lenient: true) ? 1 : 0;
        }
        Assert.True(count > 0, "no committed typed summary found");
    }

    [Fact]
    public void Schema_summary_prints_each_verbs_schema_and_needs_a_known_verb()
    {
        foreach (var verb in SummaryFiles.Verbs)
        {
            var r = CliRunner.Run("schema", "summary", "--verb", verb);
            Assert.Equal(App.Ok, r.ExitCode);
            var schema = JsonNode.Parse(r.Out)!;
            Assert.Equal(JsonSchemas.Draft202012, (string)schema["$schema"]!);
            Assert.All(schema["properties"]!.AsObject(), p => Assert.NotNull(p.Value!["description"]));
        }
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary").ExitCode);
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "summary", "--verb", "dance").ExitCode);
    }
}
