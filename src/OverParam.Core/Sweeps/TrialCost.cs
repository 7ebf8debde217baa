using OverParam.Data;
using OverParam.Training;

namespace OverParam.Sweeps;

/// <summary>
/// A trial's share of a sweep's work, for the time left (<see cref="IO.TimeLeft"/>): its floating-point operations up to a
/// common constant, from its settings alone (nothing is loaded). With n points, P trained parameters of the whole
/// network, p positions (the convolutional ResNet's d/d0; 1 otherwise), H layers, K steps and g the Gram evaluations'
/// spacing:
/// <code>cost = n·p·P·(K + 1) + n³ + n²·d + H·n²·p²·Q² + ⌈K/g⌉·(n²·m·H·p + n³) + c₀,</code>
/// the forward and backward passes of every step (the weights apply at every position), the set-up's λ0 (one n×n
/// eigenproblem), the inner products and the deep kernels' recursion (deep nets only: each pair of inputs, and for the
/// convolutional ResNet each pair of positions, takes Q² activation evaluations a layer, Q the quadrature's nodes, 1 where
/// σ's expectations are in closed form), each recorded Gram matrix with its λ_min, and a run's fixed cost c₀ (<see cref="Overhead"/>). With
/// the output layer alone the features are formed once and each step costs n·m. Runs that stop early (a tolerance met)
/// cost less than this; the estimate of the time left corrects itself as they finish, since it scales the cost still to
/// do by the time the cost done took.
/// </summary>
public static class TrialCost
{
    /// <summary>
    /// c₀ = 10⁹, a run's fixed cost in the same units: small products run far below a machine's peak, and every run loads
    /// data and writes its files. Chosen from <c>reproduce du2019 --quick</c> on the team's 2-core machine, where widths
    /// 50, 200, 1000 and 5000 took 0.08, 0.23, 0.4 and 1.3 s (1 : 2.9 : 5 : 16): with c₀ the costs go 1 : 1.5 : 4.2 : 18,
    /// without it 1 : 3.1 : 14 : 70.
    /// </summary>
    public const double Overhead = 1e9;

    /// <summary>The relative cost of a trial with these (canonical, checked) settings; at least <see cref="Overhead"/>.</summary>
    public static double Of(IReadOnlyDictionary<string, string> settings)
    {
        var spec = TrainSettings.ToTrainSpec(settings);
        double n = spec.Data.N, m = spec.Model.Width, k = spec.Steps, d = Dimension(spec.Data);
        var (p, positions, layers, nodes) = spec.Model.Kind.Cost(spec.Model, (int)d);
        double perStep = spec.TrainLayers == TrainedLayers.Last ? n * m : n * positions * p;
        double recursion = layers * n * n * positions * positions * nodes * nodes; // 0 without a kernel recursion (nodes 0)
        double setUp = n * n * n + n * n * d + recursion + (spec.TrainLayers == TrainedLayers.Last ? n * positions * p : 0);
        double grams = spec.GramEvery > 0 ? Math.Ceiling(k / spec.GramEvery) : 0;
        return perStep * (k + 1) + setUp + grams * (n * n * m * layers * positions + n * n * n) + Overhead;
    }

    /// <summary>The inputs' dimension: d for synthetic data; the images' for natural data sets (784 for MNIST and
    /// Fashion-MNIST, 3072 for CIFAR-10); for a file, the d setting (its own dimension is known only once it is read).</summary>
    private static double Dimension(DataSpec data) => NaturalData.Parse(data.Data)?.Kind switch
    {
        "mnist" or "fashion-mnist" => 784,
        "cifar10" => 3072,
        null => data.D,
        var kind => throw new InvalidOperationException($"no image dimension known for the natural data set '{kind}'"),
    };
}
