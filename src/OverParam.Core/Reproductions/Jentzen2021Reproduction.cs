using System.Globalization;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>What <c>reproduce jentzen2021</c> runs on.</summary>
/// <param name="Quick">Two seeds a part (about 50 s on a 2-core machine); otherwise five.</param>
/// <param name="Seeds">Initialization seeds per setting (0: the default of the form).</param>
public sealed record JentzenOptions(bool Quick, int Seeds = 0)
{
    /// <summary>The seeds each part runs.</summary>
    public int SeedCount => Seeds > 0 ? Seeds : Quick ? 2 : 5;
}

/// <summary>
/// Jentzen &amp; Kröger (arXiv 2102.11840), in three parts, each a sweep in its own folder, with one report and claims.json
/// over all of them (<see cref="Jentzen2021Claims"/>). Two versions share the arXiv number (THEORY.md §4): v1 asks for
/// pairwise linearly independent inputs (so d ≥ 2); v2 for pairwise distinct inputs and a non-affine activation, which
/// works in d = 1, where every pair of inputs without biases is parallel or antiparallel.
/// <list type="number">
/// <item>one-dimensional/: n distinct scalars (<see cref="Synthetic.Line"/>), Gaussian labels, the two-layer ReLU net with
/// trained biases and the same net without them [v2].</item>
/// <item>duplicate/: the same scalars with one input repeated under a different label, with biases: the negative control
/// of the hypothesis (λ0 = 0, and a loss floor (Δy)²/4 that no width removes).</item>
/// <item>pairwise-independent/: nine equally spaced points on the circle S¹ (pairwise linearly independent), with biases [v1].</item>
/// </list>
/// The network is Du et al.'s with ReLU(wᵀx + b), (w_r, b_r) ~ N(0, I_{d+1}), a_r ~ unif{±1} fixed, the loss a sum ½Σ(f − y)²:
/// the loss normalization and the bias initialization of the paper are not verified (THEORY.md §4), and the report says so.
/// </summary>
public static class Jentzen2021Reproduction
{
    /// <summary>n: ten points, for which a width of 50,000 keeps the finite network near its kernel in d = 1 (measured:
    /// at m = 10,000 λ_min(H(k)) fell from λ0 = 0.016 to 0.0017 within 500 steps and the envelope failed; at 50,000 it held).</summary>
    public const int N = 10;

    /// <summary>
    /// n of part 3: equally spaced points on S¹, an odd number so that no two are antipodal (pairwise linearly
    /// independent, the smallest angle between two lines 20°). Random points on the circle (data seed 0) had a pair 2°
    /// apart, and at this width GD then stayed above the envelope (worst ratio 11, L(K)/L(0) = 0.034).
    /// </summary>
    public const int CircleN = 9;

    /// <summary>m, the same in every part.</summary>
    public const int Width = 50_000;

    /// <summary>K: η = 1/λ_max and λ0/λ_max ≈ 1/260 on the line, so 3,000 steps shrink the slowest mode by e^{−11}.</summary>
    public const int Steps = 3_000;

    /// <summary>The label the repeated input carries on top of its twin's: the floor is (Δy)²/4 = 1.</summary>
    public const double DuplicateOffset = 2;

    /// <summary>The parts' folders, and the inputs the duplicate part trains on.</summary>
    public const string LineFolder = "one-dimensional", DuplicateFolder = "duplicate", IndependentFolder = "pairwise-independent", InputsFolder = "inputs";

    private static readonly IReadOnlyList<string> Entries =
        [LineFolder, DuplicateFolder, IndependentFolder, InputsFolder, Claims.FileName, "report.html"];

    private static string Suffix(JentzenOptions o) => o.Quick ? "-quick" : "";

    private static string Common(JentzenOptions o) => $"""
          width: {Width}
          steps: {Steps}
          record_every: {Steps / 100}
          lr: auto
          gram_every: 0
          precision: f64
          data_seed: 0
        """;

    private static string SeedAxis(JentzenOptions o) => $"seed: [{string.Join(", ", Enumerable.Range(0, o.SeedCount))}]";

    /// <summary>Part 1: distinct scalars, with and without biases.</summary>
    public static SweepSpec LineSpec(JentzenOptions o) => SweepSpec.Parse($"""
        name: jentzen2021-line{Suffix(o)}
        base:
        {Common(o)}
          data: line
          n: {N}
          labels: gaussian
        axes:
          bias: [true, false]
          {SeedAxis(o)}
        """, "jentzen2021");

