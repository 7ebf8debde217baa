using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OverParam.Tests.Cli;

/// <summary>
/// Command lines that several tests read the results of, run once per test process: the quick reproductions take from
/// seconds to minutes, and the README's examples and the reproductions' own tests ran each of them twice (the quick
/// Kawaguchi reproduction was half the suite's time). The first test to ask runs it; the others wait for it and read the
/// same folder, which lives until the process ends. A test that changes the folder (a resume) copies it first.
/// </summary>
internal static class SharedRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<(CliRunner.Result Result, string Out)>> Runs = new();

    private static readonly Lazy<string> Root = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("overparam-shared-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* the temporary folder's name says what it is */ }
        };
        return root;
    });

    /// <summary>The result of <c>overparam ARGS --out DIR</c> and DIR, running it if no test has yet.</summary>
    public static (CliRunner.Result Result, string Out) Run(params string[] args)
    {
        string key = string.Join('\u001f', args);
        return Runs.GetOrAdd(key, k => new Lazy<(CliRunner.Result, string)>(() =>
        {
            string dir = Path.Combine(Root.Value, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(k)))[..16]);
            return (CliRunner.Run([.. args, "--out", dir]), dir);
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>A copy of <paramref name="source"/> at <paramref name="target"/>, for a test that runs on and changes it.</summary>
    public static void Copy(string source, string target)
    {
        foreach (var d in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, d)));
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(target, Path.GetRelativePath(source, f)));
    }
}
