using System.ComponentModel;
using System.Text.Json.Serialization;
using OverParam.Theory;

namespace OverParam.Experiments;

/// <summary>One <see cref="Hypothesis"/> of a theorem as a summary holds it, under its name.</summary>
[Description("One hypothesis of the theorem: whether it holds on this run, how it was judged, and where the theorem states it.")]
public sealed record CheckEntry(
    [property: Description("true or false; null when it was not measured.")] bool? Passed,
    [property: Description("false when the hypothesis was not measured (absent otherwise).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Measured,
    [property: Description("The measured value and the bound, in words.")] string Detail,
    [property: Description("The paper, theorem or assumption that states the hypothesis.")] string Source)
{
    /// <summary>The entry of <paramref name="h"/>.</summary>
    public static CheckEntry Of(Hypothesis h) => h.Measured ? new(h.Passed, null, h.Detail, h.Source) : new(null, false, h.Detail, h.Source);

    /// <summary>{ name: entry, … } in the order given.</summary>
    public static IReadOnlyDictionary<string, CheckEntry> Of(IEnumerable<Hypothesis> checks)
    {
        var d = new Dictionary<string, CheckEntry>();
        foreach (var h in checks) d[h.Name] = Of(h);
        return d;
    }
}
