using OverParam.IO;

namespace OverParam.Reproductions;

/// <summary>
/// Every reproduction <c>overparam reproduce</c> runs, registered once: its subcommand, options and forms, and its sweeps'
/// titles, notes and claims, found by the exact sweep name written into sweep.json, so that <c>overparam aggregate</c>
/// rebuilds their report with the same notes (and a user's sweep is never mistaken for one).
/// </summary>
public static class ReproductionRegistry
{
    private const string DataHelp = "fashion-mnist, mnist:DIR or cifar10:DIR";

    /// <summary>Du et al. (ICLR 2019) §5, Figure 1 (<see cref="Du2019Reproduction"/>).</summary>
    public static readonly Reproduction Du2019 = new(
        "du2019",
        "Du et al. (ICLR 2019) §5, Figure 1: loss, pattern changes and max distance vs iteration for several widths",
        "Scaled down (n = d = 200, widths 50–5000, two seeds, 200 held-out points): about 10 s on a 2-core machine (docs/perf.md, run times)",
        new("Initialization seeds per width (default: 2 with --quick, 1 without)", 0),
        [],
        WritesParts: false,
        a => new SweepForm(Du2019Reproduction.Spec(a.Quick, a.Seeds == 0 ? (a.Quick ? 2 : 1) : a.Seeds)),
        [new("du2019", "Du et al. (ICLR 2019), Figure 1, reproduced", Du2019Reproduction.NotesHtml, Du2019Reproduction.Claims)]);

    /// <summary>Du et al. (ICML 2019): depth (<see cref="Du2019DeepReproduction"/>).</summary>
    public static readonly Reproduction Du2019Deep = new(
        "du2019-deep",
        "Du et al. (ICML 2019): λ_min(K^(H)) and training speed against depth, FC vs ResNet vs convolutional ResNet, at fixed width",
        "Scaled down (n = 30, depths 1–8): about 20 s on a 2-core machine, 40 s while its cores are shared",
        Seeds: null,
        [],
        WritesParts: false,
        a => new SweepForm(Du2019DeepReproduction.Spec(a.Quick, 1)),
        [new("du2019-deep", "Du et al. (ICML 2019): depth, FC vs ResNet vs conv ResNet", (d, _) => Du2019DeepReproduction.NotesHtml(d), Du2019DeepReproduction.Claims)]);

    /// <summary>Arora et al. (ICML 2019) §4 on sphere data (<see cref="Arora2019Reproduction"/>), or with --data on natural
    /// images (<see cref="Arora2019NaturalReproduction"/>, the sweep <c>arora2019-natural</c>).</summary>
    public static readonly Reproduction Arora2019 = new(
        "arora2019",
        "Arora et al. (ICML 2019) §4: small initialization, structured vs random labels: loss, residual vs the kernel prediction, weight movement",
        "Scaled down (n = 100, m = 1000, 100 steps): about 1 s on a 2-core machine; with --data, about 25 s (60 s while its cores are shared)",
        new("Initialization seeds per label kind", 2),
        [
            new("--data", $"Natural images instead of the teacher on sphere data: {DataHelp}. Two classes, label noise 0, 0.2, …, 1, "
                + "held-out error on the test split, and the complexity measure √(2yᵀ(H∞)⁻¹y/n) per noise level"),
            new("--classes", "With --data: the two classes, +1 for the first", Arora2019NaturalReproduction.DefaultClasses),
        ],
        WritesParts: false,
        AroraForm,
        [
            new("arora2019", "Arora et al. (ICML 2019): structured vs random labels", (d, _) => Arora2019Reproduction.NotesHtml(d), Arora2019Reproduction.Claims),
            new("arora2019-natural", "Arora et al. (ICML 2019) on natural images: label noise, training speed and the complexity measure",
                (d, _) => Arora2019NaturalReproduction.NotesHtml(d), Arora2019NaturalReproduction.Claims, QuickTitle: "Arora et al. (ICML 2019) on natural images (quick)"),
        ]);

    /// <summary>Jentzen &amp; Kröger (arXiv 2102.11840), in three parts (<see cref="Jentzen2021Reproduction"/>); the parts'
    /// reports carry their sweep names, and the claims are over all of them.</summary>
    public static readonly Reproduction Jentzen2021 = new(
        "jentzen2021",
        "Jentzen & Kröger (arXiv 2102.11840): biases make distinct inputs enough (d = 1), a repeated input is not, and v1's pairwise independent inputs (d = 2)",
        "Two seeds a part instead of five (n = 10, m = 50,000, 3,000 steps each): about 50 s on a 2-core machine, against 100 s without",
        new("Initialization seeds per setting (default: 2 with --quick, 5 without)", 0),
        [],
        WritesParts: true,
        a => new PartsForm(Reproduction.Named("jentzen2021", a.Quick),
            run => Jentzen2021Reproduction.Run(new JentzenOptions(a.Quick, a.Seeds), run.Dir, run.La, run.Jobs, run.Threads, run.Log, run.Progress)),
        []);

