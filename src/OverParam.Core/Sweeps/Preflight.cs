using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Sweeps;

/// <summary>
/// The one check before work that sweeps, threshold searches and reproductions share: every run's settings go together,
/// and its data, labels, held-out set and memory are what <see cref="TrainJob.Preflight"/> accepts. It runs before the
/// command writes anything, so a command that will refuse leaves no sweep.json, no failed/ record and no lock behind,
/// and an earlier result stays as it was.
/// </summary>
public static class Preflight
{
    /// <summary>Settings that change neither the data nor the memory a run needs beyond what the largest width shows.</summary>
    private static readonly HashSet<string> Free = ["seed", "width"];

    /// <summary>
    /// Checks <paramref name="trials"/>: each one's settings, and for each data set among them (runs that differ only in
    /// the initialization seed and the width share one) the run of the largest width (the memory grows with m). Throws
    /// <see cref="InputException"/> naming <paramref name="what"/> and the trial.
    /// </summary>
    public static void Check(IEnumerable<Trial> trials, string what)
    {
        var specs = new List<(Trial Trial, Experiments.TrainSpec Spec)>();
        foreach (var t in trials)
        {
            try { specs.Add((t, TrainSettings.ToTrainSpec(t.Settings))); }
            catch (InputException e) { throw new InputException($"{what}, trial {t.Id}: {e.Message}"); }
        }
        foreach (var group in specs.GroupBy(p => Key(p.Trial)))
        {
            var (trial, spec) = group.MaxBy(p => p.Spec.Model.Width);
            try { TrainJob.Preflight(spec); }
            catch (InputException e) { throw new InputException($"{what}, trial {trial.Id}: {e.Message}"); }
        }
    }

    /// <summary>The settings that decide a run's data and shape, as one string.</summary>
    private static string Key(Trial t) =>
        string.Join('\n', t.Settings.Where(kv => !Free.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
