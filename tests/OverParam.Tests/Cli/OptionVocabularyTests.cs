using System.CommandLine;
using OverParam.Cli;
using OverParam.Experiments;
using OverParam.Sweeps;

namespace OverParam.Tests.Cli;

/// <summary>
/// One options vocabulary (issue 25 §3): every option of <c>train</c> is a sweep key and every key an option, each made
/// from one declaration; a sweep spec gives the training spec the command line gives; the --help of the verbs that take
/// the vocabulary's options is what it was before they were made from it.
/// </summary>
public class OptionVocabularyTests
{
    /// <summary>train's options that are no run setting: where the run is written, and the process's own.</summary>
    private static readonly string[] NotSettings = ["--out", "--help", "--backend", "--threads"];

    private static RootCommand Root() => App.Build(new CliContext(TextWriter.Null, TextWriter.Null, false, CommonOptions.Backend(), CommonOptions.Threads()));

    private static Command Verb(string name) => Root().Subcommands.Single(c => c.Name == name);

    [Fact]
    public void Every_train_option_is_a_sweep_key_and_every_sweep_key_a_train_option()
    {
        var flags = Verb("train").Options.Select(o => o.Name).Where(n => !NotSettings.Contains(n)).ToList();
        Assert.Equal(SettingKeys.All.Select(s => s.Flag).Order(), flags.Order());
        Assert.All(SettingKeys.All, s => Assert.Equal(s.Flag.TrimStart('-').Replace('-', '_'), s.Name));
        Assert.Equal(SettingKeys.All.Count, SettingKeys.All.Select(s => s.Name).Distinct().Count());
    }

    /// <summary>The verbs whose options include the vocabulary's.</summary>
    public static TheoryData<string> SettingVerbs => ["train", "check", "gram", "predict", "data"];

    /// <summary>check, gram, predict and data take some of train's options: the same help, made from the same declaration.</summary>
    [Theory]
    [MemberData(nameof(SettingVerbs))]
    public void The_verbs_options_of_a_setting_have_its_help(string verb)
    {
        // Options of the same flag that are not the setting: check's --lr (a step to compare), predict's --steps (or inf);
        // gram, predict and data call the data seed --seed.
        var own = new Dictionary<string, string[]> { ["check"] = ["--lr"], ["predict"] = ["--steps"] };
        bool seedIsData = verb is "gram" or "predict" or "data";
        int matched = 0;
        foreach (var o in Verb(verb).Options.Where(o => !own.GetValueOrDefault(verb, []).Contains(o.Name)))
        {
            var setting = seedIsData && o.Name == "--seed" ? Vocabulary.DataSeed : SettingKeys.All.FirstOrDefault(s => s.Flag == o.Name);
            if (setting == null) continue;
            Assert.Equal(setting.Description, o.Description);
            matched++;
        }
        Assert.True(matched >= 13, $"{verb}: only {matched} options of the vocabulary found");
    }

