using System.Text.Json.Nodes;
using OverParam.Experiments;
using OpJson = OverParam.Experiments.Json;

namespace OverParam.Tests.Schemas;

/// <summary>
/// Records serialized with <see cref="OpJson.RecordOptions"/> give the bytes the hand-built <see cref="JsonObject"/> summaries
/// gave: number formatting, indentation, key order, nulls, non-ASCII text and absent-when-null members.
/// </summary>
public class RecordSerializationTests
{
    private sealed record Sample(double Small, double Whole, double? Missing, long Count, string Formula, IReadOnlyList<int> Pair,
        IReadOnlyDictionary<string, double?> Values,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] TileLayout? Tiles);

    [Fact]
    public void A_record_and_the_same_json_object_are_written_to_the_same_bytes()
    {
        double[] numbers = [5.220329915793424E-14, 3.0, 0.1, 1e300, -2.5e-320];
        foreach (double x in numbers)
        {
            var record = new Sample(x, 3, OpJson.Finite(double.NaN), 12, "H∞_ij = x_iᵀx_j (π − θ_ij)/(2π) ‖·‖", [1, 2],
                new Dictionary<string, double?> { ["b_seconds"] = x, ["a"] = null }, null);
            var node = new JsonObject
            {
                ["small"] = x,
                ["whole"] = 3.0,
                ["missing"] = OpJson.Number(double.NaN),
                ["count"] = 12L,
                ["formula"] = "H∞_ij = x_iᵀx_j (π − θ_ij)/(2π) ‖·‖",
                ["pair"] = new JsonArray(1, 2),
                ["values"] = new JsonObject { ["b_seconds"] = x, ["a"] = null },
            };
            Assert.Equal(OpJson.Write(node), OpJson.Write(record));
        }
    }

    private sealed record Conditional(
        [property: WrittenWhen(nameof(Conditional.Present))] double? Value,
        [property: System.Text.Json.Serialization.JsonIgnore] bool Present);

    [Fact]
    public void A_member_written_when_its_condition_holds_is_written_even_null_and_is_absent_otherwise()
    {
        Assert.Equal("{\n  \"value\": null\n}\n", OpJson.Write(new Conditional(null, Present: true)));
        Assert.Equal("{\n  \"value\": 2.5\n}\n", OpJson.Write(new Conditional(2.5, Present: true)));
        Assert.Equal("{}\n", OpJson.Write(new Conditional(2.5, Present: false)));
        var schema = JsonSchemas.For(typeof(Conditional), "c", "c");
        Assert.Empty(schema["required"]!.AsArray()); // not required: absent when the condition does not hold
    }

    [Fact]
    public void A_kind_record_is_written_as_its_runtime_type_with_its_members_between_the_common_ones()
    {
        var schema = JsonSchemas.AnyOf("t", "d", [("a", typeof(TwoLayerTrainSummary)), ("b", typeof(DeepTrainSummary))]);
        var twoLayer = schema["anyOf"]![0]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        var deep = schema["anyOf"]![1]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["settings", "lambda0", "outputs", "initial_loss"], twoLayer[..4]);
        Assert.Equal(["settings", "lambda0", "lambda_max_ntk", "outputs", "output_spread", "auto_step", "empirical_kernel", "initial_loss"], deep[..8]);
        Assert.Equal(["final_pattern_change", "final_max_dist", "certificate", "files", "provenance"], twoLayer[^5..]);
        Assert.Equal(["certificate", "train_layers", "least_squares", "files", "provenance"], deep[^5..]);
    }
}
