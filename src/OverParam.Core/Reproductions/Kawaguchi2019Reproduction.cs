using System.Globalization;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Reproductions;

/// <summary>What <c>reproduce kawaguchi2019</c> runs on.</summary>
/// <param name="Data">Natural data: fashion-mnist, mnist:DIR or cifar10:DIR.</param>
/// <param name="Classes">The classes, two or more: two give ±1 labels (+1 for the first), more one-hot targets.</param>
/// <param name="Quick">The scaled-down version (about 8 minutes on a 2-core machine).</param>
/// <param name="Seeds">Initialization seeds per setting.</param>
public sealed record KawaguchiOptions(string Data, string Classes, bool Quick, int Seeds);

/// <summary>
/// Kawaguchi &amp; Huang (2019), "Gradient descent finds global minima for generalizable deep neural networks of practical
/// sizes", measured on natural images in three parts, each a sweep or a threshold search in its own folder with its own
/// report, and one report with claims.json over all of them (<see cref="Kawaguchi2019Claims"/>, <see cref="Kawaguchi2019Report"/>):
/// <list type="number">
/// <item>natural-vs-random/: one deep net of practical size trained by full-batch GD on n images with their labels, with
/// random labels, on random inputs with random labels, and on random inputs with the images' labels; train and test accuracy
/// (the abstract: trainability "with a natural dataset but not a random dataset" for generalization).</item>
/// <item>threshold-all-{random,true}/: with every layer trained (our extension), the smallest width at which GD reaches the
/// training tolerance, over six sizes n, random labels first; the inputs projected to D = <see cref="ProjectTo"/> dimensions
/// so that n ≫ D and the first layer cannot interpolate alone; no step budget decides a verdict (a run still falling at K
/// is rerun with 4K up to the cap <see cref="Sizes.StepCap"/>); the fitted exponent of P*(n), at the base budget and the final
/// one, next to Du et al. ICML 2019's Theorem 5.1 width on the same data.</item>
/// <item>last-layer/: the theorem's own setting (THEORY.md §3.1): the output layer alone on the fixed features Φ of the
/// net, random ±1 and one-hot labels, m_H/n ∈ {0.5, 0.9, 1, 1.1, 1.5, 2, 4} at six sizes n over 1.5 decades, five seeds:
/// rank Φ, the exact least-squares floor L*, the conditioning of ΦΦᵀ, the exact steps GD needs and GD against its closed
/// form (the threshold m* = n, the loss floor below it, and the cost near it; <see cref="Kawaguchi2019GridClaims"/>).</item>
/// <item>natural-vs-random-10/: natural against random data with ten classes on nets with the guarantee: the output layer
/// alone with m_H = 2n ≥ n, so rank Φ = n (checked and reported).</item>
/// </list>
/// The network (our reading, THEORY.md §3.1 [C]): Du et al. ICML 2019's FC net, H = 3 hidden layers, σ = erf (analytic,
/// Lipschitz, increasing, with limits at both ends: the paper's assumption on σ [S, secondary summary]); inputs centred and
/// on the sphere; η = 1/λ_max of the network's infinite-width NTK.
/// </summary>
public static class Kawaguchi2019Reproduction
{
    /// <summary>T-shirt/top (0, +1) against trouser (1, −1), as in <see cref="Arora2019NaturalReproduction"/>.</summary>
    public const string DefaultClasses = "0,1";

    /// <summary>H, the hidden layers.</summary>
    public const int Depth = 3;

    /// <summary>σ: erf, whose kernels are in closed form.</summary>
    public const string Activation = "erf";

    /// <summary>ε: the training tolerance L(k) ≤ ε·L(0) of the threshold searches.</summary>
    public const double Tolerance = 0.01;

    /// <summary>The folders of the parts, under the reproduction's folder.</summary>
    public const string FitFolder = "natural-vs-random", TenFolder = "natural-vs-random-10", GridFolder = "last-layer";

    /// <summary>m_H/n of the last-layer grid: below, at and above the threshold m_H = n.</summary>
    public static readonly double[] GridRatios = [0.5, 0.9, 1, 1.1, 1.5, 2, 4];

    /// <summary>Seeds of the last-layer grid and of the every-layer searches (at least five).</summary>
    public static int GridSeeds(KawaguchiOptions o) => Math.Max(o.Seeds, 5);