    /// <summary>
    /// The help printed before the options were made from the vocabulary (Fixtures/help, the --threads line left out: it
    /// shows the cores). threshold's adds the run settings that became sweep keys (--label-bound, --save-weights,
    /// --test-data, --test-labels, --refresh-every); the rest is as before.
    /// </summary>
    [Theory]
    [MemberData(nameof(SettingVerbs))]
    [InlineData("sweep")]
    [InlineData("threshold")]
    public void Help_is_unchanged(string verb)
    {
        var r = CliRunner.Run(verb, "--help");
        Assert.Equal(0, r.ExitCode);
        // The usage line names the process: overparam, or the test host here.
        string shown = System.Text.RegularExpressions.Regex.Replace(
            string.Join("\n", r.Out.Split('\n').Where(l => !l.StartsWith("  --threads <threads>", StringComparison.Ordinal))), $@"(?m)^  \S+ (?={verb} )", "  overparam ");
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "help", verb + ".txt")).ReplaceLineEndings("\n");
        Assert.Equal(expected.TrimEnd(), shown.ReplaceLineEndings("\n").TrimEnd());
    }

    /// <summary>
    /// The keys that became sweep keys with the vocabulary, each away from its default: the sweep spec's trial and the
    /// command line with the same options give the same training spec.
    /// </summary>
    [Fact]
    public void A_sweep_spec_with_each_new_key_builds_the_spec_train_builds()
    {
        using var dir = new TestData.TempDir();
        foreach (var f in new[] { "w.npy", "a.npy", "b.npy", "tx.npy", "ty.npy" }) File.WriteAllText(dir[f], "");
        Directory.CreateDirectory(dir["init"]);
        (string Key, string Value)[] cases =
        [
            ("label_bound", "2.5"), ("init_w", dir["w.npy"]), ("init_a", dir["a.npy"]), ("init_b", dir["b.npy"]), ("save_weights", "true"),
            ("init_from", dir["init"]), ("test_data", dir["tx.npy"]), ("test_labels", dir["ty.npy"]), ("refresh_every", "7"),
        ];
        string[] common = ["--n", "8", "--d", "3", "--labels", "sign", "--width", "5", "--steps", "4", "--bias"];
        foreach (var extra in new[] { cases.Where(c => c.Key is not ("init_from" or "test_data" or "test_labels")).ToArray(),
            cases.Where(c => c.Key is "init_from" or "test_data" or "test_labels" or "label_bound" or "save_weights").ToArray() })
        {
            string yaml = "base:\n  n: 8\n  d: 3\n  labels: sign\n  width: 5\n  steps: 4\n  bias: true\n"
                + string.Concat(extra.Select(c => $"  {c.Key}: '{c.Value}'\n")) + "axes: { seed: [0] }\n";
            var fromSweep = TrainSettings.ToTrainSpec(SweepSpec.Parse(yaml, "s.yaml").Trials()[0].Settings);

            var options = new TrainCommand.TrainOptions();
            var cmd = new Command("train");
            foreach (var o in options.All) cmd.Options.Add(o);
            string[] args = [.. common, .. extra.SelectMany(c => c.Key == "save_weights" ? ["--save-weights"] : new[] { SettingKeys.Get(c.Key).Flag, c.Value })];
            var parsed = cmd.Parse(args);
            Assert.Empty(parsed.Errors);
            var fromCli = options.Spec(parsed);
            Assert.Equal(fromCli, fromSweep);
        }
    }

    [Fact]
    public void The_new_keys_are_each_read_into_the_training_spec()
    {
        var s = SettingKeys.Defaults();
        (s["n"], s["d"], s["labels"], s["bias"]) = ("8", "3", "sign", "true");
        (s["label_bound"], s["init_w"], s["init_a"], s["init_b"], s["save_weights"], s["test_data"], s["test_labels"], s["refresh_every"]) =
            ("2.5", "w.npy", "a.npy", "b.npy", "true", "tx.npy", "ty.npy", "7");
        var spec = TrainSettings.ToTrainSpec(s);
        Assert.Equal((2.5, "w.npy", "a.npy", "b.npy", true, "tx.npy", "ty.npy", 7),
            (spec.LabelBound!.Value, spec.InitW, spec.InitA, spec.InitB, spec.SaveWeights, spec.TestData, spec.TestLabels, spec.RefreshEvery));
        s["init_w"] = s["init_a"] = s["init_b"] = "none";
        s["init_from"] = "saved";
        Assert.Equal("saved", TrainSettings.ToTrainSpec(s).InitFrom);
    }

    /// <summary>Every model kind's options: what the kind reads is what a sweep of that kind alone accepts.</summary>
    [Fact]
    public void A_key_applies_to_the_models_its_declaration_names()
    {
        Assert.True(Vocabulary.CRes.AppliesTo(ModelKinds.ResNet));
        Assert.False(Vocabulary.CRes.AppliesTo(ModelKinds.TwoLayer));
        Assert.False(Vocabulary.InitScale.AppliesTo(ModelKinds.Fc));
        Assert.All(ModelKinds.All, k => Assert.True(Vocabulary.Width.AppliesTo(k)));
        Assert.All(SettingKeys.All.Where(s => s.Models != null), s => Assert.NotEmpty(s.Models!));
    }
}
