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
        var ctx = new CliContext(stdout, stderr, interactive, CommonOptions.Backend(), CommonOptions.Threads());
        var root = new RootCommand("OverParam: Gram matrices, theorem checks and gradient-descent training of over-parameterized networks, as the papers define them.")
        {
            ctx.BackendOption,
            ctx.ThreadsOption,
        };
        root.Subcommands.Add(DataCommand.Create(ctx));
        root.Subcommands.Add(GramCommand.Create(ctx));
        root.Subcommands.Add(CheckCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(SweepCommand.Create(ctx));
        root.Subcommands.Add(SweepCommand.Aggregate(ctx));
        root.Subcommands.Add(SweepCommand.Reproduce(ctx));
        root.Subcommands.Add(ThresholdCommand.Create(ctx));
        root.Subcommands.Add(BenchCommand.Create(ctx));
        var parsed = root.Parse(args);
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
        catch (InputException e) { return Fail(stderr, e.Message, BadInput); }
        catch (LapackException e) { return Fail(stderr, e.Message, NumericalFailure); }
        catch (InvalidOperationException e) when (e.Message.StartsWith("--", StringComparison.Ordinal))
        {
            return Fail(stderr, e.Message, BadInput);
        }
        catch (IOException e) { return Fail(stderr, e.Message, RunFailed); }
        catch (UnauthorizedAccessException e) { return Fail(stderr, e.Message, RunFailed); }
        catch (OutOfMemoryException) { return Fail(stderr, "out of memory; try a smaller n or --no-gram", RunFailed); }
        catch (Exception e) { return Fail(stderr, $"internal error ({e.GetType().Name}): {e.Message}", InternalError); }
    }

    /// <summary>System.CommandLine's "Cannot parse argument 'x' for option '--n' as expected type 'System.Int32'", said plainly.</summary>
    private static string Friendlier(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(?<v>.*)' for option '(?<o>[^']+)' as expected type '(?<t>[^']+)'");
        if (!m.Success) return message;
        string expected = m.Groups["t"].Value switch
        {
            "System.Int32" => $"a whole number up to {int.MaxValue}",
            "System.Int64" => $"a whole number up to {long.MaxValue}",
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