    /// <summary>m_H/n of the ten-class part: at least 1 (the guarantee), 2 so that ΦΦᵀ is well conditioned (about 10⁴ here
    /// against 10¹¹ at m_H = n, measured at n = 1600) and GD fits within the step budget.</summary>
    public const int TenWidthRatio = 2;

    /// <summary>The sizes of each part, quick and full.</summary>
    /// <param name="FitN">n of part 1.</param>
    /// <param name="FitWidth">m of part 1: at least n, so that rank Φ = n (the trainability guarantee, THEORY.md §3.1).</param>
    /// <param name="FitSteps">K of part 1.</param>
    /// <param name="AllNs">The sizes of the every-layer searches: six, over 1.5 decades.</param>
    /// <param name="SearchSteps">K of the every-layer searches, the base budget.</param>
    /// <param name="StepCap">The every-layer searches' step cap, 16K (a cap of 8K in the quick form pushed m* up at n = 400 and
    /// 800, where runs still falling at the cap count as not succeeded, and made the search slower, not faster).</param>
    /// <param name="GridNs">The sizes of the last-layer grid: six, over 1.5 decades.</param>
    /// <param name="GridSteps">K of the grid's runs (the steps to the floor are counted exactly from the closed form, whatever K).</param>
    /// <param name="TenN">n of the ten-class part (m_H = <see cref="TenWidthRatio"/>·n).</param>
    /// <param name="TenTestN">Test images of the ten-class part.</param>
    public sealed record Sizes(int FitN, int FitWidth, int FitSteps, int[] AllNs, int SearchSteps, int StepCap, int[] GridNs, int GridSteps, int TenN, int TenTestN);

    /// <summary>The sizes for <paramref name="quick"/>.</summary>
    public static Sizes SizesFor(bool quick) => quick
        ? new Sizes(100, 128, 2000, [25, 50, 100, 200, 400, 800], 500, 8000, [25, 50, 100, 200, 400, 800], 200, 500, 500)
        : new Sizes(500, 512, 3000, [50, 100, 200, 400, 800, 1600], 1000, 16000, [100, 200, 400, 800, 1600, 3200], 1000, 2000, 2000);

    /// <summary>D of the every-layer searches' random projection: n ≫ D at every size but the smallest, so the first layer
    /// (D·m weights) cannot fit n labels alone, as it could on 784-pixel images up to n ≈ 700 (rank X = n there).</summary>
    public const int ProjectTo = 32;


    /// <summary>
    /// Part 1's seeds k of the data (random labels and inputs) and of the initialization, crossed: k² runs a data set, k ≥ 2.
    /// A net trained on random data predicts the test images by a function unrelated to their classes, but one that still
    /// splits them unevenly: its accuracy is 0.5 only on average over draws (one draw gave 0.32 here).
    /// </summary>
    public static int FitSeeds(KawaguchiOptions o) => Math.Max(o.Seeds, 2);

    private static string Suffix(KawaguchiOptions o) => o.Quick ? "-quick" : "";

    /// <summary>The settings every run shares; the classes unless <paramref name="classes"/> is false (a part that sets them).</summary>
    private static string BaseYaml(KawaguchiOptions o, bool classes = true) => $"""
          data: {o.Data}
        {(classes ? $"  classes: \"{o.Classes}\"\n" : "")}  normalize: true
          center: true
          model: fc
          depth: {Depth}
          activation: {Activation}
          lr: auto
          gram_every: 0
          precision: f64
        """;

    /// <summary>Part 1: natural against random data at one practical size.</summary>
    public static SweepSpec FitSpec(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        return SweepSpec.Parse($"""
            name: kawaguchi2019-fit{Suffix(o)}
            base:
            {BaseYaml(o)}
              n: {s.FitN}
              width: {s.FitWidth}
              steps: {s.FitSteps}
              record_every: {s.FitSteps / 40}
              test_split: test
            axes:
              inputs: [images, random]
              labels: ["true", random]
              data_seed: [{string.Join(", ", Enumerable.Range(0, FitSeeds(o)))}]
              seed: [{string.Join(", ", Enumerable.Range(0, FitSeeds(o)))}]
            """, "kawaguchi2019-fit");
    }

