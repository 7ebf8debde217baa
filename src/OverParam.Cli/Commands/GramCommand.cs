using System.CommandLine;
using System.Globalization;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Kernels;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary><c>overparam gram</c>: a data set's infinite-width Gram matrix and its spectrum.</summary>
public static class GramCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new CommonOptions.DataOptions();
        var kernel = CommonOptions.Kernel("du2019 (H∞, Du et al. ICLR 2019), du2019-output (G∞), du2019-joint (H∞ + G∞), bias (H∞ of (x, 1), Jentzen & Kröger 2021), bias-joint; deep (Du et al. ICML 2019, with --depth --activation --c-res): du2019-fc, du2019-resnet, du2019-conv-resnet (K^(H); the conv ResNet with --channels --patch, Def. 7.1 as derived in docs/conv-resnet-kernel.md), ntk-fc, ntk-resnet, ntk-conv-resnet (the full NTK), nngp-fc, nngp-resnet, nngp-conv-resnet");
        var deep = new TrainCommand.DeepOptions();
        var outDir = new Option<string>("--out") { Description = "Output folder (written whole or not at all)", DefaultValueFactory = _ => "out/gram" };
        var vectors = new Option<bool>("--eigenvectors") { Description = "Also write eigenvectors.npy (column j is v_j, as numpy.linalg.eigh returns them) and, when labels are given, label_projections.npy (v_jᵀy)²; needs ~3 n×n float64 matrices of memory" };
        var noGram = new Option<bool>("--no-gram") { Description = "Do not write gram.npy (n² float64 values; written by default with --eig all or none)" };
        var saveGram = new Option<bool>("--save-gram") { Description = "With --eig min: also write gram.npy (not written by default: at n = 16,000 it is 2 GB of disk and seconds of writing; the tiled and distributed paths never hold the square)" };
        var eig = new Option<string>("--eig")
        {
            Description = "all: every eigenvalue (LAPACK dsyevd; O(n³) at memory speed: about 30 s at n = 8,000 and 7 min at n = 20,000 here); min: λ_min with its eigenvector (eigenvector_min.npy), residual and error bound, and λ_max, by one Cholesky and block Lanczos on H⁻¹ (several times faster at n ≥ 8,000; past n = 46,340 in tiles, see --tiled). With --distributed: all by ScaLAPACK pdsyevr, min by pdpotrf + shift-invert Lanczos; none: the matrix only (single machine)",
            DefaultValueFactory = _ => "all",
        }.OneOf("all", "min", "none");
        var certify = new Option<bool>("--certify") { Description = "With --eig min: prove λ_min > σ (σ just below the computed λ_min) by a Cholesky factorization of H − σI; costs a second factorization" };
        var precision = new Option<string>("--eig-precision")
        {
            Description = $"With --eig min: f64 factors H − σI in float64; mixed factors it in float32 (twice the rate, n² float32 values more), takes the smallest Ritz pairs by Lanczos on its solves and refines them in float64 by LOBPCG on H until ‖Hv − ρv‖ ≤ 1e-10·λ_max, falling back to float64 (and saying why in lambda_min_method) where H is too ill-conditioned; in tiles the float32 tiles sit beside H's float64 ones (half as many bytes again); auto: mixed from n = {EigenPrecisions.MixedFromN} on where memory allows (in tiles, only where Lanczos on H puts κ below 1e5), else f64",
            DefaultValueFactory = _ => "auto",
        }.OneOf("auto", "f64", "mixed");
        var memoryLimit = new Option<string?>("--memory-limit") { Description = "The most memory the job may use, e.g. 20G (binary units); refused in one line, before any work, when its estimate is larger (default: what the process may use)" };
        var tiled = new Option<bool>("--tiled") { Description = "With --eig min: form H tile by tile from the data and factor it in tiles (half the memory of the square, no array limit); taken without asking when n > 46,340. No gram.npy" };
        var tile = new Option<int?>("--tile") { Description = $"The tiled path's tile side, at most n (default {TiledSmallestEigenpair.DefaultTile}); only with the tiled path (--tiled, or n > 46,340)" };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Across processes: run under `mpirun -np P` or `srun`; each rank forms its block-cyclic part of the matrix from the data; with --eig all ScaLAPACK's pdsyevr computes every eigenvalue (n²/P values per rank, and its workspace), with --eig min pdpotrf of H − σI and shift-invert Lanczos with pdpotrs give λ_min, its eigenvector and λ_max (2n²/P per rank); rank 0 writes eigenvalues.npy or eigenvector_min.npy and summary.json, no gram.npy. Needs openmpi-bin and libscalapack-openmpi2.2; every kernel but the convolutional ResNet's (docs/distributed.md)",
        };
        var solver = new Option<string>("--solver")
        {
            Description = "With --distributed --eig all: elpa (ELPA's two-stage solver, Debian's libelpa-dev), pdsyevr (ScaLAPACK), or auto: ELPA where it loads, else pdsyevr (summary.json's distributed.engine says which ran)",
            DefaultValueFactory = _ => "auto",
        }.OneOf("auto", "elpa", "pdsyevr");
        var block = new Option<int>("--block") { Description = "With --distributed: ScaLAPACK's block size nb", DefaultValueFactory = _ => OverParam.Distributed.DistributedEigen.DefaultBlock };
        var bound = (Option<double?>)SettingOptions.Create(Vocabulary.LabelBound, Vocabulary.LabelBound.Flag);

        var cmd = new Command("gram", "Compute the infinite-width Gram matrix of a data set and its spectrum (λ0 = λ_min), and check the theorem's hypotheses on the data");
        foreach (var o in data.All) cmd.Options.Add(o);
        cmd.Options.Add(kernel);
        cmd.Options.Add(outDir);
        cmd.Options.Add(vectors);
        cmd.Options.Add(noGram);
        cmd.Options.Add(saveGram);
        cmd.Options.Add(bound);
        cmd.Options.Add(eig);
        cmd.Options.Add(certify);
        cmd.Options.Add(precision);
        cmd.Options.Add(memoryLimit);
        cmd.Options.Add(tiled);
        cmd.Options.Add(tile);
        cmd.Options.Add(distributed);
        cmd.Options.Add(block);
        cmd.Options.Add(solver);
        foreach (var o in deep.All) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var kind = KernelKinds.Find(r.GetValue(kernel)!);
            deep.RefuseUnread(r, kind);
            var mode = Enum.Parse<EigenMode>(r.GetValue(eig)!, ignoreCase: true);
            if (r.GetValue(vectors) && mode != EigenMode.All) throw new InputException("--eigenvectors needs --eig all (every eigenvector)");
            if (r.GetValue(certify) && mode != EigenMode.Min) throw new InputException("--certify needs --eig min");
            if (r.GetValue(tiled) && mode != EigenMode.Min) throw new InputException("--tiled needs --eig min");
            if (r.GetValue(saveGram) && mode != EigenMode.Min) throw new InputException("--save-gram is for --eig min (--eig all and none write gram.npy unless --no-gram)");
            if (r.GetValue(saveGram) && r.GetValue(noGram)) throw new InputException("--save-gram and --no-gram contradict each other");
            if (r.GetValue(saveGram) && r.GetValue(tiled)) throw new InputException("--save-gram needs the square in memory, which --tiled never forms");
            var spec = new GramSpec(data.From(r), kind, r.GetValue(vectors),
                mode == EigenMode.Min ? r.GetValue(saveGram) : !r.GetValue(noGram), r.GetValue(bound), kind.Architecture is { } arch ? deep.From(r, arch) : null,
                mode, r.GetValue(certify), r.GetValue(memoryLimit) is { } limit ? OverParam.Numerics.MemoryBudget.ParseSize(limit, "--memory-limit") : null,
                r.GetValue(tiled), r.GetValue(tile), Enum.Parse<EigenPrecision>(r.GetValue(precision)!, ignoreCase: true));
            if (spec.Precision != EigenPrecision.Auto && (mode != EigenMode.Min || r.GetValue(distributed)))
                throw new InputException("--eig-precision is for --eig min on one machine, in memory or in tiles (the distributed path factors in float64)");
            if (spec.Precision == EigenPrecision.Mixed && spec.Certify)
                throw new InputException("--certify proves λ_min > σ with a float64 factorization; give --eig-precision f64 or auto with it");
            if (r.GetValue(solver) != "auto" && !(r.GetValue(distributed) && mode == EigenMode.All))
                throw new InputException("--solver chooses the eigensolver of --distributed --eig all");
            if (r.GetValue(distributed))
            {
                // Rank 0 reports; the others print nothing but errors.
                var quiet = OverParam.Distributed.BlacsGrid.LauncherRank() == 0 ? ctx : ctx with { Err = TextWriter.Null };
                var root = ProgressOutput.Run(quiet, (live, progress) =>
                    DistributedGramJob.Run(spec, r.GetValue(block), live.Backend(r), live.Threads(r), r.GetValue(outDir)!, live.Note, progress,
                        Enum.Parse<OverParam.Distributed.DistributedSolver>(r.GetValue(solver)!, ignoreCase: true)));
                if (root != null) Print(ctx.Out, root);
                return App.Ok;
            }
            var result = ProgressOutput.Run(ctx, (live, progress) =>
                GramJob.Run(spec, live.Backend(r), live.Threads(r), r.GetValue(outDir)!, live.Note, progress));
            Print(ctx.Out, result);
            return App.Ok;
        });
        return cmd;
    }

    private static void Print(TextWriter w, GramResult r)
    {
        string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
        var s = r.Spectrum;
        w.WriteLine($"gram {r.Kernel}: {r.Data.Source}; n = {r.Data.N}, d = {r.Data.D}");
        if (s != null)
        {
            w.WriteLine($"  lambda_min (λ0)   {F(s.LambdaMin)}{(s.IsNumericallySingular ? "   (numerically singular)" : "")}");
            w.WriteLine($"  lambda_max        {F(s.LambdaMax)}");
            w.WriteLine($"  condition number  {(s.ConditionNumber is { } c ? F(c) : "∞ (singular)")}");
        }
        if (r.Smallest is { } e)
        {
            w.WriteLine($"  λ_min method      {e.Method}, {e.Seconds:F2} s");
            w.WriteLine(double.IsNaN(e.Residual) ? "  accuracy          that of the full eigensolver named above (no eigenvector)"
                : $"  accuracy          residual ‖Hv − λv‖ = {e.Residual:G3}; |λ − λ_min| ≤ {e.ErrorBound:G3} ({e.BoundKind})");
        }
        if (r.Geometry.ClosestLinePair is { } p)
            w.WriteLine($"  min angle         {F(r.Geometry.MinAngleDegrees)}°; closest to (anti-)parallel: {F(r.Geometry.MinLineAngleDegrees)}° (inputs {p.I}, {p.J})");
        if (r.LabelComplexity is { } lc)
            w.WriteLine(lc.Value is { } v ? $"  yᵀ(H)⁻¹y          {F(v)}; √(2yᵀH⁻¹y/n) = {F(lc.GeneralizationBound!.Value)} (Arora et al. 2019, Thm 5.1)"
                : $"  yᵀ(H)⁻¹y          not determined: {lc.Note}");
        w.WriteLine("  checks:");
        foreach (var h in r.Checks) w.WriteLine($"    [{h.Mark}] {h.Name}: {h.Detail}");
        w.WriteLine($"  wrote {r.Folder} in {r.Seconds:F2} s");
    }
}