    /// <summary>Kawaguchi &amp; Huang (2019), in parts (<see cref="Kawaguchi2019Reproduction"/>).</summary>
    public static readonly Reproduction Kawaguchi2019 = new(
        "kawaguchi2019",
        "Kawaguchi & Huang (2019): natural vs random data on nets with the guarantee (two classes, every layer; ten classes, the output layer alone), "
            + "the output layer alone at m_H/n from 0.5 to 4 (the threshold m* = n, the loss floor below it, the cost near it), and the parameters GD needs against n with every layer trained",
        "Scaled down (part 1 at n = 100, m = 128; ten classes at n = 500; the last-layer grid and the searches up to n = 800): about 8 minutes on a 2-core machine",
        new("Initialization seeds per setting (the threshold searches use at least 2)", 1),
        [
            new("--data", $"Natural images: {DataHelp}", "fashion-mnist"),
            new("--classes", "The classes, two or more (e.g. 0,1 or 0,1,2,3,4,5,6,7,8,9): two give ±1 labels, +1 for the first; more give one-hot targets (chance 1/K)",
                Kawaguchi2019Reproduction.DefaultClasses),
        ],
        WritesParts: true,
        KawaguchiForm,
        [
            new("kawaguchi2019-fit", "Kawaguchi & Huang (2019), part 1: natural vs random data", (d, _) => Kawaguchi2019Report.FitNotes(d), Kawaguchi2019Claims.Fit),
            new("kawaguchi2019-fit10", "Kawaguchi & Huang (2019), part 1b: natural vs random data, ten classes, output layer alone",
                (d, _) => Kawaguchi2019Report.FitNotes(d), Kawaguchi2019Claims.Fit),
            new("kawaguchi2019-last-layer", "Kawaguchi & Huang (2019), part 3: the output layer alone, m_H/n from 0.5 to 4",
                (d, _) => Kawaguchi2019Report.GridNotes(d), Kawaguchi2019GridClaims.All),
        ]);

    /// <summary>Every reproduction, in the order <c>overparam reproduce --help</c> lists them.</summary>
    public static readonly IReadOnlyList<Reproduction> All = [Kawaguchi2019, Jentzen2021, Du2019, Du2019Deep, Arora2019];

    /// <summary>The reproduction's sweep named exactly <paramref name="sweepName"/> (quick or full form), or null.</summary>
    public static ReproductionSweep? Find(string sweepName) =>
        All.SelectMany(r => r.Parts).SelectMany(p => new[] { new ReproductionSweep(p, false), new ReproductionSweep(p, true) })
            .FirstOrDefault(s => s.Name == sweepName);

    /// <summary>Arora: the teacher on sphere data, or with --data two classes of natural images.</summary>
    private static ReproductionForm AroraForm(ReproductionArgs a)
    {
        if (a.Option("--data") is not { } natural) return new SweepForm(Arora2019Reproduction.Spec(a.Quick, a.Seeds));
        if (Data.NaturalData.Parse(natural) == null)
            throw new InputException($"--data: '{natural}' is not a natural data set; expected {DataHelp}");
        string classes = a.Option("--classes")!;
        if (classes.Split(',').Length != 2) throw new InputException($"--classes: the reproduction needs two classes (±1 labels), got '{classes}'");
        return new SweepForm(Arora2019NaturalReproduction.Spec(natural, classes, a.Quick, a.Seeds));
    }

    /// <summary>Kawaguchi: the options checked before any work; the every-layer searches' nets are a few dozen units wide,
    /// so they run one a core unless --jobs says otherwise.</summary>
    private static ReproductionForm KawaguchiForm(ReproductionArgs a)
    {
        var options = new KawaguchiOptions(a.Option("--data")!, a.Option("--classes")!, a.Quick, a.Seeds);
        Kawaguchi2019Reproduction.Validate(options);
        return new PartsForm(Reproduction.Named("kawaguchi2019", a.Quick), run => Kawaguchi2019Reproduction.Run(options, run.Dir, run.La, run.Jobs, run.Threads,
            run.Log, run.Progress, run.AskedJobs > 0 ? run.AskedJobs : Math.Max(run.Jobs, Environment.ProcessorCount)));
    }
}
