using System.CommandLine;
using OverParam.Experiments;

namespace OverParam.Cli;

/// <summary><c>overparam data</c>: the tool's input as it trains on it, written as .npy for NumPy.</summary>
public static class DataCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions();
        var outDir = new Option<string>("--out") { Description = "Output folder (written whole or not at all)", DefaultValueFactory = _ => "out/data" };
        var cmd = new Command("data", "Write a data set as training sees it: X.npy (n × d, after preprocessing), y.npy (the targets), "
            + "classes.npy (natural data: int64 class of each row) and summary.json (source files with SHA-256, counts per class, preprocessing)");
        foreach (var o in data.All) cmd.Options.Add(o);
        cmd.Options.Add(outDir);
        cmd.SetAction(r =>
        {
            var result = DataJob.Run(data.From(r), r.GetValue(outDir)!, ctx.Note);
            ctx.Out.WriteLine($"data {result.Source}: n = {result.N}, d = {result.D}, targets {(result.TargetWidth == 1 ? "n" : $"n × {result.TargetWidth}")}");
            ctx.Out.WriteLine($"  wrote {string.Join(", ", result.Files)} into {result.Folder}");
            return App.Ok;
        });
        return cmd;
    }
}
