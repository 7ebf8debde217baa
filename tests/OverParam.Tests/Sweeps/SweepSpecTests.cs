using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

public class SweepSpecTests
{
    private const string Small = """
        name: small
        base:
          n: 12
          d: 3
          labels: sign
          steps: 5
        axes:
          width: [10, 20]
          seed: [0, 1, 2]
        """;

    [Fact]
    public void Trials_are_the_product_of_the_axes_with_the_last_varying_fastest()
    {
        var trials = SweepSpec.Parse(Small, "small.yaml").Trials();
        Assert.Equal(6, trials.Count);
        Assert.Equal(["10", "10", "10", "20", "20", "20"], trials.Select(t => t.Axes["width"]));
        Assert.Equal(["0", "1", "2", "0", "1", "2"], trials.Select(t => t.Axes["seed"]));
        Assert.StartsWith("width-10_seed-0-", trials[0].Id);
        Assert.Equal("12", trials[0].Settings["n"]);
        Assert.Equal("auto", trials[0].Settings["lr"]); // defaults fill the rest
    }

    [Fact]
    public void Ids_are_stable_and_change_when_any_setting_changes()
    {
        var a = SweepSpec.Parse(Small, "a.yaml").Trials();
        var b = SweepSpec.Parse(Small, "b.yaml").Trials();
        var c = SweepSpec.Parse(Small.Replace("steps: 5", "steps: 6"), "c.yaml").Trials();
        Assert.Equal(a.Select(t => t.Id), b.Select(t => t.Id));
        Assert.NotEqual(a[0].Id, c[0].Id);
        Assert.Equal(a[0].Id[..^8], c[0].Id[..^8]); // same readable part, different hash
    }

    [Fact]
    public void Keys_added_later_leave_ids_unchanged_at_their_default_and_change_them_otherwise()
    {
        // Ids written by the version before init_scale existed (the spec of `reproduce du2019-deep` then, 2026-11-22): a
        // sweep that version started must resume under this one.
        const string before = """
            name: du2019-deep
            base:
              data: sphere
              n: 100
              d: 10
              labels: gaussian
              activation: softplus
              c_res: 0.5
              width: 1024
              lr: auto
              steps: 200
              gram_every: 100
              precision: f64
            axes:
              model: [fc, resnet]
              depth: [1, 2, 4, 8, 16]
              seed: [0]
            """;
        var deep = SweepSpec.Parse(before, "du2019-deep").Trials();
        Assert.Equal("model-fc_depth-1_seed-0-5af7e888", deep[0].Id);
        Assert.Equal("model-fc_depth-2_seed-0-7c5b1f53", deep[1].Id);
        var a = SweepSpec.Parse(Small, "a.yaml").Trials();
        var one = SweepSpec.Parse(Small.Replace("steps: 5", "steps: 5\n  init_scale: 1.0"), "one.yaml").Trials();
        var small = SweepSpec.Parse(Small.Replace("steps: 5", "steps: 5\n  init_scale: 0.01"), "k.yaml").Trials();
        Assert.Equal(a[0].Id, one[0].Id);
        Assert.NotEqual(a[0].Id, small[0].Id);
        Assert.Equal(0.01, ((OverParam.Experiments.TwoLayerOptions)TrainSettings.ToTrainSpec(small[0].Settings).Model.Options).InitScale);
    }

    [Fact]
    public void Json_specs_are_accepted()
    {
        var s = SweepSpec.Parse("""{"base": {"n": 4, "labels": "sign"}, "axes": {"lr": [0.1, "auto"]}}""", "s.json");
        Assert.Equal(["0.1", "auto"], s.Trials().Select(t => t.Settings["lr"]));
    }

