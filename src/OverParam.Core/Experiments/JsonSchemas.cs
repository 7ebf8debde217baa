using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OverParam.Experiments;

/// <summary>
/// JSON Schemas (draft 2020-12) of the files the tool writes, generated from the records that are serialized into them
/// (<see cref="Json.RecordOptions"/>), so that a file and its schema cannot disagree.
/// </summary>
public static class JsonSchemas
{
    /// <summary>The dialect every schema declares.</summary>
    public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>
    /// The schema of <paramref name="type"/> as <see cref="Json.RecordOptions"/> serializes it: <c>$schema</c>,
    /// <c>title</c> and <c>description</c> at the top; each property's <see cref="DescriptionAttribute"/> (or its type's)
    /// as its <c>description</c>; every object closed (<c>additionalProperties: false</c>) and every property
    /// <c>required</c> but those written only when not null (<see cref="JsonIgnoreAttribute"/>), since the writers write
    /// every other property, null included. Dictionaries stay open.
    /// </summary>
    public static JsonObject For(Type type, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(type);
        var exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Annotate };
        var body = Json.RecordOptions.GetJsonSchemaAsNode(type, exporter).AsObject();
        var schema = new JsonObject { ["$schema"] = Draft202012, ["title"] = title, ["description"] = description };
        foreach (var (key, value) in body.ToList())
        {
            if (key == "description") continue;
            body.Remove(key);
            schema[key] = value;
        }
        return schema;
    }

    /// <summary>The description a member or type declares with <see cref="DescriptionAttribute"/>, or null.</summary>
    public static string? DescriptionOf(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;

    /// <summary>Adds descriptions, closes objects and requires every property.</summary>
    private static JsonNode Annotate(JsonSchemaExporterContext ctx, JsonNode node)
    {
        if (node is not JsonObject o) return node;
        string? description = DescriptionOf(ctx.PropertyInfo?.AttributeProvider) ?? (ctx.PropertyInfo == null ? DescriptionOf(ctx.TypeInfo.Type) : null);
        if (description != null) o.Insert(0, "description", description);
        if (ctx.TypeInfo.Kind == JsonTypeInfoKind.Object && o["properties"] is JsonObject)
        {
            var always = ctx.TypeInfo.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) != true);
            o["required"] = new JsonArray([.. always.Select(p => (JsonNode)p.Name)]);
            o["additionalProperties"] = false;
        }
        return node;
    }

    /// <summary>The property names of <typeparamref name="T"/> as they are written, in order (what docs must list).</summary>
    public static IReadOnlyList<string> PropertyNames<T>() =>
        [.. Json.RecordOptions.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name)];

}
