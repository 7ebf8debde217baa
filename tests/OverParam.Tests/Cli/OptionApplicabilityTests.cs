using System.CommandLine;
using System.Globalization;
using OverParam.Cli;
using OverParam.Experiments;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Tests.Cli;

/// <summary>
/// One rule for the options a model does not read (<see cref="Setting.AppliesTo"/>): every verb that runs, checks or takes
/// the kernel of a model refuses such an option given on its command line, in the sweep spec's one line, and never one
/// left at its default; and every real-valued setting's range is checked where its value is read, at its ends exactly.
/// The verbs' options and the settings are found by walking the command tree and the vocabulary, so a new option or
/// model kind is covered without a new line here.
/// </summary>
public class OptionApplicabilityTests
{
    private static RootCommand Root() => App.Build(new CliContext(TextWriter.Null, TextWriter.Null, false, CommonOptions.Backend(), CommonOptions.Threads()));

    /// <summary>The command at <paramref name="path"/>.</summary>
    private static Command Verb(params string[] path) =>
        path.Aggregate((Command)Root(), (c, name) => c.Subcommands.Single(s => s.Name == name));

    /// <summary>
    /// The verb's options that are settings of the vocabulary, with their setting: made from its declaration (the same
    /// help), or threshold's "Every run: …" option of it. An option that only shares a flag (check's --lr, threshold's
    /// own --tol) is not one.
    /// </summary>
    private static IEnumerable<(Setting Setting, Option Option)> SettingOptionsOf(Command verb) =>
        from o in verb.Options
        from s in SettingKeys.All
        where o.Name == s.Flag && (o.Description == s.Description || o.Description?.StartsWith($"Every run: {s.Help}", StringComparison.Ordinal) == true)
        select (s, o);

    /// <summary>The option given at its default value: a flag alone, else the default's text.</summary>
    private static string[] AtDefault(Setting s, Option o) => o is Option<bool> ? [o.Name] : [o.Name, s.Default];

    /// <summary>
    /// Every verb that takes a model, each model it takes, how the command line names the model, what the model is to the
    /// run (the message's words), and the rest of a command line that reaches the action without other errors.
    /// </summary>
    public static IEnumerable<(string[] Verb, ModelKind Model, string[] Choose, string Role, string ChooseFlag)> Runs()
    {
        foreach (var m in ModelKinds.All)
        {
            yield return (["train"], m, ["--model", m.Name], "the model this run trains", "--model");
            yield return (["check"], m, ["--model", m.Name], "the model this run checks", "--model");
            yield return (["threshold"], m, ["--model", m.Name], "the model this search trains", "--model");
        }
        foreach (var m in new[] { ModelKinds.Fc, ModelKinds.ResNet }) // bench deep's own --model: fc or resnet
            yield return (["bench", "deep"], m, ["--model", m.Name], "the model this benchmark steps", "--model");
        foreach (var k in KernelKinds.All)
            foreach (var verb in new[] { "gram", "predict" })
                yield return ([verb], KernelKinds.ModelOf(k), ["--kernel", k.Name], $"the network of kernel {k.Name}", "--kernel");
    }

    /// <summary>What follows the options under test: an --out (not created when the line is refused), threshold's sizes and
    /// predict's held-out set.</summary>
    private static string[] Rest(string[] verb, string outDir) => verb switch
    {
        ["threshold"] => ["--n", "4", "--out", outDir],
        ["predict"] => ["--test-n", "2", "--out", outDir],
        ["train"] or ["gram"] => ["--out", outDir],
        _ => [],
    };

