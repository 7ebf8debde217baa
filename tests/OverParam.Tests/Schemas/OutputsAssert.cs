namespace OverParam.Tests.Schemas;

/// <summary>
/// Validates what a successful command wrote into its <c>--out</c> folder against the published schemas, so that every
/// output the test suite writes through the command line is checked: claims.json, metrics.csv's and aggregate.csv's columns, the typed files of each verb (summary.json of data, gram, train,
/// predict; sweep.json and its trials' files; threshold.json and fit.json), and every sweep folder below.
/// </summary>
internal static class OutputsAssert
{
    /// <summary>Validates the outputs of the command <paramref name="args"/>, if it named an existing --out folder.</summary>
    public static void Valid(string[] args)
    {
        int at = Array.IndexOf(args, "--out");
        if (at < 0 || at + 1 >= args.Length || !Directory.Exists(args[at + 1])) return;
        string dir = args[at + 1];
        SchemaAssert.ClaimsUnder(dir);
        foreach (var f in Directory.GetFiles(dir, "metrics.csv", SearchOption.AllDirectories)) SchemaAssert.MetricsCsv(f);
        foreach (var f in Directory.GetFiles(dir, "aggregate.csv", SearchOption.AllDirectories)) SchemaAssert.MetricsCsv(f, leading: true);
        SchemaAssert.SummaryOf(args[0], dir);
        // Sweeps written by other verbs (reproduce): every sweep folder below, with its trials.
        foreach (var list in Directory.GetFiles(dir, "sweep.json", SearchOption.AllDirectories))
            if (Path.GetDirectoryName(list) != dir) SchemaAssert.SummaryOf("sweep", Path.GetDirectoryName(list)!);
    }
}
