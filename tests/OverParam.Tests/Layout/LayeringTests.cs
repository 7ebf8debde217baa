using System.Text.RegularExpressions;

namespace OverParam.Tests.Layout;

/// <summary>
/// The library's folders are layers that point one way: each may use only the layers below it, so the folder list, read
/// bottom to top, is the data path (README, "Layout"). An edge that runs upward, a cycle, or a folder not placed in the
/// order fails here, naming the file.
/// </summary>
public partial class LayeringTests
{
    /// <summary>Bottom to top.</summary>
    public static readonly string[] Layers =
    [
        "IO", "Numerics", "Data", "Architectures", "Kernels", "Distributed", "Models", "Training", "Theory",
        "Experiments", "Sweeps", "Reporting", "Thresholds", "Reproductions", "Benchmarks",
    ];

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?OverParam\.(?<layer>[A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>A namespace-qualified reference such as <c>Data.InputException</c> or <c>OverParam.Kernels.Spectrum</c>
    /// (a member access such as <c>spec.Data.Load</c> is preceded by a dot or a name, and does not count).</summary>
    [GeneratedRegex(@"(?<![\w.])(?:OverParam\.)?(?<layer>[A-Z]\w*)\.[A-Z]")]
    private static partial Regex QualifiedName();

    private static string Core => Path.Combine(TestData.RepoRoot(), "src", "OverParam.Core");

    private static IEnumerable<(string File, string Layer, string Uses)> Edges()
    {
        foreach (var layer in Directory.GetDirectories(Core).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")))
            foreach (var file in Directory.GetFiles(Path.Combine(Core, layer!), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                var uses = UsingDirective().Matches(text).Concat(QualifiedName().Matches(text))
                    .Select(m => m.Groups["layer"].Value).Where(u => u != layer && Layers.Contains(u)).Distinct();
                foreach (var u in uses) yield return (Path.GetRelativePath(Core, file), layer!, u);
            }
    }

    [Fact]
    public void Every_folder_of_the_library_has_a_place_in_the_order()
    {
        var folders = Directory.GetDirectories(Core).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToList();
        Assert.Empty(folders.Except(Layers));
        Assert.Empty(Layers.Except(folders!));
    }

    [Fact]
    public void No_layer_uses_a_layer_above_it()
    {
        var upward = Edges().Where(e => Array.IndexOf(Layers, e.Uses) > Array.IndexOf(Layers, e.Layer))
            .Select(e => $"{e.File} ({e.Layer}) uses {e.Uses}, a layer above it").ToList();
        Assert.True(upward.Count == 0, string.Join("\n", upward));
    }

    [Fact]
    public void The_check_sees_an_upward_edge()
    {
        // The detector itself: a qualified reference and a using directive are both seen, a member access is not.
        Assert.Equal(["Kernels", "Theory"], QualifiedName().Matches("x = Kernels.Spectrum.Of(Theory.Hypothesis h); spec.Data.Load();")
            .Select(m => m.Groups["layer"].Value).ToArray());
        Assert.Equal("Sweeps", UsingDirective().Match("using OverParam.Sweeps;\n").Groups["layer"].Value);
    }
}
