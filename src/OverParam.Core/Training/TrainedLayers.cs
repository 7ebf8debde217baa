using OverParam.IO;

namespace OverParam.Training;

/// <summary>Which layers gradient descent trains (<c>--train-layers</c>).</summary>
public enum TrainedLayers
{
    /// <summary>Every layer (Du et al. ICML 2019, Thm 5.1/6.1; the default).</summary>
    All,
    /// <summary>The output layer a alone, the hidden layers fixed at their initialization: GD then solves least squares on
    /// the last hidden layer's features Φ = X^(H) (n×m), min_a ½‖Φa − y‖² (Kawaguchi &amp; Huang 2019's lower-bound side:
    /// with m &lt; n generic labels cannot be interpolated).</summary>
    Last,
}

/// <summary>Names of <see cref="TrainedLayers"/> on the command line and in sweep specs.</summary>
public static class TrainedLayerNames
{
    /// <summary>"all" or "last"; anything else is refused in one line naming <paramref name="option"/>.</summary>
    public static TrainedLayers Parse(string text, string option = "--train-layers") => text switch
    {
        "all" => TrainedLayers.All,
        "last" => TrainedLayers.Last,
        _ => throw new InputException($"{option}: expected all or last, got '{text}'"),
    };

    /// <summary>The command-line name.</summary>
    public static string Name(this TrainedLayers layers) => layers == TrainedLayers.Last ? "last" : "all";
}
