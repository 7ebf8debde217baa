using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Sweeps;

/// <summary>
/// Runs some trials of a sweep folder whose sweep.json lists them (by index), under the caller's lock. Whatever runs
/// them, each finished trial's folder appears atomically under trials/, so the caller reads the results the same way.
/// </summary>
public interface ITrialExecutor
{
    /// <summary>
    /// Runs trials[i] for each i of <paramref name="pending"/>; failures are recorded in failed/ID.json, not thrown.
    /// <paramref name="progress"/> (made by <see cref="SweepRunner.Progress"/> for those trials) hears of each as it ends.
    /// </summary>
    void Run(SweepFolder folder, IReadOnlyList<Trial> trials, IReadOnlyList<int> pending, PartProgress? progress = null);
}

/// <summary>Runs trials in this process, <paramref name="jobs"/> at a time.</summary>
public sealed class LocalExecutor(int jobs, ILinearAlgebra la, int maxParallelism, Action<string>? log = null) : ITrialExecutor
{
    /// <inheritdoc/>
    public void Run(SweepFolder folder, IReadOnlyList<Trial> trials, IReadOnlyList<int> pending, PartProgress? progress = null) =>
        SweepRunner.RunPending(pending.Select(i => trials[i]).ToList(), folder, jobs, la, maxParallelism, log, progress);
}

/// <summary>
/// Runs trials as one Slurm job array (sbatch --wait): task i runs <c>overparam sweep run-trial DIR --index i</c>. While
/// sbatch waits, the sweep folder is looked at every few seconds, and each trial found finished is reported as done.
/// </summary>
/// <param name="command">How a compute node starts overparam (quoted words).</param>
/// <param name="cpusPerTask">Cores each task asks for.</param>
/// <param name="jobs">At most this many tasks at once (0: no limit).</param>
/// <param name="name">The job's name.</param>
/// <param name="log">Receives sbatch's output.</param>
public sealed class SlurmExecutor(IReadOnlyList<string> command, int cpusPerTask, int jobs, string name, Action<string>? log = null) : ITrialExecutor
{
    /// <inheritdoc/>
    public void Run(SweepFolder folder, IReadOnlyList<Trial> trials, IReadOnlyList<int> pending, PartProgress? progress = null)
    {
        string script = SlurmArray.WriteScript(folder, command, cpusPerTask, name);
        log?.Invoke($"submitting {pending.Count} trial(s) as a Slurm array ({script})");
        var (code, output) = SlurmArray.Submit(script, pending, jobs, SlurmArray.Watch(folder, pending.Select(i => trials[i]).ToList(), progress));
        progress?.End();
        log?.Invoke($"sbatch: {output.ReplaceLineEndings(" ")} (exit {code})");
    }
}
