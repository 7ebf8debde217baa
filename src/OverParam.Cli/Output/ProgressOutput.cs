using System.Text;
using OverParam.IO;
using Spectre.Console;

namespace OverParam.Cli;

/// <summary>
/// Runs a command's work with its progress drawn on stderr: live bars (<see cref="LiveProgress"/>) when stderr is a
/// terminal, plain lines (<see cref="PlainProgress"/>) when it is a file or a pipe (logs, Slurm). While the bars are live,
/// the work's other stderr lines (notes, the backend) are written above them through the same console, so the two never
/// tear each other; stdout is never touched: a command prints its results after the work returns.
/// </summary>
internal static class ProgressOutput
{
    /// <summary>Runs <paramref name="work"/> with the context to report to and the progress sink.</summary>
    public static T Run<T>(CliContext ctx, Func<CliContext, IProgress<ProgressUpdate>, T> work)
    {
        if (!ctx.Interactive) return work(ctx, new PlainProgress(ctx.Err));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(ctx.Err),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        using var lines = new ConsoleLines(console);
        LiveProgress? bars = null;
        return console.Progress().AutoClear(true).HideCompleted(true).Columns(LiveProgress.Columns(() => bars))
            .Start(live => work(ctx with { Err = lines }, bars = new LiveProgress(live, console)));
    }

    /// <summary>A writer whose whole lines go to the live console (above its bars).</summary>
    private sealed class ConsoleLines(IAnsiConsole console) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    console.WriteLine(_line.ToString());
                    _line.Clear();
                }
                else if (value != '\r') _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "") Write(c);
        }

        public override void Flush()
        {
            lock (_line)
            {
                if (_line.Length == 0) return;
                console.WriteLine(_line.ToString());
                _line.Clear();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }
    }
}
