namespace OverParam.Numerics;

/// <summary>Chooses a linear-algebra backend by the name given to <c>--backend</c>.</summary>
public static class Backends
{
    /// <summary>The names accepted: "auto" (OpenBLAS when installed, else managed), "openblas", "managed".</summary>
    public static readonly IReadOnlyList<string> Names = ["auto", "openblas", "managed"];

    /// <summary>
    /// Creates the backend named <paramref name="name"/>. "openblas" fails when the native libraries are missing;
    /// "auto" falls back to the managed backend and reports why in <paramref name="note"/>.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="maxParallelism">Threads for the managed backend's loops.</param>
    /// <param name="note">Why the fallback happened, or null.</param>
    /// <exception cref="InvalidOperationException">"openblas" was asked for and cannot be loaded.</exception>
    public static ILinearAlgebra Create(string name, int maxParallelism, out string? note)
    {
        note = null;
        switch (name)
        {
            case "managed":
                return new ManagedBackend(maxParallelism);
            case "openblas":
                return OpenBlasBackend.TryCreate(out var why)
                    ?? throw new InvalidOperationException($"--backend openblas: {why}");
            case "auto":
                var native = OpenBlasBackend.TryCreate(out note);
                if (native != null) return native;
                note = $"falling back to the managed backend: {note}";
                return new ManagedBackend(maxParallelism);
            default:
                throw new ArgumentException($"unknown backend '{name}'; expected one of {string.Join(", ", Names)}", nameof(name));
        }
    }
}
