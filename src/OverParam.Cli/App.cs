using System.CommandLine;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Cli;

/// <summary>
/// The <c>overparam</c> command line: builds the verbs, parses, runs, and maps failures to one line and an exit code.
/// Exit codes: 0 success; 1 the run itself failed (divergence, failed trials); 2 bad input or usage;
/// 3 a numerical routine failed; 70 an internal error (a bug: please report the line printed).
/// </summary>
public static class App
{
    public const int Ok = 0, RunFailed = 1, BadInput = 2, NumericalFailure = 3, InternalError = 70;

    /// <summary>Parses and runs <paramref name="args"/>, writing results to <paramref name="stdout"/> and diagnostics to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        var root = Build(new CliContext(stdout, stderr, interactive, CommonOptions.Backend(), CommonOptions.Threads()));
        ParseResult parsed;
        try { parsed = root.Parse(args); }
        catch (Exception e) { return Fail(stderr, e); } // a validator that throws is a bug, reported as one line, never a stack trace
        if (parsed.Errors.Count > 0)
        {
            var error = parsed.Errors[0];
            // Name the option a bad value belongs to, unless the message already does.
            string? option = error.SymbolResult switch
            {
                System.CommandLine.Parsing.OptionResult o => o.Option.Name,
                System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option.Name,
                _ => null,
            };
            string message = Friendlier(OneLine(error.Message));
            if (option != null && !message.Contains(option, StringComparison.Ordinal)) message = $"{option}: {message}";
            stderr.WriteLine($"overparam: error: {message} (see --help)");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) { return Fail(stderr, e); }
    }

    /// <summary>Every verb of the command line, reporting to <paramref name="ctx"/> (the tests walk this tree).</summary>
    internal static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("OverParam: Gram matrices, theorem checks and gradient-descent training of over-parameterized networks, as the papers define them.")
        {
            ctx.BackendOption,
            ctx.ThreadsOption,
        };
        root.Subcommands.Add(DataCommand.Create(ctx));
        root.Subcommands.Add(GramCommand.Create(ctx));
        root.Subcommands.Add(CheckCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(PredictCommand.Create(ctx));
        root.Subcommands.Add(SweepCommand.Create(ctx));
        root.Subcommands.Add(AggregateCommand.Create(ctx));
        root.Subcommands.Add(ReproduceCommand.Create(ctx));
        root.Subcommands.Add(ThresholdCommand.Create(ctx));
        root.Subcommands.Add(BenchCommand.Create(ctx));
        root.Subcommands.Add(SchemaCommand.Create(ctx));
        return root;
    }

    /// <summary>
    /// The one line and exit code of a failure. Work run in parallel (sweep trials, threshold rounds) fails as an
    /// <see cref="AggregateException"/>: its first inner failure is the one reported, with that failure's own code, so a
    /// full disk is exit 1 whether a trial or the command itself met it.
    /// </summary>
    private static int Fail(TextWriter stderr, Exception e) => e switch
    {
        AggregateException a when a.Flatten().InnerExceptions.Count > 0 => Fail(stderr, a.Flatten().InnerExceptions[0]),
        InputException => Fail(stderr, e.Message, BadInput),
        LapackException => Fail(stderr, e.Message, NumericalFailure),
        InvalidOperationException when e.Message.StartsWith("--", StringComparison.Ordinal) => Fail(stderr, e.Message, BadInput),
        IOException => Fail(stderr, e.Message, RunFailed),
        UnauthorizedAccessException => Fail(stderr, e.Message, RunFailed),
        OutOfMemoryException => Fail(stderr, "out of memory; try a smaller n or --no-gram", RunFailed),
        _ => Fail(stderr, $"internal error ({e.GetType().Name}): {e.Message}", InternalError),
    };

    /// <summary>System.CommandLine's "Cannot parse argument 'x' for option '--n' as expected type 'System.Int32'", said plainly.</summary>
    private static string Friendlier(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(?<v>.*)' for option '(?<o>[^']+)' as expected type '(?<t>[^']+)'");
        if (!m.Success) return message;
        string expected = m.Groups["t"].Value switch
        {
            "System.Int32" or "System.Nullable`1[System.Int32]" => $"a whole number up to {int.MaxValue}",
            "System.Int64" or "System.Nullable`1[System.Int64]" => $"a whole number up to {long.MaxValue}",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            _ => "a value of type " + m.Groups["t"].Value,
        };
        return $"{m.Groups["o"].Value}: expected {expected}, got '{m.Groups["v"].Value}'";
    }

    /// <summary>Joins a multi-line message into one line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static int Fail(TextWriter stderr, string message, int code)
    {
        stderr.WriteLine($"overparam: error: {OneLine(message)}");
        return code;
    }
}

/// <summary>The writers a command reports to (never Console directly, so tests can capture them).</summary>
/// <param name="Out">Results.</param>
/// <param name="Err">Diagnostics and progress.</param>
/// <param name="Interactive">Whether stderr is a terminal (progress bar) or a file (plain lines).</param>
/// <param name="BackendOption">This parse's --backend.</param>
/// <param name="ThreadsOption">This parse's --threads.</param>
public sealed record CliContext(TextWriter Out, TextWriter Err, bool Interactive, Option<string> BackendOption, Option<int> ThreadsOption)
{
    /// <summary>The --threads value.</summary>
    public int Threads(ParseResult r) => r.GetValue(ThreadsOption);

    /// <summary>Creates the backend chosen by --backend and announces it on stderr.</summary>
    public ILinearAlgebra Backend(ParseResult r)
    {
        var la = Backends.Create(r.GetValue(BackendOption)!, Threads(r), out var note);
        if (note != null) Err.WriteLine($"overparam: {note}");
        Err.WriteLine($"overparam: backend {la.Description}");
        return la;
    }

    /// <summary>Writes a note (e.g. a memory estimate) to stderr, as "overparam: …".</summary>
    public void Note(string line) => Err.WriteLine($"overparam: {line}");
}
