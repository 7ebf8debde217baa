using System.Collections.Concurrent;
using OverParam.IO;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OverParam.Cli;

/// <summary>
/// Progress drawn live on a terminal with Spectre.Console: one bar per part (or stage) that runs, described by the part
/// and its counts (<see cref="ProgressText.Status"/>), beside the time left, counting down between the updates that
/// revise it, and the elapsed time. When a part ends its bar goes, and its last line stays above the live area, as a log
/// line would.
/// </summary>
internal sealed class LiveProgress : IProgress<ProgressUpdate>
{
    private readonly ProgressContext _context;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, ProgressTask> _tasks = [];
    private readonly ConcurrentDictionary<int, (ProgressUpdate Update, long At)> _latest = new();
    private readonly object _gate = new();

    /// <summary>Draws into <paramref name="context"/>'s display on <paramref name="console"/> (stderr).</summary>
    public LiveProgress(ProgressContext context, IAnsiConsole console, TimeProvider? clock = null) =>
        (_context, _console, _clock) = (context, console, clock ?? TimeProvider.System);

    /// <summary>The columns of a bar: description, bar, time left, elapsed time.</summary>
    public static ProgressColumn[] Columns(Func<LiveProgress?> owner) =>
        [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new LeftColumn(owner), new ElapsedTimeColumn()];

    /// <inheritdoc/>
    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            string key = $"{value.Part}/{value.Parts}\u001f{value.Name}\u001f{value.Stage}";
            if (!_tasks.TryGetValue(key, out var task))
            {
                task = _context.AddTask(Markup.Escape(ProgressText.Status(value)), autoStart: true, maxValue: Math.Max(1, value.Total));
                _tasks[key] = task;
            }
            if (task.IsFinished) return;
            _latest[task.Id] = (value, _clock.GetTimestamp());
            task.Description = Markup.Escape(ProgressText.Status(value));
            task.IsIndeterminate = value.Total == 0 && !value.Finished;
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Total == 0 ? 0 : Math.Min(value.Done, value.Total);
            if (!value.Finished) return;
            task.Value = task.MaxValue;
            task.StopTask();
            _console.WriteLine($"overparam: {ProgressText.Line(value)}");
        }
    }

    /// <summary>The time left of a bar now: its last estimate less the time since it was made.</summary>
    private string LeftNow(ProgressTask task)
    {
        if (!_latest.TryGetValue(task.Id, out var latest)) return "";
        var (u, at) = latest;
        if (u.Finished || u.Total == 0 || u.Left is not { } left) return ProgressText.Left(u, inStage: false) ?? "";
        var now = left - _clock.GetElapsedTime(at);
        return now > TimeSpan.Zero ? $"about {ProgressText.Duration(now, rough: true)} left" : "any moment";
    }

    /// <summary>The time-left column, read from the owner's latest updates.</summary>
    private sealed class LeftColumn(Func<LiveProgress?> owner) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(owner()?.LeftNow(task) ?? "");

        public override int? GetColumnWidth(RenderOptions options) => 20;
    }
}
