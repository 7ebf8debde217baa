namespace OverParam.Tests.Schemas;

/// <summary>
/// Validates what a successful command wrote into its <c>--out</c> folder against the published schemas, so that every
/// output the test suite writes through the command line is checked: claims.json, metrics.csv's and aggregate.csv's columns, and the summary of each verb whose summary is typed.
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
    }
}
