using System.Text.RegularExpressions;
using OverParam.Cli;
using OverParam.Tests.Cli;
using OverParam.Tests.Data;

namespace OverParam.Tests.Schemas;

/// <summary>
/// train's and data's summary.json, serialized from records (<see cref="OverParam.Experiments.TrainSummary"/> and each model kind's
/// record, <see cref="OverParam.Experiments.DataSummary"/>), are the files the hand-built JsonObject summaries wrote: Fixtures/summaries
/// holds what the last build that built them by hand (d1eccb4) wrote for the same command lines. The numbers, which the
/// linear algebra's rounding may move in their last digits from machine to machine, the verdicts that rest on them and the
/// provenance are masked; everything else must be equal byte for byte: key order, nesting, indentation, null against
/// absent members, strings and the other booleans.
/// </summary>
public partial class SummaryLayoutTests
{
    [Theory]
    [InlineData("train-two-layer", "train --n 10 --d 4 --labels teacher --width 12 --steps 4 --test-n 5")]
    [InlineData("train-bias", "train --n 10 --d 4 --labels teacher --width 12 --steps 4 --bias")]
    [InlineData("train-train-output", "train --n 10 --d 4 --labels teacher --width 12 --steps 4 --train-output --form dual")]
    [InlineData("train-init-scale", "train --n 10 --d 4 --labels sign --width 12 --steps 4 --init-scale 0.1")]
    [InlineData("train-fc", "train --model fc --depth 2 --n 10 --d 4 --labels gaussian --width 12 --steps 4 --test-n 5")]
    [InlineData("train-resnet", "train --model resnet --depth 2 --n 10 --d 4 --labels gaussian --width 12 --steps 4")]
    [InlineData("train-conv-resnet", "train --model conv-resnet --depth 2 --channels 2 --n 8 --d 6 --labels gaussian --width 8 --steps 3")]
    [InlineData("train-fc-last", "train --model fc --depth 2 --n 10 --d 4 --labels gaussian --width 12 --steps 4 --train-layers last")]
    [InlineData("train-natural", "train --data mnist:MNIST --classes 1,3 --test-split test --width 12 --steps 4")]
    [InlineData("data-sphere", "data --n 10 --d 8 --labels sign --project 3 --normalize")]
    [InlineData("data-natural", "data --data mnist:MNIST --classes 1,3,7 --center --shuffle-seed 2")]
    public void A_summary_written_from_records_has_the_layout_of_the_hand_built_one(string name, string commandLine)
    {
        using var dir = new TestData.TempDir();
        string mnist = NaturalDataTests.MnistFolder(dir, gzip: false);
        var r = CliRunner.Run([.. commandLine.Split(' ').Select(a => a.Replace("MNIST", mnist, StringComparison.Ordinal)), "--out", dir["out"]]);
        Assert.True(r.ExitCode == App.Ok, r.Err);
        string before = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "summaries", name + ".json"));
        string now = File.ReadAllText(dir["out/summary.json"]).Replace(mnist, "MNIST", StringComparison.Ordinal);
        Assert.Equal(Mask(before), Mask(now));
    }

    [Fact]
    public void The_mask_keeps_the_layout_and_hides_only_numbers_verdicts_and_provenance()
    {
        Assert.Equal("{\n  \"lambda#\": #,\n  \"x\": null,\n  \"passed\": b,\n  \"bias\": true,\n  \"provenance\": {}\n}",
            Mask("{\n  \"lambda0\": -1.5E-07,\n  \"x\": null,\n  \"passed\": false,\n  \"bias\": true,\n  \"provenance\": {\n    \"dotnet\": \"10.0.1\"\n  }\n}"));
    }

    private static string Mask(string json)
    {
        string s = Provenance().Replace(json, "\"provenance\": {}");
        s = Verdict().Replace(s, "\"passed\": b");
        return Number().Replace(s, "#");
    }

    [GeneratedRegex(@"""provenance"": \{[^}]*\}")]
    private static partial Regex Provenance();

    [GeneratedRegex(@"""passed"": (true|false)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex Number();
}
