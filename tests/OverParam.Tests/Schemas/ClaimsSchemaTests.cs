using System.Text.Json.Nodes;
using OverParam.Cli;
using OverParam.Reproductions;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Schemas;

/// <summary>claims.json is serialized from <see cref="ClaimsFile"/> and matches the schema <c>overparam schema claims</c> prints.</summary>
public class ClaimsSchemaTests
{
    /// <summary>
    /// Committed examples come from the version that ran them: they may lack a field added since (the full kawaguchi2019
    /// run, 14 minutes, predates claims' kind, source and criteria), but every field they have is declared, with its type.
    /// </summary>
    [Fact]
    public void Every_committed_example_claims_json_matches_the_schema_save_fields_added_since()
    {
        int count = SchemaAssert.ClaimsUnder(Path.Combine(TestData.RepoRoot(), "docs", "examples"), lenient: true);
        Assert.True(count >= 5, $"only {count} committed claims.json files found");
    }

    [Fact]
    public void The_committed_examples_of_this_version_match_the_strict_schema()
    {
        foreach (var name in new[] { "du2019", "du2019-deep", "arora2019", "arora2019-natural", "jentzen2021" })
            Assert.Equal(1, SchemaAssert.ClaimsUnder(Path.Combine(TestData.RepoRoot(), "docs", "examples", name)));
    }

    [Fact]
    public void A_claims_json_with_unmeasured_values_and_infinite_ends_matches_the_schema()
    {
        var claims = new[]
        {
            Claim.Of("a", "a is smaller", ClaimKind.Paper, "src", Criterion.Smaller("q", "x"), [0.5], new Dictionary<string, double> { ["q"] = 0.5 }),
            Claim.Of("b", "not measured", ClaimKind.Extension, "src", new Criterion("q", "x", double.NegativeInfinity, 1), [double.NaN],
                new Dictionary<string, double> { ["q"] = double.NaN }),
            new Claim("c", "no tests", ClaimKind.Illustration, "src", [], new Dictionary<string, double>()),
        };
        string dir = Directory.CreateTempSubdirectory("claims-").FullName;
        try
        {
            string path = Claims.Write(dir, "r", claims);
            string text = File.ReadAllText(path);
            SchemaAssert.Valid(SchemaAssert.Of("claims"), text, path);
            var json = JsonNode.Parse(text)!;
            Assert.Null(json["claims"]![1]!["criterion"]![0]!["interval"]![0]);
            Assert.Null(json["claims"]![1]!["measured"]!["q"]);
            Assert.Equal("extension", (string)json["claims"]![1]!["kind"]!);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_claims_json_with_an_unknown_field_or_kind_does_not_match()
    {
        var schema = SchemaAssert.Of("claims");
        string good = File.ReadAllText(Directory.GetFiles(Path.Combine(TestData.RepoRoot(), "docs", "examples"), Claims.FileName, SearchOption.AllDirectories)[0]);
        var extra = JsonNode.Parse(good)!;
        extra["claims"]![0]!["verdict"] = "holds";
        Assert.False(schema.Evaluate(extra).IsValid);
        var kind = JsonNode.Parse(good)!;
        kind["claims"]![0]!["kind"] = "rumour";
        Assert.False(schema.Evaluate(kind).IsValid);
    }

    [Fact]
    public void Schema_claims_prints_a_draft_2020_12_schema_and_an_unknown_file_is_one_line_and_exit_2()
    {
        var r = CliRunner.Run("schema", "claims");
        Assert.Equal(App.Ok, r.ExitCode);
        var schema = JsonNode.Parse(r.Out)!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string)schema["$schema"]!);
        Assert.Equal("claims.json", (string)schema["title"]!);
        var bad = CliRunner.Run("schema", "weights");
        Assert.Equal(App.BadInput, bad.ExitCode);
        Assert.Single(bad.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("overparam: error:", StringComparison.Ordinal));
        Assert.Equal(App.BadInput, CliRunner.Run("schema", "claims", "--verb", "train").ExitCode);
    }
}