    /// <summary>Part 2: one input repeated under another label (files written by <see cref="WriteDuplicate"/>).</summary>
    public static SweepSpec DuplicateSpec(JentzenOptions o, string inputs) => SweepSpec.Parse($"""
        name: jentzen2021-duplicate{Suffix(o)}
        base:
        {Common(o)}
          data: '{Path.Combine(inputs, "duplicate_x.csv")}'
          labels: '{Path.Combine(inputs, "duplicate_y.csv")}'
          bias: true
        axes:
          {SeedAxis(o)}
        """, "jentzen2021");

    /// <summary>Part 3: v1's setting, pairwise linearly independent inputs in d = 2.</summary>
    public static SweepSpec IndependentSpec(JentzenOptions o) => SweepSpec.Parse($"""
        name: jentzen2021-independent{Suffix(o)}
        base:
        {Common(o)}
          data: circle
          n: {CircleN}
          labels: gaussian
          bias: true
        axes:
          {SeedAxis(o)}
        """, "jentzen2021");

    /// <summary>
    /// The duplicate part's data: the line's n scalars with Gaussian labels (data seed 0, as part 1), and x_0 once more
    /// with label y_0 + <see cref="DuplicateOffset"/>. Written as CSV (one column each), atomically.
    /// </summary>
    public static void WriteDuplicate(string inputs)
    {
        var line = Synthetic.Line(N);
        var y = Synthetic.Labels(line, LabelKind.Gaussian, 0);
        Directory.CreateDirectory(inputs);
        string Column(IEnumerable<double> v) => string.Join('\n', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "\n";
        AtomicFile.WriteAllText(Path.Combine(inputs, "duplicate_x.csv"), "x\n" + Column(line.X.Append(line.X[0])));
        AtomicFile.WriteAllText(Path.Combine(inputs, "duplicate_y.csv"), "y\n" + Column(y.Append(y[0] + DuplicateOffset)));
    }

    /// <summary>
    /// Runs (or resumes) the three parts into <paramref name="dir"/>, then claims.json and report.html.
    /// <paramref name="progress"/> hears of each part's trials as they end, with the time left in the part.
    /// </summary>
    public static (int Failed, string Report, IReadOnlyList<Claim> Claims) Run(JentzenOptions o, string dir, ILinearAlgebra la, int jobs, int threads, Action<string> log,
        IProgress<ProgressUpdate>? progress = null)
    {
        if (o.Seeds < 0) throw new InputException($"--seeds must be at least 1, got {o.Seeds}");
        // The inputs are written before the first part's sweep.json: they too show an earlier run.
        ReproductionFolder.Check(dir, Entries, "jentzen2021", [.. Entries.Select(p => Path.Combine(p, "sweep.json")), Path.Combine(InputsFolder, "duplicate_x.csv")]);
        string inputs = Path.Combine(Path.GetFullPath(dir), InputsFolder);
        var parts = new List<(string Folder, SweepSpec Spec, IReadOnlyList<Trial> Trials)>();
        foreach (var (sub, spec) in new[] { (LineFolder, LineSpec(o)), (IndependentFolder, IndependentSpec(o)) })
            parts.Add((sub, spec, SweepRunner.Check(spec)));
        WriteDuplicate(inputs); // the same bytes on every run: a resume finds its trials' data unchanged
        var duplicate = DuplicateSpec(o, inputs);
        parts.Add((DuplicateFolder, duplicate, SweepRunner.Check(duplicate)));
        int failed = 0;
        var data = new Dictionary<string, SweepData>();
        foreach (var (sub, spec, trials) in parts)
        {
            var folder = new SweepFolder(Path.Combine(dir, sub));
            var part = new PartOf(progress, data.Count + 1, parts.Count, sub);
            failed += SweepRunner.Run(spec, folder, jobs, la, threads, log, trials, part).Failed;
            data[sub] = ReproductionReports.AggregateAndReport(folder, spec.Name, log).Data;
        }
        var claims = Jentzen2021Claims.All(data[LineFolder], data[DuplicateFolder], data[IndependentFolder], la);
        string name = "jentzen2021" + Suffix(o);
        Claims.Write(dir, name, claims);
        string report = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(report, Jentzen2021Report.Html(name, o,
            [(LineFolder, "1. distinct scalars (v2)", data[LineFolder]), (DuplicateFolder, "2. a repeated input (control)", data[DuplicateFolder]),
             (IndependentFolder, "3. pairwise independent, d = 2 (v1)", data[IndependentFolder])], claims));
        return (failed, report, claims);
    }
}
