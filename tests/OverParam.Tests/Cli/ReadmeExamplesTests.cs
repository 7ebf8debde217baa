namespace OverParam.Tests.Cli;

/// <summary>Runs every <c>./overparam …</c> line of the sh blocks of README.md and docs/*.md, so the examples cannot rot.</summary>
[TestCaseOrderer("OverParam.Tests.Cli.StartedFirstLast", "OverParam.Tests")]
public class ReadmeExamplesTests
{
    /// <summary>Each example with its expected exit code: 0, or N when the comment above it says "exits N".</summary>
    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        bool inSh = false;
        int expected = 0;
        string root = TestData.RepoRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (var raw in files.SelectMany(File.ReadLines))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal)) { inSh = line == "```sh"; continue; }
            if (!inSh) continue;
            if (line.StartsWith('#'))
            {
                int at = line.IndexOf("exits ", StringComparison.Ordinal);
                expected = at < 0 ? 0 : line[at + 6] - '0';
            }
            else if (line.StartsWith("./overparam ", StringComparison.Ordinal) && !line.Contains(" bench "))
            {
                data.Add(line, expected);
                expected = 0;
            }
        }
        return data;
    }

    /// <summary>Whether <paramref name="line"/> is an example whose run starts as the test process loads (<see cref="SharedRunsFirst"/>).</summary>
    internal static bool StartedFirst(string line) =>
        SharedRunsFirst.Longest.Any(args => line.StartsWith($"./overparam {string.Join(' ', args)} --out ", StringComparison.Ordinal));

    [Fact]
    public void Readme_has_examples()
    {
        Assert.True(Examples().Count >= 5);
    }

    [Fact]
    public void The_runs_started_first_are_examples_the_suite_runs_anyway()
    {
        var lines = Examples().Select(row => (string)row[0]).ToList();
        foreach (var args in SharedRunsFirst.Longest)
            Assert.Contains(lines, l => l.StartsWith($"./overparam {string.Join(' ', args)} --out ", StringComparison.Ordinal));
        Assert.Equal(SharedRunsFirst.Longest.Length, lines.Count(StartedFirst));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Readme_example_runs(string line, int expectedExit)
    {
        using var dir = new TestData.TempDir();
        var words = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        for (int i = 0; i < words.Length; i++)
        {
            if (i > 0 && words[i - 1] == "--out") words[i] = dir["out"];
            else if (words[i].Contains('/') && !words[i].StartsWith('-')) words[i] = Path.Combine(TestData.RepoRoot(), words[i]);
        }
        string outDir = dir["out"];
        CliRunner.Result r;
        if (words.Contains(outDir))
        {
            // Tests that read the same command line's results (the reproductions', the threshold search's) read this run
            // (SharedRuns): it runs once, not once per test.
            int at = Array.IndexOf(words, outDir);
            (r, outDir) = SharedRuns.Run([.. words[..(at - 1)], .. words[(at + 1)..]]);
        }
        else r = CliRunner.Run(words);
        Assert.True(r.ExitCode == expectedExit, $"{line}\nexit {r.ExitCode}\n{r.Err}");
        Assert.NotEmpty(r.Out);
        if (words.Contains(dir["out"])) // a run's folder has summary.json, a sweep's report.html
            Assert.True(File.Exists(Path.Combine(outDir, "summary.json")) || File.Exists(Path.Combine(outDir, "report.html")), line);
        // Every CSV it wrote loads in one line with NumPy and csv.DictReader alike (where NumPy is missing, CsvOutputTests
        // says so by skipping).
        if (r.ExitCode == 0 && Directory.Exists(outDir) && PythonNumpy.WhyMissing == null) PythonNumpy.AssertCsvsLoad(outDir);
        if (words.Length > 0 && words[0] == "reproduce") // every reproduction writes the claims its report checks
        {
            var claims = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "claims.json")))!["claims"]!.AsArray();
            Assert.NotEmpty(claims);
            Assert.All(claims, c => Assert.True(c!["id"] != null && c["statement"] != null && c["kind"] != null && c["source"] != null
                && c["criterion"]!.AsArray().Count > 0 && c["measured"]!.AsObject().Count > 0
                // "holds" is always written: true, false, or null where nothing decided it (an undecided run at a step cap).
                && c.AsObject().ContainsKey("holds"), c!.ToJsonString()));
        }
    }
}

/// <summary>
/// xUnit's own order (by unique id), except that the examples whose runs start as the test process loads come last: a
/// class's cases run one after another, and the rest of the examples need not wait behind a run of minutes that has not
/// finished.
/// </summary>
public sealed class StartedFirstLast : Xunit.Sdk.ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : Xunit.Abstractions.ITestCase =>
        testCases.OrderBy(c => c.TestMethodArguments is [string line, ..] && ReadmeExamplesTests.StartedFirst(line))
            .ThenBy(c => c.UniqueID, StringComparer.Ordinal);
}
