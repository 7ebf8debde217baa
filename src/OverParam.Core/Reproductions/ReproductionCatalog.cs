using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>A paper's experiment as a sweep: its spec name, the report's title, the report's notes, and the claims the
/// report checks (written as claims.json next to report.html).</summary>
public sealed record Reproduction(string Name, string Title, Func<SweepData, string> Notes, Func<SweepData, IReadOnlyList<Claim>> Claims);

/// <summary>
/// The experiments <c>overparam reproduce</c> runs, found by the exact sweep name they write into sweep.json, so that
/// <c>overparam aggregate</c> rebuilds their report with the same notes (and a user's sweep is never mistaken for one).
/// </summary>
public static class ReproductionCatalog
{
    /// <summary>Every reproduction, full and quick.</summary>
    public static readonly IReadOnlyList<Reproduction> All =
    [
        new("du2019", "Du et al. (ICLR 2019), Figure 1, reproduced", d => Du2019Reproduction.NotesHtml(d, quick: false), Du2019Reproduction.Claims),
        new("du2019-quick", "Du et al. (ICLR 2019), Figure 1, reproduced (quick)", d => Du2019Reproduction.NotesHtml(d, quick: true), Du2019Reproduction.Claims),
        new("du2019-deep", "Du et al. (ICML 2019): depth, FC vs ResNet vs conv ResNet", Du2019DeepReproduction.NotesHtml, Du2019DeepReproduction.Claims),
        new("du2019-deep-quick", "Du et al. (ICML 2019): depth, FC vs ResNet vs conv ResNet (quick)", Du2019DeepReproduction.NotesHtml, Du2019DeepReproduction.Claims),
        new("arora2019", "Arora et al. (ICML 2019): structured vs random labels", Arora2019Reproduction.NotesHtml, Arora2019Reproduction.Claims),
        new("arora2019-quick", "Arora et al. (ICML 2019): structured vs random labels (quick)", Arora2019Reproduction.NotesHtml, Arora2019Reproduction.Claims),
        new("arora2019-natural", "Arora et al. (ICML 2019) on natural images: label noise, training speed and the complexity measure", Arora2019NaturalReproduction.NotesHtml, Arora2019NaturalReproduction.Claims),
        new("kawaguchi2019-fit", "Kawaguchi & Huang (2019), part 1: natural vs random data", Kawaguchi2019Report.FitNotes, Kawaguchi2019Claims.Fit),
        new("kawaguchi2019-fit-quick", "Kawaguchi & Huang (2019), part 1: natural vs random data (quick)", Kawaguchi2019Report.FitNotes, Kawaguchi2019Claims.Fit),
        new("kawaguchi2019-last-layer", "Kawaguchi & Huang (2019), part 3: the output layer alone, m_H/n from 0.5 to 4", Kawaguchi2019Report.GridNotes, Kawaguchi2019GridClaims.All),
        new("kawaguchi2019-fit10", "Kawaguchi & Huang (2019), part 1b: natural vs random data, ten classes, output layer alone", Kawaguchi2019Report.FitNotes, Kawaguchi2019Claims.Fit),
        new("kawaguchi2019-fit10-quick", "Kawaguchi & Huang (2019), part 1b: natural vs random data, ten classes, output layer alone (quick)", Kawaguchi2019Report.FitNotes, Kawaguchi2019Claims.Fit),
        new("kawaguchi2019-last-layer-quick", "Kawaguchi & Huang (2019), part 3: the output layer alone, m_H/n from 0.5 to 4 (quick)", Kawaguchi2019Report.GridNotes, Kawaguchi2019GridClaims.All),
        new("arora2019-natural-quick", "Arora et al. (ICML 2019) on natural images (quick)", Arora2019NaturalReproduction.NotesHtml, Arora2019NaturalReproduction.Claims),
    ];

    /// <summary>The reproduction whose sweep is named <paramref name="sweepName"/>, or null.</summary>
    public static Reproduction? Find(string sweepName) => All.FirstOrDefault(r => r.Name == sweepName);
}