    /// <summary>The width nearest <paramref name="ratio"/>·n (halves rounded up).</summary>
    public static int GridWidth(double ratio, int n) => Math.Max(1, (int)Math.Round(ratio * n, MidpointRounding.AwayFromZero));

    /// <summary>
    /// The last-layer grid: the output layer alone, random labels with the chosen classes (±1 for two) and with all ten
    /// (one-hot), at every n of <see cref="Sizes.GridNs"/> and m_H = ratio·n for every ratio of <see cref="GridRatios"/>.
    /// </summary>
    public static SweepSpec GridSpec(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        var cases = s.GridNs.SelectMany(n => GridRatios.Select(r => $"  - {{ n: {n}, width: {GridWidth(r, n)} }}"));
        return SweepSpec.Parse($"""
            name: kawaguchi2019-last-layer{Suffix(o)}
            base:
            {BaseYaml(o, classes: false)}
              labels: random
              train_layers: last
              steps: {s.GridSteps}
              record_every: {s.GridSteps / 20}
            cases:
            {string.Join("\n", cases)}
            axes:
              classes: ["{o.Classes}", all]
              seed: [{string.Join(", ", Enumerable.Range(0, GridSeeds(o)))}]
            """, "kawaguchi2019-last-layer");
    }

    /// <summary>Natural against random data with all ten classes, on nets with the guarantee: the output layer alone, m_H = 2n.</summary>
    public static SweepSpec TenSpec(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        return SweepSpec.Parse($"""
            name: kawaguchi2019-fit10{Suffix(o)}
            base:
            {BaseYaml(o, classes: false)}
              classes: all
              n: {s.TenN}
              width: {TenWidthRatio * s.TenN}
              train_layers: last
              steps: {s.FitSteps}
              record_every: {s.FitSteps / 4}
              test_split: test
              test_n: {s.TenTestN}
            axes:
              inputs: [images, random]
              labels: ["true", random]
              data_seed: [{string.Join(", ", Enumerable.Range(0, FitSeeds(o)))}]
              seed: [{string.Join(", ", Enumerable.Range(0, FitSeeds(o)))}]
            """, "kawaguchi2019-fit10");
    }

    /// <summary>Part 2: the every-layer threshold searches, random labels first, each with its folder name (threshold-all-random, …).</summary>
    public static IReadOnlyList<(string Folder, ThresholdSpec Spec)> ThresholdSpecs(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        var common = SweepSpec.Parse($"name: base\nbase:\n{BaseYaml(o)}\naxes: {{}}\n", "kawaguchi2019").Base;
        var list = new List<(string, ThresholdSpec)>();
        foreach (var (layers, labels) in Searches)
        {
            var settings = new Dictionary<string, string>(common)
            {
                ["labels"] = labels,
                ["train_layers"] = layers,
                ["steps"] = s.SearchSteps.ToString(CultureInfo.InvariantCulture),
                ["record_every"] = (s.SearchSteps / 20).ToString(CultureInfo.InvariantCulture),
                ["project"] = ProjectTo.ToString(CultureInfo.InvariantCulture),
            };
            string name = $"kawaguchi2019-threshold-{layers}-{labels}{Suffix(o)}";
            list.Add(($"threshold-{layers}-{labels}", new ThresholdSpec(name, settings, s.AllNs, GridSeeds(o), Tolerance,
                SuccessCriterion.Loss, ThresholdSpec.DefaultSuccess, ThresholdSpec.DefaultResolution, StartWidth: 4, MaxWidth: 4096,
                MaxSteps: s.StepCap)));
        }
        return list;
    }

    /// <summary>Checks the options before any work; throws <see cref="InputException"/> naming the option.</summary>
    public static void Validate(KawaguchiOptions o)
    {
        if (Data.NaturalData.Parse(o.Data) == null)
            throw new InputException($"--data: '{o.Data}' is not a natural data set; expected fashion-mnist, mnist:DIR or cifar10:DIR");
        if (Data.NaturalOptions.ParseClasses(o.Classes).Count < 2) throw new InputException($"--classes: the reproduction needs at least two classes, got '{o.Classes}'");
        if (o.Seeds < 1) throw new InputException($"--seeds must be at least 1, got {o.Seeds}");
        foreach (var (_, spec) in ThresholdSpecs(o)) spec.Validate();
    }

