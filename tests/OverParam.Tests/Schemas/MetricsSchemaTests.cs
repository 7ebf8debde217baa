using System.Text.Json.Nodes;
using OverParam.Cli;
using OverParam.Tests.Cli;
using OverParam.Training;

namespace OverParam.Tests.Schemas;

/// <summary>
/// metrics.csv's columns are declared once in <see cref="MetricColumns"/>; <c>overparam schema metrics</c> describes a
/// row from them, and every metrics.csv and aggregate.csv written here or committed has only declared columns.
/// </summary>
public class MetricsSchemaTests
{
    [Fact]
    public void The_metrics_schema_describes_every_declared_column_with_its_meaning_and_reference()
    {
        var r = CliRunner.Run("schema", "metrics");
        Assert.Equal(App.Ok, r.ExitCode);
        var properties = JsonNode.Parse(r.Out)!["properties"]!.AsObject();
        Assert.Equal(MetricColumns.All.Select(c => c.Name), properties.Select(p => p.Key));
        foreach (var c in MetricColumns.All)
        {
            string description = (string)properties[c.Name]!["description"]!;
            Assert.StartsWith(c.Meaning, description, StringComparison.Ordinal);
            Assert.Contains(c.Reference, description, StringComparison.Ordinal);
        }
        Assert.True(JsonNode.Parse(r.Out)!["patternProperties"]!.AsObject().ContainsKey(MetricColumns.DistWPattern));
    }

    [Fact]
    public void Every_committed_metrics_csv_and_aggregate_csv_has_only_declared_columns()
    {
        string root = TestData.RepoRoot();
        foreach (var dir in new[] { Path.Combine(root, "docs", "examples"), Path.Combine(root, "examples") })
        {
            foreach (var f in Directory.GetFiles(dir, "metrics.csv", SearchOption.AllDirectories)) SchemaAssert.MetricsCsv(f);
            foreach (var f in Directory.GetFiles(dir, "aggregate.csv", SearchOption.AllDirectories)) SchemaAssert.MetricsCsv(f, leading: true);
        }
    }

    [Fact]
    public void A_deep_run_with_per_layer_columns_and_a_two_layer_run_with_a_test_set_write_declared_columns()
    {
        string dir = Directory.CreateTempSubdirectory("metrics-").FullName;
        try
        {
            Assert.Equal(App.Ok, CliRunner.Run("train", "--model", "fc", "--depth", "2", "--n", "12", "--d", "4", "--labels", "gaussian", "--width", "16",
                "--steps", "5", "--out", Path.Combine(dir, "fc")).ExitCode);
            Assert.Equal(App.Ok, CliRunner.Run("train", "--n", "12", "--d", "4", "--labels", "teacher", "--width", "16", "--steps", "5", "--test-n", "10",
                "--out", Path.Combine(dir, "two")).ExitCode);
            Assert.Contains("dist_W1", File.ReadLines(Path.Combine(dir, "fc", "metrics.csv")).First().Split(','));
            Assert.Equal(6, SchemaAssert.MetricsCsv(Path.Combine(dir, "fc", "metrics.csv")));
            Assert.Equal(6, SchemaAssert.MetricsCsv(Path.Combine(dir, "two", "metrics.csv")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void An_undeclared_column_is_not_a_metric()
    {
        Assert.False(MetricColumns.IsKnown("accuracy"));
        Assert.False(MetricColumns.IsKnown("dist_W0"));
        Assert.True(MetricColumns.IsKnown(MetricColumns.DistW(3).Name));
        Assert.False(SchemaAssert.Of("metrics").Evaluate(JsonNode.Parse("""{"loss": "high"}""")).IsValid);
    }
}
