using System.CommandLine;
using OverParam.Experiments;
using OverParam.Reproductions;

namespace OverParam.Cli;

/// <summary>
/// <c>overparam schema summary|claims|metrics [--verb V]</c>: prints the JSON Schema (draft 2020-12) of an output file,
/// generated from the records and columns that write it (docs/outputs.md documents every field).
/// </summary>
public static class SchemaCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "summary (a verb's summary.json, with --verb), claims (claims.json) or metrics (a row of metrics.csv)" };
        file.AcceptOnlyFromAmong([.. OutputSchemas.Files]);
        var verb = new Option<string?>("--verb") { Description = "With summary: the verb whose summary file (" + string.Join("; ", SummaryFiles.All.Select(e => $"{e.Verb}: {e.File}")) + ")" };
        verb.AcceptOnlyFromAmong([.. SummaryFiles.Verbs]);
        var cmd = new Command("schema", "Print the JSON Schema (draft 2020-12) of an output: summary (--verb), claims or metrics; docs/outputs.md explains every field") { file, verb };
        cmd.SetAction(r =>
        {
            ctx.Out.Write(Json.Write(OutputSchemas.Of(r.GetValue(file)!, r.GetValue(verb))));
            return App.Ok;
        });
        return cmd;
    }
}
