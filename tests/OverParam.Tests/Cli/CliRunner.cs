using OverParam.Cli;

namespace OverParam.Tests.Cli;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = App.Run(args, o, e);
        if (code == App.Ok) Schemas.OutputsAssert.Valid(args);
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>The last line on stderr (the error line; earlier lines announce the backend).</summary>
    public static string ErrorLine(this Result r) =>
        r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
}
