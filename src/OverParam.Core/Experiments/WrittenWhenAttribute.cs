using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OverParam.Experiments;

/// <summary>
/// Marks a member of an output record that is written only when the record's boolean member named
/// <see cref="Condition"/> is true, and then written even when null: "present, perhaps null" and "absent" stay apart,
/// as they are in the files (e.g. Arora et al.'s κ and ε in a two-layer certificate's bounds, present only with a small
/// initialization, ε null where it is not finite). The condition member itself carries <see cref="JsonIgnoreAttribute"/>.
/// <see cref="Json.RecordOptions"/> applies it (<see cref="Apply"/>); <see cref="JsonSchemas"/> leaves such a member out of
/// <c>required</c>.
/// </summary>
/// <param name="condition">The name of a public instance property of type bool on the same record.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WrittenWhenAttribute(string condition) : Attribute
{
    /// <summary>The name of the boolean member that decides whether the member is written.</summary>
    public string Condition { get; } = condition;

    /// <summary>Whether <paramref name="provider"/> (a property) is written only under a condition, or only when not null.</summary>
    public static bool IsOptional(ICustomAttributeProvider? provider) =>
        provider != null && (provider.IsDefined(typeof(WrittenWhenAttribute), inherit: true) || provider.IsDefined(typeof(JsonIgnoreAttribute), inherit: true));

    /// <summary>
    /// A <see cref="DefaultJsonTypeInfoResolver"/> modifier: each property marked with this attribute is serialized only when
    /// its condition holds on the instance being written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The condition names no public bool property of the record.</exception>
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var p in info.Properties)
        {
            if (p.AttributeProvider?.GetCustomAttributes(typeof(WrittenWhenAttribute), inherit: true).FirstOrDefault() is not WrittenWhenAttribute a) continue;
            var condition = info.Type.GetProperty(a.Condition, BindingFlags.Public | BindingFlags.Instance);
            if (condition?.PropertyType != typeof(bool))
                throw new InvalidOperationException($"{info.Type.Name}.{p.Name}: [WrittenWhen(\"{a.Condition}\")] names no public bool property");
            p.ShouldSerialize = (record, _) => (bool)condition.GetValue(record)!;
        }
    }
}
