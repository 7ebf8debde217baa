using System.CommandLine;
using System.Globalization;
using OverParam.Benchmarks;
using OverParam.Experiments;
using OverParam.Models;

namespace OverParam.Cli;

/// <summary><c>overparam bench</c>: speed figures as ratios to this machine's BLAS, measured in one process.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("bench", "Benchmarks; each prints its figures and their ratio to references measured in the same process");
        cmd.Subcommands.Add(Gemm(ctx));
        cmd.Subcommands.Add(Gram(ctx));
        cmd.Subcommands.Add(Train(ctx));
        cmd.Subcommands.Add(Deep(ctx));
        cmd.Subcommands.Add(Erf(ctx));
        return cmd;
    }

    private static Command Erf(CliContext ctx)
    {
        var count = CommonOptions.Positive(new Option<int>("--count") { Description = "Values a pass", DefaultValueFactory = _ => 36_000 });
        var repeat = CommonOptions.Positive(new Option<int>("--repeat") { Description = "Passes timed; the best is kept", DefaultValueFactory = _ => 200 });
        var cmd = new Command("erf", "erf a value: MathNet's, ErrorFunction's one at a time, and a span at once (AVX-512 or AVX2), on the same values; the span's values checked equal to the scalar's to the bit") { count, repeat };
        cmd.SetAction(r =>
        {
            var b = ErfBenchmark.Run(r.GetValue(count), r.GetValue(repeat));
            ctx.Out.WriteLine($"erf bench: {b.Count} values in [-3, 3], vector path {b.Vector}");
            ctx.Out.WriteLine($"  MathNet SpecialFunctions.Erf: {F(b.MathNetNs)} ns a value");
            ctx.Out.WriteLine($"  ErrorFunction.Erf(double):    {F(b.ScalarNs)} ns a value");
            ctx.Out.WriteLine($"  ErrorFunction.Erf(span):      {F(b.SpanNs)} ns a value; {F(b.SpanSpeedup)}x the scalar path, {F(b.MathNetNs / b.SpanNs)}x MathNet");
            ctx.Out.WriteLine($"  span values equal to the scalar's to the bit: {(b.Identical ? "yes" : "NO")}");
            return b.Identical ? App.Ok : App.RunFailed;
        });
        return cmd;
    }

    private static string F(double v, string fmt = "F2") => v.ToString(fmt, CultureInfo.InvariantCulture);

    private static Command Gemm(CliContext ctx)
    {
        var size = CommonOptions.Positive(new Option<int>("--size") { Description = "Square matrix size", DefaultValueFactory = _ => 2000 });
        var repeat = CommonOptions.Positive(new Option<int>("--repeat") { Description = "Runs; the best is kept", DefaultValueFactory = _ => 5 });
        var cmd = new Command("gemm", "sgemm and dgemm GFLOP/s of the chosen backend (2n³ flops per product)") { size, repeat };
        cmd.SetAction(r =>
        {
            var la = ctx.Backend(r);
            int n = r.GetValue(size), k = r.GetValue(repeat);
            ctx.Out.WriteLine($"sgemm {n}x{n}: {F(Measure.SgemmGflops(la, n, k), "F1")} GFLOP/s");
            ctx.Out.WriteLine($"dgemm {n}x{n}: {F(Measure.DgemmGflops(la, n, k), "F1")} GFLOP/s");
            return App.Ok;
        });
        return cmd;
    }

    private static Command Train(CliContext ctx)
    {
        var n = CommonOptions.Positive(new Option<int>("--n") { Description = "Points", DefaultValueFactory = _ => 1000 });
        var d = CommonOptions.Positive(new Option<int>("--d") { Description = "Dimension", DefaultValueFactory = _ => 1000 });
        var m = CommonOptions.Positive(new Option<int>("--width") { Description = "Width m", DefaultValueFactory = _ => 4000 });
        var precision = new Option<string>("--precision") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" }.OneOf("f32", "f64");
        var repeat = CommonOptions.Positive(new Option<int>("--repeat") { Description = "Steps timed; the best is kept", DefaultValueFactory = _ => 10 });
        var gemmSize = GemmSize();
        var cmd = new Command("train", "One GD step of the two-layer net in both forms (primal: 4·n·m·d flops; dual: 2·n²·m) vs this machine's gemm; the cost of recording pattern_change and max_dist every step") { n, d, m, precision, repeat, gemmSize };
        cmd.SetAction(r =>
        {
            var la = ctx.Backend(r);
            var p = r.GetValue(precision) == "f32" ? OverParam.Training.Precision.F32 : OverParam.Training.Precision.F64;
            var b = TrainBenchmark.Run(r.GetValue(n), r.GetValue(d), r.GetValue(m), p, r.GetValue(repeat), la, r.GetValue(gemmSize));
            string gemm = p == OverParam.Training.Precision.F32 ? "sgemm" : "dgemm";
            ctx.Out.WriteLine($"train bench n = {b.N}, d = {b.D}, m = {b.M}, {r.GetValue(precision)}, backend {la.Name}");
            ctx.Out.WriteLine($"  {gemm} {r.GetValue(gemmSize)}x{r.GetValue(gemmSize)}: {F(b.GemmGflops, "F1")} GFLOP/s");
            foreach (var f in b.Forms)
            {
                string flops = f.Form == StepForm.Primal ? "4nmd" : "2n²m";
                ctx.Out.WriteLine($"  {f.Form.Name()} bare step: {F(f.BareStepSeconds * 1e3, "F1")} ms = {F(f.StepGflops, "F1")} GFLOP/s over its {flops} flops; ratio to {gemm} {F(b.RateRatio(f))}");
                ctx.Out.WriteLine($"  {f.Form.Name()} step recording pattern_change and max_dist: {F(f.RecordedStepSeconds * 1e3, "F1")} ms; overhead {F(f.RecordingOverhead)}");
            }
            ctx.Out.WriteLine($"  dual speed-up over primal: {F(b.DualSpeedup)} (auto picks {StepForms.Cheaper(b.N, b.D).Name()} here: dual when n < 2d)");
            return App.Ok;
        });
        return cmd;
    }

    /// <summary>--gemm-size: the square reference gemm's size.</summary>
    private static Option<int> GemmSize() => CommonOptions.Positive(new Option<int>("--gemm-size")
    {
        Description = "Size of the square reference gemm the step is compared with",
        DefaultValueFactory = _ => Measure.ReferenceGemmSize,
    });

    private static Command Deep(CliContext ctx)
    {
        var n = CommonOptions.Positive(new Option<int>("--n") { Description = "Points", DefaultValueFactory = _ => 1000 });
        var d = CommonOptions.Positive(new Option<int>("--d") { Description = "Dimension", DefaultValueFactory = _ => 100 });
        var m = CommonOptions.Positive(new Option<int>("--width") { Description = "Width m", DefaultValueFactory = _ => 1000 });
        var model = new Option<string>("--model") { Description = "fc or resnet", DefaultValueFactory = _ => "fc" }.OneOf("fc", "resnet");
        var deep = new TrainCommand.DeepOptions();
        var precision = new Option<string>("--precision") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" }.OneOf("f32", "f64");
        var repeat = CommonOptions.Positive(new Option<int>("--repeat") { Description = "Steps timed; the best is kept", DefaultValueFactory = _ => 10 });
        var gemmSize = GemmSize();
        var runs = CommonOptions.Positive(new Option<int>("--runs") { Description = "Whole measurements (reference gemm, step, products); each is printed, then the median ratio", DefaultValueFactory = _ => 1 });
        var cmd = new Command("deep", "One GD step of a deep FC/ResNet (flops 4ndm + 6(H−1)nm²) vs this machine's gemm") { n, d, m, model, precision, repeat, runs, gemmSize };
        foreach (var o in deep.All) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var kind = DeepArchitectures.ByName(r.GetValue(model)!);
            deep.RefuseUnread(r, kind, "the model this benchmark steps", "--model");
            var la = ctx.Backend(r);
            var p = r.GetValue(precision) == "f32" ? OverParam.Training.Precision.F32 : OverParam.Training.Precision.F64;
            var spec = deep.From(r, kind.Architecture);
            string gemm = p == OverParam.Training.Precision.F32 ? "sgemm" : "dgemm";
            ctx.Out.WriteLine($"deep bench {r.GetValue(model)} H = {spec.Depth}, σ = {spec.Sigma.Name}, n = {r.GetValue(n)}, d = {r.GetValue(d)}, m = {r.GetValue(m)}, {r.GetValue(precision)}, backend {la.Name}");
            var ratios = new List<double>();
            for (int run = 1; run <= r.GetValue(runs); run++)
            {
                var b = DeepBenchmark.Run(spec, r.GetValue(n), r.GetValue(d), r.GetValue(m), p, r.GetValue(repeat), la, r.GetValue(gemmSize));
                ratios.Add(b.RateRatio);
                ctx.Out.WriteLine($"  run {run}: {gemm} {r.GetValue(gemmSize)}x{r.GetValue(gemmSize)} {F(b.GemmGflops, "F1")} GFLOP/s; products alone {F(b.ProductsSeconds * 1e3, "F1")} ms "
                    + $"({F(b.ProductsGflops / b.GemmGflops)} × {gemm}); step {F(b.StepSeconds * 1e3, "F1")} ms = {F(b.StepGflops, "F1")} GFLOP/s over "
                    + $"{F(b.FlopsPerStep / 1e9, "F1")} GFLOP, {F(b.OverheadRatio)} × the products; ratio to {gemm} {F(b.RateRatio)}");
            }
            ratios.Sort();
            ctx.Out.WriteLine($"  ratio to {gemm}: median {F(Measure.Median(ratios))}, min {F(ratios[0])}, max {F(ratios[^1])}; "
                + $"{ratios.Count(x => x >= 0.7)} of {ratios.Count} runs ≥ 0.7 (target ≥ 0.7)");
            return App.Ok;
        });
        return cmd;
    }

    private static Command Gram(CliContext ctx)
    {
        var n = CommonOptions.Positive(new Option<int>("--n") { Description = "Points", DefaultValueFactory = _ => 8000 });
        var d = CommonOptions.Positive(new Option<int>("--d") { Description = "Dimension", DefaultValueFactory = _ => 1000 });
        var work = new Option<string>("--work-dir") { Description = "Where the gram job writes (removed afterwards)", DefaultValueFactory = _ => Path.GetTempPath() };
        var eig = new Option<string>("--eig")
        {
            Description = "all: the gram job with all eigenvalues against dsyrk + dsyevr(λ_min); min: also the --eig min job, with the ratio of the two jobs' times; min-only: the --eig min job alone",
            DefaultValueFactory = _ => "all",
        }.OneOf("all", "min", "min-only");
        var noReference = new Option<bool>("--no-reference") { Description = "Skip the dsyrk + dsyevr(λ_min) reference (a second full-cost eigensolve)" };
        var cmd = new Command("gram", "overparam gram on the sphere vs one dsyrk of X plus one dsyevr for λ_min; peak memory vs one n×n float64 matrix; with --eig min, the λ_min path against the full eigensolver") { n, d, work, eig, noReference };
        cmd.SetAction(r =>
        {
            var la = ctx.Backend(r);
            string mode = r.GetValue(eig)!;
            bool full = mode != "min-only";
            var b = GramBenchmark.Run(r.GetValue(n), r.GetValue(d), la, ctx.Threads(r), r.GetValue(work)!,
                reference: full && !r.GetValue(noReference), full: full, min: mode != "all");
            ctx.Out.WriteLine($"gram bench n = {b.N}, d = {b.D}, backend {la.Name}");
            if (!double.IsNaN(b.SyrkSeconds))
                ctx.Out.WriteLine($"  reference: dsyrk {F(b.SyrkSeconds)} s + dsyevr(λ_min) {F(b.EigenSeconds)} s = {F(b.SyrkSeconds + b.EigenSeconds)} s");
            if (full)
            {
                ctx.Out.WriteLine($"  overparam gram (all eigenvalues, files written): {F(b.GramSeconds)} s");
                if (!double.IsNaN(b.SyrkSeconds)) ctx.Out.WriteLine($"  time ratio {F(b.TimeRatio)} (target ≤ 1.5)");
                ctx.Out.WriteLine($"  peak RSS {F(b.PeakRssBytes / 1048576.0, "F0")} MiB = {F(b.MemoryRatio)} × one n×n float64 matrix (target ≤ 3)");
            }
            if (b.Min is { } m)
            {
                ctx.Out.WriteLine($"  overparam gram --eig min (gram.npy not written): {F(m.GramSeconds)} s, of which λ_max + Cholesky + Lanczos {F(m.EigenSeconds)} s ({m.Solves} solves)");
                ctx.Out.WriteLine($"  residual ‖Hv − λv‖/λ_max {m.Residual:G3}; |λ_min − dsyevd's|/λ_max {m.Difference:G3}");
                ctx.Out.WriteLine($"  peak RSS {F(m.PeakRssBytes / 1048576.0, "F0")} MiB = {F((double)m.PeakRssBytes / b.MatrixBytes)} × one n×n float64 matrix");
                if (full) ctx.Out.WriteLine($"  all eigenvalues / --eig min: {F(b.GramSeconds / m.GramSeconds)}× (target ≥ 5 at n = 20,000)");
            }
            return App.Ok;
        });
        return cmd;
    }
}
