using System.CommandLine;
using OverParam.Experiments;
using OverParam.Reproductions;

namespace OverParam.Cli;

/// <summary>
/// <c>overparam schema summary|claims|metrics [--verb V [--path FILE]]</c>: prints the JSON Schema (draft 2020-12) of an output file,
/// generated from the records and columns that write it (docs/outputs.md documents every field).
/// </summary>
public static class SchemaCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "summary (a verb's summary.json, with --verb), claims (claims.json) or metrics (a row of metrics.csv)" };
        file.AcceptOnlyFromAmong([.. OutputSchemas.Files]);
        var verb = new Option<string?>("--verb") { Description = "With summary: the verb whose summary file (" + string.Join("; ", SummaryFiles.Verbs.Select(v => $"{v}: {SummaryFiles.Of(v).File}")) + ")" };
        verb.AcceptOnlyFromAmong([.. SummaryFiles.Verbs]);
        var path = new Option<string?>("--path")
        {
            Description = "With --verb: which of the verb's files, when it writes several (" + string.Join("; ", SummaryFiles.Verbs
            .Where(v => SummaryFiles.All.Count(e => e.Verb == v) > 1).Select(v => $"{v}: " + string.Join(", ", SummaryFiles.All.Where(e => e.Verb == v).Select(e => e.File)))) + "); default: the first"
        };
        var cmd = new Command("schema", "Print the JSON Schema (draft 2020-12) of an output: summary (--verb, --path), claims or metrics; docs/outputs.md explains every field") { file, verb, path };
        cmd.SetAction(r =>
        {
            ctx.Out.Write(Json.Write(OutputSchemas.Of(r.GetValue(file)!, r.GetValue(verb), r.GetValue(path))));
            return App.Ok;
        });
        return cmd;
    }
}
