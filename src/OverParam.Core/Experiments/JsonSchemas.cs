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
    /// <c>required</c> but those written only when not null (<see cref="JsonIgnoreAttribute"/>) or under a condition
    /// (<see cref="WrittenWhenAttribute"/>), since the writers write every other property, null included. Dictionaries stay
    /// open; a setting's value (<see cref="JsonValue"/>) is a string, a number or a boolean.
    /// </summary>
    public static JsonObject For(Type type, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(type);
        var schema = new JsonObject { ["$schema"] = Draft202012, ["title"] = title, ["description"] = description };
        MoveInto(schema, Body(type), except: "description");
        return schema;
    }

    /// <summary>
    /// The schema of a file written from one of several records (each model kind's summary.json): <c>anyOf</c> the
    /// schema of each, with the branch's <c>title</c> (e.g. the kinds that write it) and its type's description.
    /// </summary>
    public static JsonObject AnyOf(string title, string description, IEnumerable<(string Title, Type Type)> branches)
    {
        var any = new JsonArray();
        foreach (var (branchTitle, type) in branches)
        {
            var branch = new JsonObject { ["title"] = branchTitle };
            MoveInto(branch, Body(type), except: null);
            any.Add(branch);
        }
        return new JsonObject { ["$schema"] = Draft202012, ["title"] = title, ["description"] = description, ["anyOf"] = any };
    }

    private static JsonObject Body(Type type)
    {
        var body = Json.RecordOptions.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Annotate }).AsObject();
        Inline(body, body);
        return body;
    }

    /// <summary>
    /// Replaces each <c>$ref</c> the exporter writes for a type met a second time (a hypothesis in both hypotheses and
    /// observed) by a copy of what it points to, so that a schema stays whole when it becomes a branch of
    /// <see cref="AnyOf"/> and every field can be documented where it stands. The records hold no recursive types.
    /// </summary>
    private static void Inline(JsonNode node, JsonObject root)
    {
        if (node is JsonArray a)
            foreach (var x in a) { if (x != null) Inline(x, root); }
        if (node is not JsonObject o) return;
        if (o["$ref"] is JsonValue r && ((string)r!).StartsWith("#/", StringComparison.Ordinal))
        {
            o.Remove("$ref");
            var target = ((string)r!)[2..].Split('/').Aggregate((JsonNode)root, (n, key) => n[key.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"schema $ref {r} points nowhere"));
            foreach (var (key, value) in target.AsObject())
                if (!o.ContainsKey(key)) o[key] = value?.DeepClone();
        }
        foreach (var (_, value) in o.ToList()) { if (value != null) Inline(value, root); }
    }

    private static void MoveInto(JsonObject target, JsonObject body, string? except)
    {
        foreach (var (key, value) in body.ToList())
        {
            if (key == except) continue;
            body.Remove(key);
            target[key] = value;
        }
    }

    /// <summary>The description a member or type declares with <see cref="DescriptionAttribute"/>, or null.</summary>
    public static string? DescriptionOf(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;

    /// <summary>Adds descriptions, closes objects and requires every property.</summary>
    private static JsonNode Annotate(JsonSchemaExporterContext ctx, JsonNode node)
    {
        if (node is not JsonObject o) return node;
        if (NotNull(ctx.PropertyInfo?.AttributeProvider) && o["type"] is JsonArray types && types.Any(t => (string?)t == "null"))
            o["type"] = types.Where(t => (string?)t != "null").Select(t => (string)t!).Single();
        if (ctx.TypeInfo.Kind == JsonTypeInfoKind.Dictionary && ctx.TypeInfo.ElementType == typeof(JsonValue))
            o["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
        string? description = DescriptionOf(ctx.PropertyInfo?.AttributeProvider) ?? (ctx.PropertyInfo == null ? DescriptionOf(ctx.TypeInfo.Type) : null);
        if (description != null) o.Insert(0, "description", description);
        if (ctx.TypeInfo.Kind == JsonTypeInfoKind.Object && o["properties"] is JsonObject)
        {
            var always = ctx.TypeInfo.Properties.Where(p => !WrittenWhenAttribute.IsOptional(p.AttributeProvider));
            o["required"] = new JsonArray([.. always.Select(p => (JsonNode)p.Name)]);
            o["additionalProperties"] = false;
        }
        return node;
    }

    /// <summary>
    /// Whether <paramref name="member"/> is a property of a non-nullable reference type: the exporter reads that from a
    /// positional record's constructor, but takes a get-only member (a record built from a run) as nullable.
    /// </summary>
    private static bool NotNull(ICustomAttributeProvider? member) =>
        member is PropertyInfo p && !p.PropertyType.IsValueType && new NullabilityInfoContext().Create(p).ReadState == NullabilityState.NotNull;

    /// <summary>The property names of <typeparamref name="T"/> as they are written, in order (what docs must list).</summary>
    public static IReadOnlyList<string> PropertyNames<T>() =>
        [.. Json.RecordOptions.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name)];

}
