using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OverParam.Data;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Training;

namespace OverParam.Tests.Experiments;

/// <summary>
/// The registry of model kinds: every entry trains through the one <see cref="TrainJob"/> and is checked by the one
/// <see cref="CheckJob"/>, its parameter count is the size of the weights it saves, and no code forks on a kind.
/// </summary>
public partial class ModelKindsTests
{
    public static TheoryData<string> Names() => [.. ModelKinds.Names];

    private static readonly ModelFlags Flags = new(Width: 6, Bias: false, TrainOutput: false, InitScale: 1, Depth: 2, Activation: "softplus",
        CRes: 0.5, Channels: 2, Patch: 3);

    private static TrainSpec Spec(ModelSpec model, string? initFrom = null) =>
        new(new DataSpec("sphere", "gaussian", 5, 8, 1, false), model, null, 3, 0, 0, Precision.F64, 1, 0, 0.1, null,
            SaveWeights: initFrom == null, InitFrom: initFrom);

    [Fact]
    public void Names_are_unique_the_default_is_first_and_an_unknown_one_is_an_error_naming_the_choices()
    {
        Assert.Equal(ModelKinds.Names.Count, ModelKinds.Names.Distinct().Count());
        Assert.Same(ModelKinds.TwoLayer, ModelKinds.Default);
        Assert.Equal(ModelKinds.All.Count - 1, DeepArchitectures.All.Count);
        var e = Assert.Throws<InputException>(() => ModelKinds.ByName("cnn"));
        Assert.Contains("unknown model 'cnn'; expected two-layer, fc, resnet or conv-resnet", e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_kind_trains_through_the_one_job_and_its_parameter_count_is_the_size_of_the_weights_it_saves(string name)
    {
        var kind = ModelKinds.ByName(name);
        // Every weight trained (the two-layer net's a and b too), so that every saved weight is a parameter.
        var model = kind.Spec(kind is TwoLayerKind ? Flags with { Bias = true, TrainOutput = true } : Flags);
        Assert.Same(kind, model.Kind);
        using var dir = new TestData.TempDir();
        var r = TrainJob.Run(Spec(model), TestData.OpenBlas, 1, dir["run"]);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(r.Folder, OutputFolder.SummaryFile)))!;
        long saved = Directory.GetFiles(r.Folder, "init_*.npy").Sum(f => (long)Npy.Read(f).Data.Length);
        Assert.Equal(model.ParameterCount(r.Data.D), saved);
        Assert.Equal(saved, (long)summary["settings"]!["parameters"]!);
        Assert.Equal(model.Name, (string)summary["settings"]!["model"]!);
        // The weights it saves are the ones it starts from again: the same first loss.
        var again = TrainJob.Run(Spec(model, initFrom: r.Folder), TestData.OpenBlas, 1, dir["again"]);
        Assert.Equal(r.Outcome.Metrics[MetricColumns.Loss][0], again.Outcome.Metrics[MetricColumns.Loss][0]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_kind_is_checked_by_the_one_job_with_its_own_theorem(string name)
    {
        var model = ModelKinds.ByName(name).Spec(Flags);
        var c = CheckJob.Run(new CheckSpec(new DataSpec("sphere", "gaussian", 5, 8, 1, false), model, null, 0.1, null), TestData.OpenBlas, 1);
        Assert.Equal(8, c.Requirement.D);
        Assert.Contains(c.Requirement.Theorem, string.Join("\n", c.Lines()));
        Assert.Contains("  hypotheses:", c.Lines());
    }

    [Fact]
    public void The_worked_example_of_the_docs_trains_without_a_lookup_by_name()
    {
        var kind = new WideFcArchitecture();
        using var dir = new TestData.TempDir();
        var r = TrainJob.Run(Spec(kind.Spec(Flags)), TestData.OpenBlas, 1, dir["run"]);
        Assert.Equal("fc-3h", r.Spec.ModelName);
        Assert.Equal("Du et al. ICML 2019, Thm 5.1", r.Checks.Source);
        // Its network is the FC net's: the same weights and the same run as fc's at the same seed.
        var fc = TrainJob.Run(Spec(ModelKinds.Fc.Spec(Flags)), TestData.OpenBlas, 1, dir["fc"]);
        Assert.Equal(fc.Outcome.Metrics[MetricColumns.Loss].ToArray(), r.Outcome.Metrics[MetricColumns.Loss].ToArray());
    }

    [Fact]
    public void The_worked_example_in_the_docs_is_this_file()
    {
        const string Marker = "// docs/extending.md begins\n";
        var root = TestData.RepoRoot();
        var file = File.ReadAllText(Path.Combine(root, "tests", "OverParam.Tests", "Experiments", "ExampleModel.cs")).ReplaceLineEndings("\n");
        var code = file[(file.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..];
        var doc = File.ReadAllText(Path.Combine(root, "docs", "extending.md")).ReplaceLineEndings("\n");
        var block = CodeBlock().Matches(doc).Select(m => m.Groups["code"].Value).FirstOrDefault(c => c.Contains("class WideFcArchitecture"));
        Assert.Equal(code, block);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    /// <summary>Forks on a model kind that the registry replaced: a spec's deep part tested for null, a kind's name compared.</summary>
    [GeneratedRegex(@"\bDeep (==|!=) null|\bDeep is (not )?null|\bDeep is \{|(==|is) ""two-layer""|\bDeepTrainJob\b|\bDeepCheckJob\b")]
    private static partial Regex Fork();

    [Fact]
    public void No_code_forks_on_a_model_kind()
    {
        var src = Path.Combine(TestData.RepoRoot(), "src");
        var forks = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Fork().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(forks.Count == 0, string.Join("\n", forks));
    }
}
