using System.Globalization;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;
using OverParam.Thresholds;

namespace OverParam.Reproductions;

/// <summary>What <c>reproduce kawaguchi2019</c> runs on.</summary>
/// <param name="Data">Natural data: fashion-mnist, mnist:DIR or cifar10:DIR.</param>
/// <param name="Classes">The classes, two or more: two give ±1 labels (+1 for the first), more one-hot targets.</param>
/// <param name="Quick">The scaled-down version (about 4 to 6 minutes on a 2-core machine).</param>
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
/// <item>threshold-{all,last}-{true,random}/: the smallest size at which GD reaches the training tolerance, over a range of
/// n, every layer trained and the output layer alone, true and random labels; the fitted exponent of the parameter count
/// P*(n) (the abstract: parameters "linear" in n), next to Du et al. ICML 2019's Theorem 5.1 width on the same data.</item>
/// <item>lower-bound/: the output layer alone with m &lt; n units cannot fit generic labels; the loss floor is the exact
/// least-squares residual on the features (the abstract: the linear rate "cannot be improved, except by a logarithmic
/// factor"; the form of the lower bound is our reading, THEORY.md §3.1).</item>
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
    public const string FitFolder = "natural-vs-random", FloorFolder = "lower-bound";

    /// <summary>The sizes of each part, quick and full.</summary>
    /// <param name="FitN">n of part 1.</param>
    /// <param name="FitWidth">m of part 1: at least n, so that rank Φ = n (the trainability guarantee, THEORY.md §3.1).</param>
    /// <param name="FitSteps">K of part 1.</param>
    /// <param name="AllNs">The sizes of the every-layer searches.</param>
    /// <param name="LastNs">The sizes of the output-layer searches (cheap: one n×n eigenproblem a run).</param>
    /// <param name="SearchSteps">K of the every-layer searches.</param>
    /// <param name="FloorN">n of part 3.</param>
    public sealed record Sizes(int FitN, int FitWidth, int FitSteps, int[] AllNs, int[] LastNs, int SearchSteps, int FloorN);

    /// <summary>The sizes for <paramref name="quick"/>.</summary>
    public static Sizes SizesFor(bool quick) => quick
        ? new Sizes(100, 128, 2000, [50, 100, 200, 400], [50, 100, 200, 400, 800], 1000, 200)
        : new Sizes(500, 512, 3000, [100, 200, 400, 800], [100, 200, 400, 800, 1600], 2000, 1000);

    /// <summary>
    /// Part 1's seeds k of the data (random labels and inputs) and of the initialization, crossed: k² runs a data set, k ≥ 2.
    /// A net trained on random data predicts the test images by a function unrelated to their classes, but one that still
    /// splits them unevenly: its accuracy is 0.5 only on average over draws (one draw gave 0.32 here).
    /// </summary>
    public static int FitSeeds(KawaguchiOptions o) => Math.Max(o.Seeds, 2);

    /// <summary>The widths of part 3 as fractions of n: below, at and above m = n.</summary>
    public static readonly double[] FloorFractions = [0.125, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.5, 2];

    private static string Suffix(KawaguchiOptions o) => o.Quick ? "-quick" : "";

    /// <summary>The settings every run shares.</summary>
    private static string BaseYaml(KawaguchiOptions o) => $"""
          data: {o.Data}
          classes: "{o.Classes}"
          normalize: true
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

    /// <summary>Part 3: the output layer alone at widths around n, random (generic) labels.</summary>
    public static SweepSpec FloorSpec(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        var widths = FloorFractions.Select(f => Math.Max(1, (int)Math.Round(f * s.FloorN))).Distinct();
        return SweepSpec.Parse($"""
            name: kawaguchi2019-floor{Suffix(o)}
            base:
            {BaseYaml(o)}
              n: {s.FloorN}
              labels: random
              train_layers: last
              steps: {s.FitSteps}
              record_every: {s.FitSteps / 40}
            axes:
              width: [{string.Join(", ", widths)}]
              seed: [{string.Join(", ", Enumerable.Range(0, o.Seeds))}]
            """, "kawaguchi2019-floor");
    }

    /// <summary>Part 2: the four threshold searches, each with its folder name (threshold-all-true, …).</summary>
    public static IReadOnlyList<(string Folder, ThresholdSpec Spec)> ThresholdSpecs(KawaguchiOptions o)
    {
        var s = SizesFor(o.Quick);
        var common = SweepSpec.Parse($"name: base\nbase:\n{BaseYaml(o)}\naxes: {{}}\n", "kawaguchi2019").Base;
        var list = new List<(string, ThresholdSpec)>();
        foreach (var (layers, labels) in Searches)
        {
            bool last = layers == "last";
            var settings = new Dictionary<string, string>(common)
            {
                ["labels"] = labels,
                ["train_layers"] = layers,
                // The output layer alone is judged by its exact optimum: no GD step is needed to decide it.
                ["steps"] = (last ? 0 : s.SearchSteps).ToString(CultureInfo.InvariantCulture),
                ["record_every"] = last ? "1" : (s.SearchSteps / 20).ToString(CultureInfo.InvariantCulture),
            };
            string name = $"kawaguchi2019-threshold-{layers}-{labels}{Suffix(o)}";
            list.Add(($"threshold-{layers}-{labels}", new ThresholdSpec(name, settings, last ? s.LastNs : s.AllNs, Math.Max(o.Seeds, 2), Tolerance,
                last ? SuccessCriterion.Optimum : SuccessCriterion.Loss, ThresholdSpec.DefaultSuccess, ThresholdSpec.DefaultResolution,
                StartWidth: last ? 16 : 4, MaxWidth: last ? 4 * s.LastNs[^1] : 4096)));
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

    /// <summary>The (layers, labels) of the four threshold searches, in the order they run.</summary>
    private static readonly (string Layers, string Labels)[] Searches = [("all", "true"), ("all", "random"), ("last", "true"), ("last", "random")];

    /// <summary>What the reproduction's folder holds: the parts, and the report and claims over them.</summary>
    private static readonly IReadOnlyList<string> Entries =
        [FitFolder, FloorFolder, .. Searches.Select(s => $"threshold-{s.Layers}-{s.Labels}"), Claims.FileName, "report.html", "figures"];

    /// <summary>The folder must be new, empty, or an earlier run of this reproduction (<see cref="ReproductionFolder.Check"/>).</summary>
    public static void CheckFolder(string dir) => ReproductionFolder.Check(dir, Entries, "kawaguchi2019");

    /// <summary>
    /// Runs (or resumes) every part into <paramref name="dir"/>, writes each part's report, then claims.json and
    /// report.html over all of them. Returns the number of trials that failed (their parts report what finished), the
    /// report's path and the claims. <paramref name="progress"/> hears of the six parts in the order they run (part 1,
    /// part 3, then the four searches), each part's trials as they end and the time left in the part.
    /// </summary>
    public static (int Failed, string Report, IReadOnlyList<Claim> Claims) Run(KawaguchiOptions o, string dir, ILinearAlgebra la, int jobs, int threads, Action<string> log,
        IProgress<ProgressUpdate>? progress = null)
    {
        Validate(o);
        CheckFolder(dir);
        // Every part's runs, before any part is written: bad data or sizes leave nothing behind. The parts then run
        // without checking again.
        var (fitSpec, floorSpec) = (FitSpec(o), FloorSpec(o));
        var (fitTrials, floorTrials) = (SweepRunner.Check(fitSpec), SweepRunner.Check(floorSpec));
        foreach (var (_, spec) in ThresholdSpecs(o)) ThresholdSearch.Check(spec);
        int failed = 0, parts = 2 + Searches.Length;
        SweepData Part(SweepSpec spec, IReadOnlyList<Trial> trials, string sub, int part)
        {
            var folder = new SweepFolder(Path.Combine(dir, sub));
            failed += SweepRunner.Run(spec, folder, jobs, la, threads, log, trials, new PartOf(progress, part, parts, sub)).Failed;
            return ReproductionReports.AggregateAndReport(folder, spec.Name, log).Data;
        }
        var fit = Part(fitSpec, fitTrials, FitFolder, 1);
        var floor = Part(floorSpec, floorTrials, FloorFolder, 2);
        var searches = new List<(string Folder, ThresholdResult Result)>();
        foreach (var (sub, spec) in ThresholdSpecs(o))
        {
            var folder = new SweepFolder(Path.Combine(dir, sub));
            log($"{spec.Name}: n = {string.Join(", ", spec.Ns)}");
            var result = ThresholdSearch.Run(spec, folder, new LocalExecutor(jobs, la, threads, null), la, threads, log, dataChecked: true,
                new PartOf(progress, 3 + searches.Count, parts, sub));
            ThresholdFiles.Write(result, folder.Dir, la.Description);
            ThresholdReport.Write(result, folder.Dir);
            searches.Add((sub, result));
        }
        var claims = Kawaguchi2019Claims.All(fit, floor, searches.Select(s => s.Result).ToList());
        string name = "kawaguchi2019" + Suffix(o);
        Claims.Write(dir, name, claims);
        string report = Kawaguchi2019Report.Write(dir, name, o, fit, floor, searches, claims, la);
        return (failed, report, claims);
    }
}
