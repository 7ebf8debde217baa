using OverParam.IO;
using OverParam.Sweeps;
using OverParam.Tests.Cli;
using OverParam.Thresholds;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// Sweep keys made from the options vocabulary: the ids of trials written before it are unchanged, the keys it added
/// are listed only away from their defaults, and a key unknown to it or read by none of the sweep's models is refused in
/// one line naming the file, the line and the key.
/// </summary>
public class SweepKeyTests
{
    /// <summary>The sweep the ids below were computed for, by the build before the vocabulary (commit d1eccb4).</summary>
    private const string Models = "name: small\nbase: { n: 10, d: 4, labels: sign, steps: 10, depth: 2 }\naxes:\n  model: [two-layer, fc]\n  width: [10, 20]\n  seed: [0, 1]\n";

    /// <summary>Keys added after the first sweeps, away from their defaults (the same build).</summary>
    private const string Late = "name: late\nbase: { n: 6, d: 3, labels: sign, steps: 2, width: 4, test_n: 3, rel_tol: 0.5, project: 2, init_scale: 0.5, form: primal, gram_every: 0 }\naxes:\n  seed: [0, 1]\n";

    [Fact]
    public void Trial_ids_are_those_of_the_build_before_the_vocabulary()
    {
        Assert.Equal(
            ["model-two-layer_width-10_seed-0-c7eb194f", "model-two-layer_width-10_seed-1-67249840", "model-two-layer_width-20_seed-0-a6aa5a2a",
             "model-two-layer_width-20_seed-1-dfc68f2b", "model-fc_width-10_seed-0-20893558", "model-fc_width-10_seed-1-15df09e1",
             "model-fc_width-20_seed-0-71b0c76b", "model-fc_width-20_seed-1-6eb3e6de"],
            SweepSpec.Parse(Models, "small.yaml").Trials().Select(t => t.Id));
        Assert.Equal(["seed-0-fe82dfef", "seed-1-9e865886"], SweepSpec.Parse(Late, "late.yaml").Trials().Select(t => t.Id));

        // threshold --quick --seeds 2: its runs' ids.
        var settings = SettingKeys.Defaults();
        (settings["gram_every"], settings["steps"]) = ("0", "2000");
        var search = new ThresholdSpec("threshold", settings, [25, 50, 100], 2, 0.01, SuccessCriterion.Loss, 0.8, 0.05, 16, 65536);
        Assert.Equal("n-25_width-16_seed-0-ad202b5e", search.Trial(25, 16, 0).Id);
        Assert.Equal("n-100_width-16_seed-1-3ba0a785", search.Trial(100, 16, 1).Id);
    }

    [Fact]
    public void A_key_of_the_vocabulary_enters_the_id_and_the_listing_only_away_from_its_default()
    {
        var plain = SweepSpec.Parse(Late, "late.yaml").Trials()[0];
        var bounded = SweepSpec.Parse(Late.Replace("gram_every: 0", "gram_every: 0, label_bound: 3"), "late.yaml").Trials()[0];
        Assert.NotEqual(plain.Id, bounded.Id);
        Assert.DoesNotContain("label_bound", TrialEntry.Of(plain).Settings.Keys);
        Assert.Equal(3, (int)TrialEntry.Of(bounded).Settings["label_bound"]);
        Assert.Contains("project", TrialEntry.Of(plain).Settings.Keys); // listed at its default, as before
    }

    [Fact]
    public void A_sweep_json_without_the_new_keys_reads_back_with_their_defaults()
    {
        using var dir = new TestData.TempDir();
        var folder = new SweepFolder(dir["s"]);
        var trials = SweepSpec.Parse(Late, "late.yaml").Trials();
        folder.WriteTrials("late", ["seed"], trials);
        Assert.DoesNotContain("refresh_every", File.ReadAllText(folder.SweepFile));
        var read = folder.ReadTrials().Trials;
        Assert.Equal(trials.Select(t => t.Id), read.Select(t => t.Id));
        Assert.Equal("100", read[0].Settings["refresh_every"]);
        Assert.Equal(TrainSettings.ToTrainSpec(trials[0].Settings), TrainSettings.ToTrainSpec(read[0].Settings));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "base: { n: 4, foo: 1 }\n", "s.yaml: line 1: base.foo: unknown key; expected one of data, labels," },
        { "base: { n: 4, c_res: 0.3 }\n", "s.yaml: line 1: base.c_res: an option of resnet and conv-resnet, not of two-layer, the model this sweep trains" },
        { "base: { model: fc }\naxes:\n  init_scale: [0.5, 1]\n", "s.yaml: line 3: axes.init_scale: an option of two-layer, not of fc," },
        { "base: { model: fc, form: dual }\n", "s.yaml: line 1: base.form: an option of two-layer, not of fc" },
        { "axes:\n  model: [fc, resnet]\n  patch: [1, 3]\n", "s.yaml: line 3: axes.patch: an option of conv-resnet, not of fc and resnet, the models this sweep trains" },
        { "cases:\n  - { model: two-layer, depth: 2 }\n", "s.yaml: line 2: cases.depth: an option of fc, resnet and conv-resnet, not of two-layer" },
        { "base: { refresh_every: -1 }\n", "s.yaml: line 1: base.refresh_every: expected a whole number ≥ 0" },
        { "base: { init_w: no-such.npy }\n", "s.yaml: line 1: base.init_w: 'no-such.npy' is neither none nor an existing file" },
        { "base: { init_from: no-such-dir }\n", "s.yaml: line 1: base.init_from: 'no-such-dir' is neither none nor an existing folder" },
        { "base: { label_bound: x }\n", "s.yaml: line 1: base.label_bound: expected a number, or none, got 'x'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_unknown_or_inapplicable_key_is_refused_in_one_line(string yaml, string message)
    {
        var e = Assert.Throws<InputException>(() => SweepSpec.Parse(yaml, "s.yaml"));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_key_read_by_one_of_the_sweeps_models_is_taken()
    {
        var trials = SweepSpec.Parse("base: { n: 4, depth: 2, c_res: 0.3, init_scale: 1 }\naxes:\n  model: [two-layer, resnet]\n", "s.yaml").Trials();
        Assert.Equal(["two-layer", "resnet"], trials.Select(t => t.Settings["model"]));
        Assert.All(trials, t => Assert.Equal("0.3", t.Settings["c_res"]));
    }

    [Fact]
    public void The_command_line_refuses_an_inapplicable_key_in_one_line_with_exit_2()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["s.yaml"], "name: x\nbase: { n: 4, c_res: 0.3 }\naxes: { seed: [0] }\n");
        var r = CliRunner.Run("sweep", dir["s.yaml"], "--out", dir["out"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"overparam: error: {dir["s.yaml"]}: line 2: base.c_res: an option of resnet and conv-resnet, not of two-layer, the model this sweep trains; leave it out or set model",
            r.ErrorLine());
        Assert.False(Directory.Exists(dir["out"]));

        var t = CliRunner.Run("threshold", "--n", "4", "--c-res", "0.3", "--out", dir["th"]);
        Assert.Equal(2, t.ExitCode);
        Assert.Equal("overparam: error: --c-res: an option of resnet and conv-resnet, not of two-layer, the model this search trains; leave it out or set --model", t.ErrorLine());
    }
}
