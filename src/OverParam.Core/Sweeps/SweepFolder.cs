using System.Diagnostics;
using System.Text.Json.Nodes;
using OverParam.Data;
using OverParam.IO;
using OverParam.Reporting;

namespace OverParam.Sweeps;

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>Its folder holds summary.json: finished (a diverged run is finished too, and says so).</summary>
    Done,
    /// <summary>It raised an error; failed/ID.json holds it. A rerun tries it again.</summary>
    Failed,
    /// <summary>Not run yet, or interrupted.</summary>
    Pending,
}

/// <summary>
/// The on-disk layout of a sweep: <c>sweep.json</c> (the trials and their settings), <c>trials/ID/</c> (settings.json,
/// metrics.csv, summary.json; a folder appears only when its trial has finished), <c>failed/ID.json</c>, and
/// <c>.lock</c> while a process runs the sweep.
/// </summary>
public sealed class SweepFolder(string dir)
{
    /// <summary>The sweep's root folder.</summary>
    public string Dir { get; } = Path.GetFullPath(dir);

    /// <summary>Folder of trial <paramref name="id"/>.</summary>
    public string TrialDir(string id) => Path.Combine(Dir, "trials", id);

    /// <summary>The failure record of trial <paramref name="id"/>.</summary>
    public string FailedFile(string id) => Path.Combine(Dir, "failed", id + ".json");

    /// <summary>The trial list file.</summary>
    public string SweepFile => Path.Combine(Dir, "sweep.json");

    /// <summary>The state of trial <paramref name="id"/>.</summary>
    public TrialState State(string id) =>
        File.Exists(Path.Combine(TrialDir(id), OutputFolder.SummaryFile)) ? TrialState.Done
        : File.Exists(FailedFile(id)) ? TrialState.Failed
        : TrialState.Pending;

    /// <summary>Writes sweep.json: the spec's name and every trial with its axes and settings.</summary>
    public void WriteTrials(SweepSpec spec, IReadOnlyList<Trial> trials)
    {
        Directory.CreateDirectory(Dir);
        var list = new JsonArray();
        foreach (var t in trials) list.Add(TrialJson(t));
        var o = new JsonObject
        {
            ["name"] = spec.Name,
            ["axes"] = new JsonArray(spec.Axes.Select(a => (JsonNode)a.Key).ToArray()),
            ["trials"] = list,
            ["overparam_version"] = Json.Version,
        };
        AtomicFile.WriteAllText(SweepFile, Json.Write(o));
    }

    /// <summary>A trial as JSON: { id, axes, settings }.</summary>
    public static JsonObject TrialJson(Trial t) => new()
    {
        ["id"] = t.Id,
        ["axes"] = Obj(t.Axes),
        ["settings"] = Obj(t.Settings),
    };

    private static JsonObject Obj(IReadOnlyDictionary<string, string> d)
    {
        var o = new JsonObject();
        foreach (var (k, v) in d) o[k] = v;
        return o;
    }

    /// <summary>The sweep's name as recorded in sweep.json.</summary>
    public string ReadName() => (string)JsonNode.Parse(File.ReadAllText(SweepFile))!["name"]!;

    /// <summary>Reads sweep.json back: the axis names and the trials.</summary>
    public (IReadOnlyList<string> Axes, IReadOnlyList<Trial> Trials) ReadTrials()
    {
        if (!File.Exists(SweepFile)) throw new InputException($"{Dir}: not a sweep folder (no sweep.json); run overparam sweep SPEC --out {Dir} first");
        var o = JsonNode.Parse(File.ReadAllText(SweepFile))!;
        var axes = o["axes"]!.AsArray().Select(a => (string)a!).ToList();
        var trials = o["trials"]!.AsArray().Select(t => new Trial((string)t!["id"]!, Dict(t["axes"]!), Dict(t["settings"]!))).ToList();
        return (axes, trials);
    }

    private static Dictionary<string, string> Dict(JsonNode n) => n.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

    /// <summary>
    /// Takes the sweep's lock (.lock holding this process id), so two processes never run one sweep. A lock left by a
    /// process that no longer runs is taken over. Dispose to release.
    /// </summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(Dir);
        string path = Path.Combine(Dir, ".lock");
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var w = new StreamWriter(f)) w.Write(Environment.ProcessId);
                return new Releaser(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (int.TryParse(File.ReadAllText(path).Trim(), out int pid) && pid != Environment.ProcessId && Alive(pid))
                    throw new InputException($"{Dir}: the sweep is being run by process {pid} (remove {path} if it is not)");
                File.Delete(path); // stale: its process is gone
            }
        }
        throw new IOException($"{path}: cannot take the sweep's lock");
    }

    private static bool Alive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Removes staging folders that a killed run left behind (safe under the lock).</summary>
    public void RemoveStaleStaging()
    {
        string trials = Path.Combine(Dir, "trials");
        if (!Directory.Exists(trials)) return;
        foreach (var d in Directory.GetDirectories(trials, ".*.partial-*")) Directory.Delete(d, recursive: true);
    }

    private sealed class Releaser(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
