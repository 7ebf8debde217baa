using System.Globalization;
using OverParam.IO;

namespace OverParam.Cli;

/// <summary>
/// A <see cref="ProgressUpdate"/> in words, the same for every renderer:
/// <c>part 3/6 threshold-all-true · round 2 · run 8/16 · 1 min 5 s elapsed · about 2 min 10 s left in round 2</c>.
/// A part measured in percent shows "45%"; one of unknown length shows its count so far and no time left; the time left
/// reads "estimating…" until an item is done, and "done" (or "ended", when it stopped early) at the end.
/// </summary>
internal static class ProgressText
{
    /// <summary>The whole line (without the "overparam: " a log line begins with).</summary>
    public static string Line(ProgressUpdate u) =>
        string.Join(" · ", new[] { Where(u), Counts(u), $"{Duration(u.Elapsed)} elapsed", Left(u), u.Detail }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>Where and how far, without the times and the detail (a live display has columns for the times): short
    /// enough for a bar beside it.</summary>
    public static string Status(ProgressUpdate u) =>
        string.Join(" · ", new[] { Where(u), Counts(u) }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>Which part and stage: "part 3/6 threshold-all-true · round 2", or the name alone for work of one part.</summary>
    public static string Where(ProgressUpdate u) =>
        (u.Parts > 1 ? $"part {u.Part}/{u.Parts} {u.Name}" : u.Name) + (u.Stage is { } stage ? $" · {stage}" : "");

    /// <summary>"trial 8/16", "45%", "12 block products" (unknown total), or null (nothing counted).</summary>
    public static string? Counts(ProgressUpdate u)
    {
        var inv = CultureInfo.InvariantCulture;
        if (u.Total > 0)
            return u.Unit.Length == 0 ? string.Create(inv, $"{Math.Min(100, 100 * u.Done / u.Total)}%") : string.Create(inv, $"{u.Unit} {u.Done}/{u.Total}");
        return u.Unit.Length > 0 && u.Done > 0 ? string.Create(inv, $"{u.Done} {u.Unit}{(u.Done == 1 ? "" : "s")}") : null;
    }

    /// <summary>"about 2 min left" (in the stage, when there is one), "estimating…", "done", "ended", or null (unknown length).</summary>
    public static string? Left(ProgressUpdate u, bool inStage = true)
    {
        if (u.Finished) return u.Total > 0 && u.Done < u.Total ? "ended" : "done";
        if (u.Total == 0) return null;
        return u.Left is { } left ? $"about {Duration(left, rough: true)} left{(inStage && u.Stage is { } stage ? $" in {stage}" : "")}" : "estimating…";
    }

    /// <summary>
    /// "42 s", "3 min 5 s" (under ten minutes; "3 min" on the minute), "25 min", "2 h 5 min". <paramref name="rough"/>
    /// (an estimate) rounds past a minute to ten seconds, so that "about" is not followed by false precision.
    /// </summary>
    public static string Duration(TimeSpan t, bool rough = false)
    {
        var inv = CultureInfo.InvariantCulture;
        double s = Math.Max(0, Math.Round(t.TotalSeconds));
        if (s < 60) return string.Create(inv, $"{s:F0} s");
        if (rough) s = Math.Round(s / 10) * 10;
        if (s < 600)
        {
            double minutes = Math.Floor(s / 60), seconds = s - 60 * minutes;
            return seconds == 0 ? string.Create(inv, $"{minutes:F0} min") : string.Create(inv, $"{minutes:F0} min {seconds:F0} s");
        }
        double m = Math.Round(s / 60);
        if (m < 60) return string.Create(inv, $"{m:F0} min");
        double h = Math.Floor(m / 60);
        return m - 60 * h == 0 ? string.Create(inv, $"{h:F0} h") : string.Create(inv, $"{h:F0} h {m - 60 * h:F0} min");
    }
}
