using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;

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
            var la = ctx.Backend(r);
            bool widthGiven = r.GetResult(model.Width) is { Implicit: false };
            if (deep.FromModel(r) is { } deepSpec)
            {
                if (r.GetValue(tiled)) throw new OverParam.IO.InputException("--tiled is for the two-layer check; gram --eig min --tiled gives a deep kernel's λ_min in tiles");
                if (r.GetValue(model.Bias) || r.GetValue(model.TrainOutput) || r.GetValue(model.InitScale) != 1)
                    throw new OverParam.IO.InputException("--bias, --train-output and --init-scale are two-layer options (deep nets train every layer from N(0, 1) weights)");
                var dc = DeepCheckJob.Run(data.From(r), deepSpec, widthGiven ? r.GetValue(model.Width) : null, r.GetValue(lr), r.GetValue(model.Delta),
                    r.GetValue(model.LabelBound), la, ctx.Threads(r), Mode(r.GetValue(eig)!));
                PrintDeep(ctx.Out, dc);
                return dc.Passed ? App.Ok : App.RunFailed;
            }
            var spec = model.From(r);
            if (!widthGiven) spec = spec with { Width = 0 };
            var c = ProgressOutput.Run(ctx, (live, progress) => CheckJob.Run(data.From(r), spec, r.GetValue(lr), r.GetValue(model.Delta),
                r.GetValue(model.LabelBound), la, ctx.Threads(r), Mode(r.GetValue(eig)!), r.GetValue(tiled), live.Note, progress));
            var b = c.Bounds;
            var w = ctx.Out;
            w.WriteLine($"check {spec.Variant}: {c.Data.Source}; n = {c.Data.N}, d = {c.Data.D}");
            w.WriteLine($"  theorem: {c.Theorem}");
            w.WriteLine($"  λ0 = {F(b.Lambda0)}");
            if (c.Arora is { Defined: true } a)
            {
                w.WriteLine($"  κ = {F(a.Kappa)}: the conclusion ‖y − u(k)‖ = √(Σ(1 − ηλ_i)^{{2k}}(v_iᵀy)²) ± ε holds for ε ≥ κ√n/δ = {F(a.Epsilon)}");
                w.WriteLine($"  required width  n⁷/(λ0⁴κ²δ⁴ε²) = {F(a.RequiredWidth)}   (δ = {F(a.Delta)}, ε = κ√n/δ, hidden constant 1)");
                w.WriteLine($"  required step   λ0/n² = {F(a.RequiredStep)}   (hidden constant 1)");
            }
            else if (b.Defined)
            {
                w.WriteLine($"  required width  n⁶/(λ0⁴δ³) = {F(b.RequiredWidth)}   (δ = {F(b.Delta)}, hidden constant 1)");
                w.WriteLine($"  required step   λ0/n² = {F(b.RequiredStep)}   (hidden constant 1)");
                w.WriteLine($"  rate            L(k) ≤ (1 − ηλ0/2)^k L(0)");
                if (spec.Width > 0 && double.IsFinite(b.InitialResidual))
                    w.WriteLine($"  R' = 4√n‖y − u(0)‖/(√m λ0) = {F(b.RPrime)} with E‖y − u(0)‖ ≈ {F(b.InitialResidual)}; R = δλ0/n² = {F(b.R)}");
            }
            if (c.LabelComplexity is { } lc)
                w.WriteLine(lc.Value is { } v ? $"  yᵀ(H∞)⁻¹y = {F(v)}; √(2yᵀ(H∞)⁻¹y/n) = {F(lc.GeneralizationBound!.Value)}   (Arora et al. ICML 2019, Thm 5.1)"
                    : $"  yᵀ(H∞)⁻¹y not determined: {lc.Note}");
            w.WriteLine("  hypotheses:");
            foreach (var h in c.Hypotheses) w.WriteLine($"    [{h.Mark}] {h.Name}: {h.Detail}");
            return c.Hypotheses.All(h => h.NotFailed) ? App.Ok : App.RunFailed;
        });
        return cmd;
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static void PrintDeep(TextWriter w, DeepCheckResult c)
    {
        var t = c.Theorem;
        w.WriteLine($"check {c.Spec.Name} H = {t.Depth}, σ = {c.Spec.Sigma.Name} ({t.Source}): {c.Data.Source}; n = {c.Data.N}, d = {c.Data.D}");
        w.WriteLine($"  λ_min(K^(H)) = {F(t.Lambda)}   ({c.KernelNote})");
        if (c.EmpiricalLambda is { } e)
            w.WriteLine($"  empirical λ_min(K^(H)) at m = {t.Width}: {F(e)}   (mean G^(H)(0) over {ConvResNetArchitecture.EmpiricalKernelSeeds} initializations; a measurement, not the theorem's λ)");
        w.WriteLine($"  λ_max(NTK) = {F(c.LambdaMaxNtk)}; train's automatic step 1/λ_max = {F(c.AutoStep)}");
        if (t.Defined)
        {
            w.WriteLine($"  required width  {t.WidthFormula} = {F(t.RequiredWidth)}   (δ = {F(t.Delta)}; {t.Constants})");
            w.WriteLine($"  required step   {t.StepFormula} = {F(t.RequiredStep)}");
            double eta = double.IsNaN(t.Eta) ? t.RequiredStep : t.Eta;
            w.WriteLine($"  rate            L(k) ≤ (1 − ηλ/2)^k L(0); at η = {F(eta)}{(double.IsNaN(t.Eta) ? " (the required step)" : "")}: 1 − ηλ/2 = 1 − {F(eta * t.Lambda / 2)}");
        }
        w.WriteLine("  hypotheses:");
        foreach (var h in c.Hypotheses) w.WriteLine($"    [{h.Mark}] {h.Name}: {h.Detail}");
    }

    private static EigenMode Mode(string name) => Enum.Parse<EigenMode>(name, ignoreCase: true);
}