    [Fact]
    public void Every_verb_refuses_each_option_its_model_does_not_read_in_the_sweeps_one_line()
    {
        using var dir = new TestData.TempDir();
        var failures = new List<string>();
        int refused = 0;
        foreach (var (verb, model, choose, role, chooseFlag) in Runs())
            foreach (var (setting, option) in SettingOptionsOf(Verb(verb)).Where(p => !p.Setting.AppliesTo(model)))
            {
                string[] args = [.. verb, .. choose, .. AtDefault(setting, option), .. Rest(verb, dir["out"])];
                var r = CliRunner.Run(args);
                string expected = $"overparam: error: {setting.NotReadBy(option.Name, [model], role, chooseFlag)}";
                var errors = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("overparam: error:", StringComparison.Ordinal)).ToList();
                if (r.ExitCode != 2 || errors is not [var line] || line != expected || Directory.Exists(dir["out"]))
                    failures.Add($"{string.Join(' ', args)} → exit {r.ExitCode}: {r.Err.Trim()}");
                refused++;
            }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
        // Every verb and every kind met some option it does not read: two-layer's eight, the deep nets' shape options.
        Assert.True(refused > 150, $"only {refused} refusals tried: the walk is broken");
    }

    [Fact]
    public void The_message_is_the_one_of_the_issue()
    {
        var r = CliRunner.Run("train", "--model", "two-layer", "--c-res", "0.3", "--out", "never");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("overparam: error: --c-res: an option of resnet and conv-resnet, not of two-layer, the model this run trains; leave it out or set --model",
            r.ErrorLine());
        var g = CliRunner.Run("gram", "--kernel", "du2019", "--c-res", "0.3", "--out", "never");
        Assert.Equal("overparam: error: --c-res: an option of resnet and conv-resnet, not of two-layer, the network of kernel du2019; leave it out or set --kernel",
            g.ErrorLine());
        Assert.False(Directory.Exists("never"));
    }

    /// <summary>
    /// With only the model given, no verb refuses anything: the run goes on to the next check, here an --out that is a
    /// file (or, for check, runs on three points), and never says "an option of".
    /// </summary>
    [Fact]
    public void Options_left_at_their_defaults_are_never_refused()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["file"], "x");
        foreach (var (verb, _, choose, _, _) in Runs().Where(p => p.Verb is not ["bench", ..]).DistinctBy(p => string.Join(' ', [.. p.Verb, .. p.Choose])))
        {
            string[] args = verb is ["check"] ? [.. verb, .. choose, "--n", "3", "--d", "2", "--width", "4", "--labels", "sign"]
                : [.. verb, .. choose, .. Rest(verb, dir["file"])];
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode is 0 or 1 or 2, $"{string.Join(' ', args)} → exit {r.ExitCode}: {r.Err}");
            Assert.DoesNotContain("an option of", r.Err);
        }
    }

    [Fact]
    public void A_sweep_spec_refuses_each_key_its_model_does_not_read_and_takes_every_model_at_the_defaults()
    {
        foreach (var model in ModelKinds.All)
        {
            Assert.Single(SweepSpec.Parse($"base: {{ model: {model.Name} }}\n", "s.yaml").Trials());
            foreach (var s in SettingKeys.All.Where(s => !s.AppliesTo(model)))
            {
                var e = Assert.Throws<InputException>(() => SweepSpec.Parse($"base: {{ model: {model.Name}, {s.Name}: '{s.Default}' }}\n", "s.yaml"));
                Assert.Equal($"s.yaml: line 1: {s.NotReadBy($"base.{s.Name}", [model], "the model this sweep trains", "model")}", e.Message);
            }
        }
    }

    /// <summary>Every real-valued setting with a range (δ, c_res, tol, rel_tol, label_noise, init_scale, and any later one).</summary>
    private static IEnumerable<Setting> RangedReals() => SettingKeys.All.Where(s => s.Kind == "real" && (s.Min != null || s.Max != null));

    /// <summary>
    /// Values at and around each end of the setting's range, with whether they lie in it: an open end refused and a closed
    /// one taken, the next double outside always refused and the next one inside always taken; without an upper end, ∞
    /// and NaN refused.
    /// </summary>
    private static IEnumerable<(double Value, bool In)> Ends(Setting s)
    {
        if (s.Min is { } lo)
        {
            yield return (lo, !s.Open);
            yield return (Math.BitDecrement(lo), false);
            yield return (Math.BitIncrement(lo), true);
        }
        if (s.Max is { } hi)
        {
            yield return (hi, !s.Open);
            yield return (Math.BitIncrement(hi), false);
            yield return (Math.BitDecrement(hi), true);
        }
        else yield return (double.PositiveInfinity, false);
        yield return (double.NaN, false);
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void The_real_ranges_are_the_declarations_and_include_the_six_of_the_issue()
    {
        Assert.Equal(["c_res", "delta", "init_scale", "label_noise", "rel_tol", "tol"], RangedReals().Select(s => s.Name).Order());
        Assert.True(Vocabulary.CRes is { Min: 0, Max: 1, Open: true } && Vocabulary.Delta is { Min: 0, Max: 1, Open: true });
    }

    /// <summary>
    /// Each verb's option of a ranged real, parsed with each end's values: refused at parse time in one line naming the
    /// flag and the range (exit 2), or parsed without error. Where the setting does not apply to the verb's default model
    /// a taken value is still refused when the action runs (the test above); here only the range is asked.
    /// </summary>
    [Theory]
    [InlineData("train")]
    [InlineData("check")]
    [InlineData("gram")]
    [InlineData("predict")]
    [InlineData("threshold")]
    public void Each_real_range_is_refused_at_parse_time_at_its_ends_exactly(string verb)
    {
        var found = SettingOptionsOf(Verb(verb)).Where(p => RangedReals().Contains(p.Setting)).ToList();
        Assert.NotEmpty(found);
        string[] rest = verb == "threshold" ? ["--out", "never"] : [];
        foreach (var (setting, option) in found)
            foreach (var (value, inRange) in Ends(setting))
            {
                string[] args = [verb, option.Name, Text(value), .. rest];
                var parsed = Root().Parse(args);
                if (inRange)
                {
                    Assert.True(parsed.Errors.Count == 0, $"{string.Join(' ', args)}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
                    continue;
                }
                var r = CliRunner.Run(args);
                Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)} → exit {r.ExitCode}: {r.Err}");
                Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith($"overparam: error: {option.Name}", r.ErrorLine());
                Assert.Contains(setting.RangeText, r.ErrorLine());
                Assert.EndsWith("(see --help)", r.ErrorLine());
            }
    }

    [Fact]
    public void A_sweep_spec_refuses_each_real_range_at_its_ends_exactly()
    {
        foreach (var s in RangedReals())
        {
            string model = s.AppliesTo(ModelKinds.TwoLayer) ? "two-layer" : ModelKinds.All.First(s.AppliesTo).Name;
            foreach (var (value, inRange) in Ends(s))
            {
                string yaml = $"base: {{ model: {model}, {s.Name}: '{Text(value)}' }}\n";
                if (inRange)
                {
                    var e = Record.Exception(() => SweepSpec.Parse(yaml, "s.yaml"));
                    Assert.True(e == null || (e is InputException && !e.Message.Contains($"base.{s.Name}", StringComparison.Ordinal)), $"{yaml}: {e?.Message}");
                }
                else
                    Assert.Equal($"s.yaml: line 1: base.{s.Name}: expected a number{s.RangeText}, got '{Text(value)}'",
                        Assert.Throws<InputException>(() => SweepSpec.Parse(yaml, "s.yaml")).Message);
            }
        }
    }

    [Theory]
    [InlineData("train", "--c-res", "0.5", true)]
    [InlineData("train", "--c-res", "0", false)]
    [InlineData("train", "--c-res", "1", false)]
    [InlineData("train", "--delta", "0.5", true)]
    [InlineData("train", "--delta", "0", false)]
    [InlineData("train", "--delta", "1", false)]
    [InlineData("check", "--delta", "1", false)]
    [InlineData("train", "--rel-tol", "1", true)]
    [InlineData("train", "--tol", "0", true)]
    [InlineData("train", "--init-scale", "0", false)]
    public void The_issues_examples_of_the_ends(string verb, string flag, string value, bool taken) =>
        Assert.Equal(taken, Root().Parse([verb, flag, value]).Errors.Count == 0);
}
