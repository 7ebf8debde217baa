using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam predict</c>: the infinite-width kernel's predictions on held-out points, after K steps and at k → ∞.</summary>
public static class PredictCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions();
        var kernel = CommonOptions.Kernel("The kernel, as gram takes it: du2019 (H∞, the network with a fixed), du2019-joint, bias, bias-joint; ntk-fc, ntk-resnet, "
            + "ntk-conv-resnet (every layer trained), du2019-fc … (K^(H)), nngp-fc … (the NNGP: only the output layer trained)");
        var deep = new TrainCommand.DeepOptions();
        var lr = (Option<string>)SettingOptions.Create(Vocabulary.Lr, Vocabulary.Lr.Flag);
        var steps = new Option<string>("--steps") { Description = "K: the prediction after K steps of GD (and always the k → ∞ limit); inf: the limit alone (the only one past one array)", DefaultValueFactory = _ => "1000" };
        steps.Validators.Add(res =>
        {
            if (res.Tokens.Count > 0 && res.Tokens[^1].Value is var v && v != "inf" && !(long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long k) && k >= 0))
                res.AddError($"--steps: expected a whole number ≥ 0 or inf, got '{v}'");
        });
        var tiled = new Option<bool>("--tiled") { Description = "Form and factor K in tiles from the data (half the square's memory, no array limit; taken without asking when n + t > 46,340): k → ∞ only, so --steps inf" };
        var tile = new Option<int?>("--tile") { Description = "With --tiled: the tiles' side, at most n (default 1024)" };
        var heldOut = new CommonOptions.HeldOutOptions();
        var memoryLimit = new Option<string?>("--memory-limit") { Description = "The most memory the job may use, e.g. 20G; refused in one line, before any work, when its estimate is larger" };
        var outDir = new Option<string>("--out") { Description = "Output folder (written whole or not at all)", DefaultValueFactory = _ => "out/predict" };
        var cmd = new Command("predict", "Predict held-out points with the infinite-width kernel: f_k(X*) = K(X*, X)K⁻¹(I − (I − ηK)^k)y after K steps, and k → ∞; "
            + "writes predictions.npy, predictions_inf.npy, curve.csv and summary.json");
        foreach (var o in data.All.Concat(deep.All).Concat(heldOut.All)) cmd.Options.Add(o);
        foreach (var o in new Option[] { kernel, lr, steps, tiled, tile, memoryLimit, outDir }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var kind = KernelKinds.Find(r.GetValue(kernel)!);
            deep.RefuseUnread(r, kind);
            var dataSpec = data.From(r);
            var gram = new GramSpec(dataSpec, kind, false, false, null,
                kind.Architecture is { } arch ? deep.From(r, arch) : null, EigenMode.All, false,
                r.GetValue(memoryLimit) is { } limit ? OverParam.Numerics.MemoryBudget.ParseSize(limit, "--memory-limit") : null);
            var spec = new PredictSpec(gram, heldOut.From(r, dataSpec),
                TrainCommand.ParseRate(r.GetValue(lr)!),
                r.GetValue(steps) is "inf" ? null : long.Parse(r.GetValue(steps)!, CultureInfo.InvariantCulture), r.GetValue(tiled), r.GetValue(tile));
            var result = ProgressOutput.Run(ctx, (live, progress) =>
                PredictJob.Run(spec, live.Backend(r), live.Threads(r), r.GetValue(outDir)!, live.Note, progress));
            string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            string Acc(double? a) => a is { } v ? $", accuracy {F(v)}" : "";
            ctx.Out.WriteLine($"predict {result.Kernel}: {result.Train.Source} → {result.Test.Source}; n = {result.Train.N}, t = {result.Test.N}, d_y = {result.Train.Outputs}");
            if (result.TestMse is { } mse)
            {
                ctx.Out.WriteLine($"  η = {F(result.Eta)}{(spec.LearningRate == null ? " (auto: 1/λ_max)" : "")}");
                ctx.Out.WriteLine($"  after K = {result.Steps} steps: test MSE {F(mse)}{Acc(result.TestAccuracy)}");
            }
            ctx.Out.WriteLine($"  k → ∞ ({result.Limit.Solver}, residual {result.Limit.Residual:G3}): test MSE {F(result.TestMseInf)}{Acc(result.TestAccuracyInf)}");
            if (result.Complexity is { Value: { } v } c)
                ctx.Out.WriteLine($"  yᵀK⁻¹y = {F(v)}; √(2yᵀK⁻¹y/n) = {F(c.GeneralizationBound!.Value)} (Arora et al. 2019, Thm 5.1)");
            ctx.Out.WriteLine($"  wrote {result.Folder} in {result.Seconds:F2} s");
            return App.Ok;
        });
        return cmd;
    }
}
