using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OverParam.Experiments;

/// <summary>How the tool writes JSON: the options of the output records, non-finite numbers as null, the tool's version.</summary>
public static class Json
{
    /// <summary>Indented, snake_case-friendly, non-ASCII kept readable (formulas use θ, π, ‖·‖).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// <see cref="Options"/> for the output records: snake_case names, enums as their snake_case names, null written
    /// (never omitted) but where a member is marked <see cref="JsonIgnoreAttribute"/> (absent when null) or
    /// <see cref="WrittenWhenAttribute"/> (absent unless its condition holds). The bytes equal those of the same content
    /// built as a <see cref="JsonNode"/>.
    /// </summary>
    public static readonly JsonSerializerOptions RecordOptions = new(Options)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WrittenWhenAttribute.Apply } },
    };

    /// <summary>The tool's version, written into every output.</summary>
    public static string Version =>
        typeof(Json).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>A JSON number, or null for NaN and ±Inf (JSON has no such numbers).</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>A JSON number, or null.</summary>
    public static JsonNode? Number(double? v) => v is { } x ? Number(x) : null;

    /// <summary>Serializes <paramref name="node"/> to indented text.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(Options) + "\n";

    /// <summary>Serializes the output record <paramref name="value"/> to indented text (<see cref="RecordOptions"/>).</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, RecordOptions) + "\n";

    /// <summary>Serializes the output record <paramref name="value"/> as its runtime type (a model kind's summary record
    /// behind <see cref="TrainSummary"/>), to indented text.</summary>
    public static string WriteAsRuntimeType(object value) => JsonSerializer.Serialize(value, value.GetType(), RecordOptions) + "\n";

    /// <summary>A finite number, or null for NaN and ±Inf (what an output record holds where JSON has no number).</summary>
    public static double? Finite(double v) => double.IsFinite(v) ? v : null;

    /// <summary>A finite number, or null for null, NaN and ±Inf.</summary>
    public static double? Finite(double? v) => v is { } x ? Finite(x) : null;
}