    [Fact]
    public void Keys_take_the_flags_spelling_too_and_the_trials_are_the_same()
    {
        var flags = SweepSpec.Parse("base:\n  model: resnet\n  train-layers: last\n  record-every: 5\n  data-seed: 3\naxes:\n  c-res: [0.3, 0.5]\n", "flags.yaml").Trials();
        var keys = SweepSpec.Parse("base:\n  model: resnet\n  train_layers: last\n  record_every: 5\n  data_seed: 3\naxes:\n  c_res: [0.3, 0.5]\n", "keys.yaml").Trials();
        Assert.Equal(keys.Select(t => t.Id), flags.Select(t => t.Id));
        Assert.Equal("last", flags[0].Settings["train_layers"]);
        Assert.False(flags[0].Settings.ContainsKey("train-layers"));
        var twice = Assert.Throws<OverParam.IO.InputException>(() => SweepSpec.Parse("base:\n  train_layers: last\n  train-layers: all\n", "t.yaml"));
        Assert.Contains("line 3: base.train_layers: given twice", twice.Message);
        var unknown = Assert.Throws<OverParam.IO.InputException>(() => SweepSpec.Parse("base:\n  train-layer: last\n", "u.yaml"));
        Assert.Contains("base.train-layer: unknown key", unknown.Message);
    }

    public static TheoryData<string, string> BadSpecs => new()
    {
        { "base:\n  widht: 10\n", "line 2: base.widht: unknown key; expected one of data, labels" },
        { "colour: red\n", "line 1: 'colour': unknown key; expected one of name, description, base, cases, axes" },
        { "axes:\n  width: []\n", "line 2: axes.width: empty axis" },
        { "axes:\n  width: [10, abc]\n", "line 2: axes.width: expected a whole number ≥ 1 up to 2147483647, got 'abc'" },
        { "base:\n  bias: maybe\n", "base.bias: expected true or false, got 'maybe'" },
        { "base:\n  lr: -1\n", "base.lr: expected a number > 0 or 'auto', got '-1'" },
        { "axes:\n  width: 10\n", "axes.width: expected a list of values" },
        { "base: [1, 2\n", "not valid YAML" },
        { "axes:\n  seed: [1, 1]\n", "two trials have the same settings" },
        { "cases: []\n", "cases: expected a non-empty list" },
        { "cases:\n  - { n: 5, width: 2 }\n  - { n: 6 }\n", "every case must set the same keys (n, width), this one sets n" },
        { "cases:\n  - { n: 5, n: 6 }\n", "" },
        { "cases:\n  - { n: 5, widht: 2 }\n", "cases.widht: unknown key" },
        { "cases:\n  - { n: five }\n", "cases.n: expected" },
        { "base:\n  n: 4\ncases:\n  - { n: 5 }\n", "cases.n: also set in base" },
        { "cases:\n  - { n: 5 }\naxes:\n  n: [6]\n", "cases.n: also set in axes" },
        { "cases:\n  - { n: 5 }\n  - { n: 5 }\n", "two trials have the same settings" },
    };

    [Fact]
    public void Cases_vary_settings_together_and_cross_the_axes_as_a_first_axis()
    {
        var spec = SweepSpec.Parse("""
            name: tied
            base: { d: 3, labels: sign, steps: 5 }
            cases:
              - { n: 10, width: 5 }
              - { width: 20, n: 10 }
              - { n: 20, width: 10 }
            axes:
              seed: [0, 1]
            """, "tied.yaml");
        var trials = spec.Trials();
        Assert.Equal(["n", "width", "seed"], spec.AxisNames);
        Assert.Equal(6, trials.Count);
        Assert.Equal(["10/5/0", "10/5/1", "10/20/0", "10/20/1", "20/10/0", "20/10/1"],
            trials.Select(t => $"{t.Settings["n"]}/{t.Settings["width"]}/{t.Settings["seed"]}"));
        Assert.StartsWith("n-10_width-20_seed-1-", trials[3].Id); // the first case's key order, whatever a case's own
        Assert.Equal(["n", "width", "seed"], trials[3].Axes.Keys);
        // The same trial written as a plain axis product has the same id: cases are only a way to choose trials.
        var product = SweepSpec.Parse("name: p\nbase: { d: 3, labels: sign, steps: 5 }\naxes:\n  n: [10]\n  width: [20]\n  seed: [1]\n", "p.yaml").Trials();
        Assert.Equal(product[0].Id, trials[3].Id);
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Bad_specs_get_one_line_naming_the_key(string yaml, string fragment)
    {
        var e = Assert.Throws<InputException>(() => SweepSpec.Parse(yaml, "spec.yaml").Trials());
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
