using System.CommandLine;
using OverParam.Cli;

namespace OverParam.Tests.Cli;

/// <summary>
/// Property test of every number-valued option of every command, found by walking the command tree (so a new option is
/// covered without a new line here): any string given to it ends in exit 0, 1 or 2 with one error line and no stack
/// trace (exit 1 is also check's "a hypothesis does not hold", which prints no error), never 70 (an internal error) or
/// 134 (an unhandled exception). "1e2" and "1,000" given to whole-number options
/// used to throw from a validator and abort the process.
/// </summary>
public class OptionBoundaryPropertyTests
{
    /// <summary>Random strings per option (the named awkward ones always run too); OVERPARAM_PROPERTY_CASES raises it.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("OVERPARAM_PROPERTY_CASES"), out int c) ? Math.Max(1, c / 15) : 10;

    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("OVERPARAM_PROPERTY_SEED"), out ulong s) ? s : 20261207;

    /// <summary>Strings that broke or nearly broke number parsing somewhere.</summary>
    private static readonly string[] Awkward =
    [
        "1e2", "1,000", "1_000", "0x10", "2.5", "-1", "-0", "0", "1", "+3", " 7", "7 ", "", " ", "NaN", "nan", "Infinity", "-Infinity", "∞", "1e400",
        "-1e400", "4.9e-324", "99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "１２", "٣", "1/2", "--", "-", "e", ".", "1.", ".5",
        "0.0.0", "true", "null", "'3'", "\"3\"", "3;rm", "\t3",
    ];

    private static readonly Type[] NumberTypes = [typeof(int), typeof(long), typeof(double), typeof(int?), typeof(long?), typeof(double?)];

    /// <summary>Every (command path, option) whose value is a number.</summary>
    private static IEnumerable<(string[] Path, Option Option)> NumberOptions(Command command, string[] path)
    {
        foreach (var o in command.Options.Where(o => NumberTypes.Contains(o.ValueType) && !o.Hidden)) yield return (path, o);
        foreach (var sub in command.Subcommands)
            foreach (var p in NumberOptions(sub, [.. path, sub.Name])) yield return p;
    }

    /// <summary>
    /// The rest of a command line that reaches the action and stops there cheaply: required arguments, and an --out that
    /// is a file, which every writing command refuses before any work. Benchmarks write nothing and would run: they get
    /// an unknown token, so their options' parsing and validation are tested and nothing runs.
    /// </summary>
    private static string[] Rest(string[] path, string file, string spec) => path switch
    {
        ["bench", ..] => ["--not-an-option"],
        ["check"] => ["--n", "3", "--d", "2", "--width", "4"],
        ["sweep", "run-trial"] => [file],
        ["sweep"] => [spec, "--out", file],
        ["threshold"] => ["--n", "4", "--out", file],
        _ => ["--out", file],
    };

    /// <summary>Random strings of 0 to 12 characters from what numbers are made of, and some of what they are not.</summary>
    private static List<string> RandomStrings(int count, Random rng)
    {
        const string pool = "0123456789012345678901234567890+-.,eE_ xX∞٣１NaIfinty\u00a0/'\"";
        return [.. Enumerable.Range(0, count).Select(_ => new string([.. Enumerable.Range(0, rng.Next(13)).Select(_ => pool[rng.Next(pool.Length)])]))];
    }

    [Fact]
    public void Any_string_given_to_a_number_option_ends_in_exit_0_1_or_2_with_one_line()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["file"], "x");
        File.WriteAllText(dir["s.yaml"], "name: p\nbase: { n: 4, d: 2, labels: sign, steps: 1, width: 4 }\naxes: { seed: [0] }\n");
        var root = App.Build(new CliContext(TextWriter.Null, TextWriter.Null, false, CommonOptions.Backend(), CommonOptions.Threads()));
        var options = NumberOptions(root, []).ToList();
        Assert.True(options.Count > 40, $"only {options.Count} number options found: the walk is broken");
        var strings = RandomStrings(Cases * options.Count, new Random(unchecked((int)Seed)));
        var failures = new List<string>();
        int runs = 0;
        for (int k = 0; k < options.Count; k++)
        {
            var (path, option) = options[k];
            foreach (var value in Awkward.Concat(strings.Skip(k * Cases).Take(Cases)))
            {
                string[] args = [.. path, option.Name, value, .. Rest(path, dir["file"], dir["s.yaml"])];
                var r = CliRunner.Run(args);
                runs++;
                var errorLines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("overparam: error:", StringComparison.Ordinal)).ToList();
                if (r.ExitCode is not (0 or 1 or 2) || r.Err.Contains("   at ", StringComparison.Ordinal) || (r.ExitCode == 2 && errorLines.Count != 1) || errorLines.Count > 1)
                    failures.Add($"{string.Join(' ', args)} → exit {r.ExitCode}: {r.Err.Split('\n').LastOrDefault(l => l.Length > 0)}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} runs failed, e.g.:\n" + string.Join('\n', failures.Take(10)));
    }
}