    /// <summary>The (layers, labels) of the threshold searches, in the order they run: random labels, the theorem's "any labels", first.</summary>
    private static readonly (string Layers, string Labels)[] Searches = [("all", "random"), ("all", "true")];

    /// <summary>What the reproduction's folder holds: the parts, and the report and claims over them. Earlier versions' part
    /// folders (lower-bound, the output layer's threshold searches) are listed so that rerunning into an old run's folder
    /// is allowed; the report reads only the current parts.</summary>
    private static readonly IReadOnlyList<string> Entries =
        [FitFolder, TenFolder, GridFolder, .. Searches.Select(s => $"threshold-{s.Layers}-{s.Labels}"), "lower-bound", "threshold-last-true", "threshold-last-random",
         Claims.FileName, "report.html", "figures"];

    /// <summary>The folder must be new, empty, or an earlier run of this reproduction (<see cref="ReproductionFolder.Check"/>).</summary>
    public static void CheckFolder(string dir) => ReproductionFolder.Check(dir, Entries, "kawaguchi2019");

    /// <summary>
    /// Runs (or resumes) every part into <paramref name="dir"/>, writes each part's report, then claims.json and
    /// report.html over all of them. Returns the number of trials that failed (their parts report what finished), the
    /// report's path and the claims. <paramref name="progress"/> hears of the five parts in the order they run (part 1, the
    /// ten-class part, the last-layer grid, then the searches), each part's trials as they end and the time left in the part.
    /// <paramref name="searchJobs"/>: runs at once in the every-layer searches (default <paramref name="jobs"/>): their nets
    /// have a few dozen units, where BLAS runs on one thread whatever it is given, so one run a core is about twice as fast
    /// on two cores (measured: the quick true-label search in 1 min 42 s with two, identical results).
    /// </summary>
    public static (int Failed, string Report, IReadOnlyList<Claim> Claims) Run(KawaguchiOptions o, string dir, ILinearAlgebra la, int jobs, int threads, Action<string> log,
        IProgress<ProgressUpdate>? progress = null, int? searchJobs = null)
    {
        Validate(o);
        CheckFolder(dir);
        // Every part's runs, before any part is written: bad data or sizes leave nothing behind. The parts then run
        // without checking again.
        var (fitSpec, tenSpec, gridSpec) = (FitSpec(o), TenSpec(o), GridSpec(o));
        var (fitTrials, tenTrials, gridTrials) = (SweepRunner.Check(fitSpec), SweepRunner.Check(tenSpec), SweepRunner.Check(gridSpec));
        foreach (var (_, spec) in ThresholdSpecs(o)) ThresholdSearch.Check(spec);
        int failed = 0, parts = 3 + Searches.Length;
        SweepData Part(SweepSpec spec, IReadOnlyList<Trial> trials, string sub, int part)
        {
            var folder = new SweepFolder(Path.Combine(dir, sub));
            failed += SweepRunner.Run(spec, folder, jobs, la, threads, log, trials, new PartOf(progress, part, parts, sub)).Failed;
            return ReproductionReports.AggregateAndReport(folder, spec.Name, log).Data;
        }
        var fit = Part(fitSpec, fitTrials, FitFolder, 1);
        var ten = Part(tenSpec, tenTrials, TenFolder, 2);
        var grid = Part(gridSpec, gridTrials, GridFolder, 3);
        var searches = new List<(string Folder, ThresholdResult Result)>();
        foreach (var (sub, spec) in ThresholdSpecs(o))
        {
            var folder = new SweepFolder(Path.Combine(dir, sub));
            log($"{spec.Name}: n = {string.Join(", ", spec.Ns)}");
            var result = ThresholdSearch.Run(spec, folder, new LocalExecutor(searchJobs ?? jobs, la, threads, null), la, threads, log, dataChecked: true,
                new PartOf(progress, 4 + searches.Count, parts, sub));
            ThresholdFiles.Write(result, folder.Dir, la.Description);
            ThresholdReport.Write(result, folder.Dir);
            searches.Add((sub, result));
        }
        var claims = Kawaguchi2019Claims.All(fit, ten, grid, searches.Select(s => s.Result).ToList());
        string name = "kawaguchi2019" + Suffix(o);
        Claims.Write(dir, name, claims);
        string report = Kawaguchi2019Report.Write(dir, name, o, fit, ten, grid, searches, claims, la);
        return (failed, report, claims);
    }
}
