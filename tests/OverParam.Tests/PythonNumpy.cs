using System.Diagnostics;

namespace OverParam.Tests;

/// <summary>
/// Runs Python scripts under /usr/bin/python3 with NumPy, for cross-checks against NumPy itself (files it writes, files it
/// loads). Tests that need it skip, saying why, where that Python or its NumPy is missing (Debian: python3-numpy).
/// </summary>
internal static class PythonNumpy
{
    /// <summary>The interpreter: the system's, which Debian's python3-numpy installs into (a python3 on PATH may lack it).</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is not there";
        var (code, _, err) = Run("import numpy");
        return code == 0 ? null : $"{Python} has no NumPy (install python3-numpy): {err.Trim().Split('\n').LastOrDefault()}";
    });

    /// <summary>Why NumPy cannot be used here, or null when it can.</summary>
    public static string? WhyMissing => Missing.Value;

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (sys.argv[1:]); returns the exit code and what it printed.</summary>
    public static (int Code, string Out, string Err) Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Loads every CSV under <paramref name="folder"/> with <c>np.genfromtxt(path, delimiter=',', names=True)</c> and with
    /// <c>csv.DictReader</c>, and checks they agree: the same column names, the same number of rows, and in every cell the
    /// same number (NaN for an empty or non-numeric cell). Returns the files checked; fails with NumPy's words otherwise.
    /// </summary>
    public static IReadOnlyList<string> AssertCsvsLoad(string folder)
    {
        var files = Directory.GetFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) return files;
        var (code, stdout, stderr) = Run(CsvCheck, files);
        Assert.True(code == 0, $"NumPy or csv.DictReader could not load the CSVs under {folder}:\n{stderr}{stdout}");
        return files;
    }

    /// <summary>The check of <see cref="AssertCsvsLoad"/>; prints a line per file and exits non-zero on the first disagreement.</summary>
    private const string CsvCheck = """
        import csv, math, sys, warnings
        import numpy as np
        warnings.simplefilter('error')  # genfromtxt warns, and goes on, on a ragged line: that is a failure here
        def num(s):
            try:
                return float(s)
            except ValueError:
                return math.nan
        for path in sys.argv[1:]:
            with open(path, newline='', encoding='utf-8') as f:
                reader = csv.DictReader(f)
                rows = list(reader)
                names = reader.fieldnames
            a = np.atleast_1d(np.genfromtxt(path, delimiter=',', names=True))
            if list(a.dtype.names) != names:
                sys.exit(f'{path}: genfromtxt names {a.dtype.names}, DictReader {names}')
            if len(a) != len(rows):
                sys.exit(f'{path}: genfromtxt {len(a)} rows, DictReader {len(rows)}')
            for i, row in enumerate(rows):
                if None in row or any(v is None for v in row.values()):
                    sys.exit(f'{path}: DictReader row {i + 1} is not as wide as the header')
                for name in names:
                    want, got = num(row[name]), float(a[name][i])
                    if not (want == got or (math.isnan(want) and math.isnan(got))):
                        sys.exit(f'{path}: row {i + 1}, {name}: genfromtxt {got!r}, DictReader {row[name]!r}')
            print(f'{path}: {len(rows)} rows x {len(names)} columns')
        """;
}
