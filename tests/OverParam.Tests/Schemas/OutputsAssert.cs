namespace OverParam.Tests.Schemas;

/// <summary>
/// Validates what a successful command wrote into its <c>--out</c> folder against the published schemas, so that every
/// output the test suite writes through the command line is checked: claims.json, and metrics.csv's headers.
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
    }
}
