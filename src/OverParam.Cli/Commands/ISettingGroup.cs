using System.CommandLine;
using OverParam.Experiments;
using OverParam.Sweeps;

namespace OverParam.Cli;

/// <summary>A group of options made from the vocabulary (data, model, shape, run): writes its settings and refuses what a
/// model does not read (<see cref="SettingOptions"/>).</summary>
public interface ISettingGroup
{
    /// <summary>Writes the group's settings, given or default, into <paramref name="settings"/>.</summary>
    void Into(ParseResult r, IDictionary<string, string> settings);

    /// <summary>Refuses an option given that <paramref name="model"/> does not read (<see cref="SettingOptions.RefuseUnread"/>).</summary>
    void RefuseUnread(ParseResult r, ModelKind model, string role, string choose);
}

/// <summary>The settings of several groups, as a sweep's trial holds them.</summary>
public static class SettingGroups
{
    /// <summary>
    /// Every group's settings over the vocabulary's defaults, then each option given that the model --model names does
    /// not read refused in one line, as a sweep spec refuses it; <paramref name="role"/> says what the model is to the
    /// command ("the model this run trains").
    /// </summary>
    public static (Dictionary<string, string> Settings, ModelKind Model) Collect(ParseResult r, string role, params ISettingGroup[] groups)
    {
        var settings = SettingKeys.Defaults();
        foreach (var g in groups) g.Into(r, settings);
        var model = ModelKinds.ByName(settings["model"]);
        foreach (var g in groups) g.RefuseUnread(r, model, role, "--model");
        return (settings, model);
    }
}
