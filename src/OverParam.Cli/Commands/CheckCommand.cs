using System.CommandLine;
using OverParam.Experiments;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam check</c>: a theorem's hypotheses and bounds on a data set, without training.</summary>
public static class CheckCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions("--data-seed");
        var model = new TrainCommand.ModelOptions();
        var deep = new TrainCommand.DeepOptions();
        var lr = new Option<double?>("--lr") { Description = "η to compare with the required step (λ0/n² for two-layer; optional)" };
        var eig = new Option<string>("--eig")
        {
            Description = "How λ0 is computed: all (every eigenvalue, dsyevd/dsyevr) or min (one Cholesky and block Lanczos, as gram --eig min: several times faster at n ≥ 8,000)",
            DefaultValueFactory = _ => "all",
        }.OneOf("all", "min");
        var tiled = new Option<bool>("--tiled") { Description = "With --eig min (two-layer): form H∞ tile by tile from the data and factor it in tiles, as gram --tiled; taken without asking when n > 46,340" };
        var cmd = new Command("check", "Print a theorem's hypotheses on the data (unit norms, no parallel pairs, λ > 0, |y_i| ≤ C; for deep models the "
            + "activation's) and its bounds: required width and step, the rate, R' (two-layer, with the expected ‖y − u(0)‖). Exit 1 if a hypothesis fails");
        foreach (var o in data.All.Concat(model.All).Append(deep.Model).Concat(deep.All)) cmd.Options.Add(o);
        cmd.Options.Add(lr);
        cmd.Options.Add(eig);
        cmd.Options.Add(tiled);
        cmd.SetAction(r =>
        {
            bool widthGiven = r.GetResult(model.Width) is { Implicit: false };
            var (settings, kind) = SettingGroups.Collect(r, "the model this run checks", data, model, deep);
            var dataSpec = TrainSettings.ToDataSpec(settings);
            var spec = kind.SpecForCheck(TrainSettings.ModelFlags(settings));
            var check = new CheckSpec(dataSpec, spec with { Width = widthGiven ? spec.Width : 0 }, r.GetValue(lr), r.GetValue(model.Delta),
                r.GetValue(model.LabelBound), Mode(r.GetValue(eig)!), r.GetValue(tiled));
            var la = ctx.Backend(r);
            var c = ProgressOutput.Run(ctx, (live, progress) => CheckJob.Run(check, la, ctx.Threads(r), live.Note, progress));
            foreach (var line in c.Lines()) ctx.Out.WriteLine(line);
            return c.Passed ? App.Ok : App.RunFailed;
        });
        return cmd;
    }

    private static EigenMode Mode(string name) => Enum.Parse<EigenMode>(name, ignoreCase: true);
}
