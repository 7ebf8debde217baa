using System.Text.Json;
using System.Text.Json.Nodes;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// settings.json and sweep.json keep numbers as numbers and booleans as booleans, read back to the same canonical
/// settings (so the same trial ids), and files of earlier versions, which stored every value as a string, still read.
/// </summary>
public class SettingsJsonTests
{
    private static SweepSpec Spec => SweepSpec.Parse(SweepRunnerTests.Spec.Replace("steps: 20", "steps: 20, tol: 1e-5, delta: 0.25"), "t.yaml");

    [Fact]
    public void A_trials_settings_json_has_numbers_booleans_and_strings_of_their_kinds()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        SweepRunner.Run(Spec, folder, 1, TestData.OpenBlas, 1);
        var trial = folder.ReadTrials().Trials[0];
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.TrialDir(trial.Id), "settings.json")))!;
        var s = json["settings"]!;
        Assert.Equal(JsonValueKind.Number, s["n"]!.GetValueKind());
        Assert.Equal(16, (int)s["n"]!);
        Assert.Equal(0.25, (double)s["delta"]!);
        Assert.Equal(1e-5, (double)s["tol"]!);
        Assert.Equal(JsonValueKind.False, s["normalize"]!.GetValueKind());
        Assert.Equal(("auto", "none", "sphere", "gaussian"), ((string)s["lr"]!, (string)s["shuffle_seed"]!, (string)s["data"]!, (string)s["labels"]!));
        Assert.Equal(JsonValueKind.Number, json["axes"]!["width"]!.GetValueKind());
        // Loaded by Python as numbers too: what the issue asked for.
        Assert.Contains("\"n\": 16,", File.ReadAllText(Path.Combine(folder.TrialDir(trial.Id), "settings.json")));
    }

    [Fact]
    public void Sweep_json_reads_back_to_the_same_trials_typed_or_all_strings()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        SweepRunner.Run(Spec, folder, 1, TestData.OpenBlas, 1);
        var expected = Spec.Trials();
        AssertSameTrials(expected, folder.ReadTrials().Trials);
        Aggregation.Write(Aggregation.Load(folder), folder);
        string aggregate = File.ReadAllText(folder.Dir + "/aggregate.csv"), summary = File.ReadAllText(folder.Dir + "/summary.csv");

        // An earlier version's sweep.json: every value a string. It reads to the same trials, and aggregate gives the same tables.
        var old = JsonNode.Parse(File.ReadAllText(folder.SweepFile))!;
        foreach (var t in old["trials"]!.AsArray())
            foreach (var part in new[] { "axes", "settings" })
                foreach (var (k, v) in t![part]!.AsObject().ToList())
                    t[part]![k] = v!.GetValueKind() == JsonValueKind.String ? (string)v! : v.ToJsonString();
        File.WriteAllText(folder.SweepFile, old.ToJsonString());
        Assert.Contains("\"n\":\"16\"", File.ReadAllText(folder.SweepFile));
        AssertSameTrials(expected, folder.ReadTrials().Trials);
        var r = Cli.CliRunner.Run("aggregate", folder.Dir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal((aggregate, summary), (File.ReadAllText(folder.Dir + "/aggregate.csv"), File.ReadAllText(folder.Dir + "/summary.csv")));
    }

    private static void AssertSameTrials(IReadOnlyList<Trial> expected, IReadOnlyList<Trial> actual)
    {
        Assert.Equal(expected.Select(t => t.Id), actual.Select(t => t.Id));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Settings.OrderBy(p => p.Key), a.Settings.OrderBy(p => p.Key));
            Assert.Equal(e.Axes.OrderBy(p => p.Key), a.Axes.OrderBy(p => p.Key));
            Assert.Equal(e.Id, SweepSpec.IdOf(a.Axes, a.Settings));
        }
    }

    [Theory]
    [InlineData("tol", "1E-05", "1E-05")] // a real's canonical text, written as a JSON number, reads back as the same text
    [InlineData("lr", "0.5", "0.5")]
    [InlineData("seed", "-3", "-3")]
    [InlineData("shuffle_seed", "7", "7")]
    [InlineData("bias", "true", "true")]
    [InlineData("classes", "0,1", "\"0,1\"")]
    [InlineData("lr", "auto", "\"auto\"")]
    [InlineData("data", "123", "\"123\"")] // a string kind stays a string, even when it looks like a number
    public void Each_value_is_written_as_its_kind_and_read_back_unchanged(string key, string value, string json)
    {
        string text = System.Text.Json.JsonSerializer.Serialize(SettingsJson.Values(new Dictionary<string, string> { [key] = value }));
        Assert.Equal($"{{\"{key}\":{json}}}", text);
        Assert.Equal(value, SettingsJson.Read(JsonNode.Parse(text)!, "s.json")[key]);
    }

    [Theory]
    [InlineData("{\"n\": 0.5}", "s.json: n: expected a whole number ≥ 1")]
    [InlineData("{\"n\": null}", "s.json: n: expected a string, a number or true/false, got null")]
    [InlineData("[1]", "s.json: expected an object of settings")]
    public void A_value_its_key_does_not_take_is_one_line_naming_the_file(string json, string expected)
    {
        var e = Assert.Throws<InputException>(() => SettingsJson.Read(JsonNode.Parse(json)!, "s.json"));
        Assert.StartsWith(expected, e.Message);
    }
}
