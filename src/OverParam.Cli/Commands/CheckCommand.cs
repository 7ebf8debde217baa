using System.CommandLine;
using System.Globalization;
using OverParam.Reporting;

namespace OverParam.Cli;

/// <summary><c>overparam check</c>: a theorem's hypotheses and bounds on a data set, without training.</summary>
public static class CheckCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions("--data-seed");
        var model = new TrainCommand.ModelOptions();
        var lr = new Option<double?>("--lr") { Description = "η to compare with the required step λ0/n² (optional)" };
        var cmd = new Command("check", "Print Theorem 4.1's hypotheses on the data (unit norms, no parallel pairs, λ0 > 0, |y_i| ≤ C) and its bounds: required width and step, R' (with the expected ‖y − u(0)‖)");
        foreach (var o in data.All.Concat(model.All)) cmd.Options.Add(o);
        cmd.Options.Add(lr);
        cmd.SetAction(r =>
        {
            var la = ctx.Backend(r);
            bool widthGiven = r.GetResult(model.Width) is { Implicit: false };
            var spec = model.From(r);
            if (!widthGiven) spec = spec with { Width = 0 };
            var c = CheckJob.Run(data.From(r), spec, r.GetValue(lr), r.GetValue(model.Delta), r.GetValue(model.LabelBound), la, ctx.Threads(r));
            var b = c.Bounds;
            var w = ctx.Out;
            string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
            w.WriteLine($"check {spec.Variant}: {c.Data.Source}; n = {c.Data.N}, d = {c.Data.D}");
            w.WriteLine($"  λ0 = {F(b.Lambda0)}");
            if (b.Defined)
            {
                w.WriteLine($"  required width  n⁶/(λ0⁴δ³) = {F(b.RequiredWidth)}   (δ = {F(b.Delta)}, hidden constant 1)");
                w.WriteLine($"  required step   λ0/n² = {F(b.RequiredStep)}   (hidden constant 1)");
                w.WriteLine($"  rate            L(k) ≤ (1 − ηλ0/2)^k L(0)");
                if (spec.Width > 0 && double.IsFinite(b.InitialResidual))
                    w.WriteLine($"  R' = 4√n‖y − u(0)‖/(√m λ0) = {F(b.RPrime)} with E‖y − u(0)‖ ≈ {F(b.InitialResidual)}; R = δλ0/n² = {F(b.R)}");
            }
            w.WriteLine("  hypotheses:");
            foreach (var h in c.Hypotheses) w.WriteLine($"    [{(h.Passed ? "ok" : "FAIL")}] {h.Name}: {h.Detail}");
            return c.Hypotheses.All(h => h.Passed) ? App.Ok : App.RunFailed;
        });
        return cmd;
    }
}
