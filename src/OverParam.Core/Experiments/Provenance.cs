using System.ComponentModel;

namespace OverParam.Experiments;

/// <summary>Provenance for every summary: which tool, linear algebra and runtime wrote it, and when.</summary>
[Description("Which tool, linear algebra and runtime wrote the file, and when.")]
public sealed record Provenance(
    [property: Description("The overparam version (its informational version, without the commit).")] string OverparamVersion,
    [property: Description("The linear algebra: OpenBLAS with its build and threads, or managed (C#).")] string Backend,
    [property: Description("The .NET runtime's version.")] string Dotnet,
    [property: Description("When the file was written, UTC, yyyy-MM-ddTHH:mm:ssZ.")] string CreatedUtc)
{
    /// <summary>The provenance of a file written now with <paramref name="backend"/>.</summary>
    public static Provenance Now(string backend) =>
        new(Json.Version, backend, Environment.Version.ToString(), DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
}
