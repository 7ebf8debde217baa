using System.Text.Json.Nodes;
using OverParam.Experiments;
using OverParam.IO;

namespace OverParam.Sweeps;

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>Its folder holds a summary.json and a metrics.csv that verify: finished (a diverged run is finished too, and says so).</summary>
    Done,
    /// <summary>Its folder holds a summary.json, but its files do not verify (cut short, edited): not done; a rerun replaces it.</summary>
    Damaged,
    /// <summary>It raised an error; failed/ID.json holds it. A rerun tries it again.</summary>
    Failed,
    /// <summary>Not run yet, or interrupted.</summary>
    Pending,
}

/// <summary>
/// The on-disk layout of a sweep: <c>sweep.json</c> (the trials and their settings), <c>trials/ID/</c> (settings.json,
/// metrics.csv, summary.json; a folder appears only when its trial has finished), <c>failed/ID.json</c>, and
/// <c>.lock</c>, the file whose OS lock a process holds while it runs the sweep.
/// </summary>
public sealed class SweepFolder(string dir)
{
    /// <summary>The sweep's root folder.</summary>
    public string Dir { get; } = string.IsNullOrWhiteSpace(dir)
        ? throw new InputException("--out: expected a sweep folder, got an empty path")
        : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));

    /// <summary>
    /// Checks, before a sweep writes anything, that the folder is new, empty, or a sweep's (it holds sweep.json): not a
    /// file, and not a folder of other files. Throws <see cref="InputException"/> naming --out.
    /// </summary>
    public void CheckWritable()
    {
        if (File.Exists(Dir)) throw new InputException($"--out {Dir}: a file is there; expected a sweep folder");
        // Listed before sweep.json is looked for: a sweep writes sweep.json before any other visible entry, so a folder
        // that another process is setting up at this moment is never taken for a folder of other files.
        bool visible = Directory.Exists(Dir) && Directory.EnumerateFileSystemEntries(Dir).Any(e => !Path.GetFileName(e).StartsWith('.'));
        if (visible && !File.Exists(SweepFile))
            throw new InputException($"--out {Dir}: the folder holds files that are not a sweep's (no sweep.json); choose a new folder");
        for (string? up = Path.GetDirectoryName(Dir); up != null; up = Path.GetDirectoryName(up))
            if (File.Exists(up)) throw new InputException($"--out {Dir}: {up} is a file, not a folder");
        OutputFolder.RequireWritableUnder(Dir); // a read-only place is bad input (exit 2), as for gram and data
    }

    /// <summary>Folder of trial <paramref name="id"/>.</summary>
    public string TrialDir(string id) => Path.Combine(Dir, "trials", id);

    /// <summary>The failure record of trial <paramref name="id"/>.</summary>
    public string FailedFile(string id) => Path.Combine(Dir, "failed", id + ".json");

    /// <summary>The trial list file.</summary>
    public string SweepFile => Path.Combine(Dir, "sweep.json");

    /// <summary>The state of trial <paramref name="id"/>.</summary>
    public TrialState State(string id) =>
        File.Exists(Path.Combine(TrialDir(id), OutputFolder.SummaryFile)) ? (Problem(id) == null ? TrialState.Done : TrialState.Damaged)
        : File.Exists(FailedFile(id)) ? TrialState.Failed
        : TrialState.Pending;

    /// <summary>
    /// Why a trial's files do not verify, or null when they do: summary.json must parse with steps_run, and metrics.csv
    /// must have a header and rows of as many fields, each empty or a number, the last row at step steps_run (a run
    /// always records its last step).
    /// </summary>
    public string? Problem(string id)
    {
        string dir = TrialDir(id);
        int stepsRun;
        try
        {
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, OutputFolder.SummaryFile)));
            stepsRun = (int)summary!["steps_run"]!;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NullReferenceException or IOException)
        {
            return $"{OutputFolder.SummaryFile} does not parse or has no steps_run";
        }
        string metrics = Path.Combine(dir, "metrics.csv");
        if (!File.Exists(metrics)) return "metrics.csv is missing";
        try
        {
            using var csv = CsvReader.Open(metrics);
            if (!csv.Next()) return "metrics.csv has no rows";
            int fields = csv.Count, rows = 0;
            string last = "";
            while (csv.Next())
            {
                rows++;
                if (csv.Count != fields) return $"metrics.csv line {csv.Line}: {csv.Count} fields, expected {fields}";
                for (int c = 0; c < csv.Count; c++)
                    if (!csv.IsEmpty(c) && !csv.TryNumber(c, out _))
                        return $"metrics.csv line {csv.Line}: '{csv.Text(c)}' is not a number";
                last = csv.Text(0);
            }
            if (rows == 0) return "metrics.csv has no rows";
            return last == stepsRun.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ? null : $"metrics.csv ends at step {last}, but summary.json says {stepsRun} steps ran";
        }
        catch (InputException e) { return e.Message; } // malformed quoting: the file does not verify
    }

    /// <summary>Writes sweep.json: the spec's name and every trial with its axes and settings.</summary>
    public void WriteTrials(SweepSpec spec, IReadOnlyList<Trial> trials) => WriteTrials(spec.Name, spec.AxisNames, trials);

    /// <summary>Writes sweep.json: a name, the axis names, and every trial (a threshold search grows the list round by round).</summary>
    public void WriteTrials(string name, IReadOnlyList<string> axisNames, IReadOnlyList<Trial> trials)
    {
        Directory.CreateDirectory(Dir);
        AtomicFile.WriteAllText(SweepFile, Json.Write(new SweepFile(name, axisNames, [.. trials.Select(TrialEntry.Of)], Json.Version)));
    }

    /// <summary>The sweep's name as recorded in sweep.json.</summary>
    public string ReadName() => (string)Read()["name"]!;

    /// <summary>sweep.json, or a one-line error when the folder is not a sweep's.</summary>
    private JsonNode Read()
    {
        if (!File.Exists(SweepFile)) throw new InputException($"{Dir}: not a sweep folder (no sweep.json); run overparam sweep SPEC --out {Dir} first");
        try { return JsonNode.Parse(File.ReadAllText(SweepFile))!; }
        catch (System.Text.Json.JsonException e) { throw InputException.InFile(SweepFile, "", $"not valid JSON ({e.Message})"); }
    }

    /// <summary>Reads sweep.json back: the axis names and the trials.</summary>
    public (IReadOnlyList<string> Axes, IReadOnlyList<Trial> Trials) ReadTrials()
    {
        var o = Read();
        var axes = o["axes"]!.AsArray().Select(a => (string)a!).ToList();
        var trials = o["trials"]!.AsArray().Select(t => new Trial((string)t!["id"]!, SettingsJson.Read(t["axes"]!, SweepFile),
            SettingKeys.Completed(SettingsJson.Read(t["settings"]!, SweepFile)))).ToList();
        return (axes, trials);
    }

    /// <summary>
    /// Takes the sweep's lock, so two processes never run one sweep: an exclusive OS lock on <c>.lock</c> (flock on
    /// Linux), held while the returned handle is open and released by the kernel when the process ends, however it ends.
    /// Taking it is one atomic step, so two processes started at the same moment cannot both succeed. The file itself
    /// stays; <c>.lock-holder</c> beside it names the last process that took the lock, for the message a second process gets.
    /// </summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(Dir);
        string path = Path.Combine(Dir, ".lock"), holderFile = Path.Combine(Dir, ".lock-holder");
        FileStream f;
        try { f = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException)
        {
            string holder = File.Exists(holderFile) && int.TryParse(File.ReadAllText(holderFile).Trim(), out int pid) ? $"process {pid}" : "another process";
            throw new InputException($"{Dir}: the sweep is being run by {holder}; wait for it to finish");
        }
        AtomicFile.WriteAllText(holderFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return f;
    }

    /// <summary>
    /// Removes what a killed run left behind (safe under the lock): staging folders of trials, and the temporary files of
    /// sweep.json, threshold.json, failure records and the other files written atomically at the top level
    /// (<see cref="Orphans"/>: only those whose process is gone).
    /// </summary>
    public void RemoveStaleStaging()
    {
        Orphans.Remove(Dir);
        Orphans.Remove(Path.Combine(Dir, "failed"));
        string trials = Path.Combine(Dir, "trials");
        if (!Directory.Exists(trials)) return;
        foreach (var d in Directory.GetDirectories(trials, ".*.partial-*")) Directory.Delete(d, recursive: true);
        Orphans.Remove(trials);
    }

}
