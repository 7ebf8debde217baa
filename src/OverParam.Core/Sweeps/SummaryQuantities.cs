using OverParam.Training;
namespace OverParam.Sweeps;

/// <summary>
/// The per-trial quantities that summary.csv gives beside the envelope (final loss, rate, max_dist, pattern_change, λ0):
/// what the reproductions' claims are about. For each, summary.csv has <c>NAME_mean</c> and <c>NAME_sd</c> (mean and
/// sample standard deviation over a setting's seeds, of the finite values), and the pair appears only when some finished
/// trial of the sweep gives a finite value (a sweep without held-out data has no test_accuracy columns). Each value is
/// the one the claims read: a metrics.csv column at its last recorded row, or a number of summary.json.
/// </summary>
public static class SummaryQuantities
{
    /// <summary>One quantity: its column stem, what it is, and how a finished trial gives it (NaN: not recorded).</summary>
    public sealed record Quantity(string Name, string Meaning, Func<TrialData, double> Of);

    /// <summary>Every quantity, in the order summary.csv lists them.</summary>
    public static readonly IReadOnlyList<Quantity> All =
    [
        new("initial_loss", "L(0), the loss at step 0 (metrics.csv loss, first row)", t => t.Column(MetricColumns.Loss)[0]),
        new("loss_ratio", "L(K)/L(0): the last recorded loss over the first (how far GD fitted the data)", t => t.Column(MetricColumns.Loss)[^1] / t.Column(MetricColumns.Loss)[0]),
        new("train_accuracy", "training accuracy at the last recorded step (classes: sign or argmax)", Last(MetricColumns.TrainAccuracy)),
        new("test_accuracy", "held-out accuracy at the last recorded step (Kawaguchi & Huang's natural vs random data)", Last(MetricColumns.TestAccuracy)),
        new("test_mse", "held-out mean squared error at the last recorded step", Last(MetricColumns.TestMse)),
        new("weight_dist_fro", "‖W(K) − W(0)‖_F at the last recorded step (Arora et al.'s distance from initialization)", Last(MetricColumns.WeightDistFro)),
        new("least_squares_loss", "L*: the output layer's exact least-squares optimum (summary.json least_squares.loss; train_layers last)",
            t => t.Number("least_squares", "loss")),
    ];

    private static Func<TrialData, double> Last(MetricColumn column) => t => t.Column(column) is { Length: > 0 } v ? v[^1] : double.NaN;

    /// <summary>The quantities some trial of <paramref name="trials"/> gives a finite value of.</summary>
    public static IReadOnlyList<Quantity> Present(IReadOnlyList<TrialData> trials) =>
        [.. All.Where(q => trials.Any(t => double.IsFinite(q.Of(t))))];
}
