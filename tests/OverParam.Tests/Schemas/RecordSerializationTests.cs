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
}
