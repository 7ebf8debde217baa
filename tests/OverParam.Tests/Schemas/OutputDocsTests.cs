using OverParam.Experiments;
using OverParam.Reproductions;
using OverParam.Training;

namespace OverParam.Tests.Schemas;

/// <summary>docs/outputs.md lists every field of every typed output and every metrics column, as the records declare them.</summary>
public class OutputDocsTests
{
    private static string DocPath => Path.Combine(TestData.RepoRoot(), "docs", "outputs.md");

    [Fact]
    public void Docs_outputs_md_holds_the_tables_generated_from_the_records()
    {
        string doc = File.ReadAllText(DocPath);
        int begin = doc.IndexOf(OutputDocs.Begin, StringComparison.Ordinal), end = doc.IndexOf(OutputDocs.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/outputs.md has no generated part");
        string generated = "\n" + OutputDocs.Markdown() + "\n";
        string current = doc[(begin + OutputDocs.Begin.Length)..end];
        if (current != generated && Environment.GetEnvironmentVariable("OVERPARAM_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, doc[..(begin + OutputDocs.Begin.Length)] + generated + doc[end..]);
            current = generated;
        }
        Assert.True(current == generated, "docs/outputs.md's tables differ from the records: run this test with OVERPARAM_UPDATE_DOCS=1 to rewrite them");
    }

    [Fact]
    public void Every_field_of_every_typed_output_and_every_metrics_column_is_documented()
    {
        string doc = File.ReadAllText(DocPath);
        foreach (var c in MetricColumns.All) Assert.Contains($"| `{c.Name}` |", doc, StringComparison.Ordinal);
        foreach (var name in JsonSchemas.PropertyNames<ClaimsFile>().Concat(JsonSchemas.PropertyNames<ClaimEntry>().Select(n => "claims[]." + n)))
            Assert.Contains($"| `{name}` |", doc, StringComparison.Ordinal);
        foreach (var e in SummaryFiles.All)
            foreach (var field in OutputDocs.Fields(SummaryFiles.Schema(e.Verb)))
                Assert.Contains($"| `{field}` |", doc, StringComparison.Ordinal);
    }
}
