using OverParam.Data;
using OverParam.Experiments;
using OverParam.Training;

namespace OverParam.Tests.Training;

public class TrainingTests
{
    internal static TrainSpec Spec(DataSpec data, int width, double? lr, int steps, long seed = 0, bool bias = false, bool output = false,
        Precision precision = Precision.F64, int gramEvery = 0, double tol = 0) =>
        new(data, ModelSpec.TwoLayer(width, bias, output), lr, steps, tol, seed, precision, 1, gramEvery, 0.1, null);

    private static string CircleLabels(TestData.TempDir dir)
    {
        Npy.Write(dir["y.npy"], [1.0, -1, 1, -1, 1], 5);
        return dir["y.npy"];
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(4000)]
    public void Five_point_circle_reaches_1e_minus_10_within_200_steps(int width)
    {
        // THEORY.md §7.3 data, y = (1, −1, 1, −1, 1), η = 0.5 (the setting).
        using var dir = new TestData.TempDir();
        var data = new DataSpec("circle", CircleLabels(dir), 5, 2, 0, false);
        var r = TrainJob.Run(Spec(data, width, 0.5, 200, tol: 1e-10), TestData.OpenBlas, 2, dir["out"]);
        Assert.True(r.Outcome.Converged, r.Outcome.Message);
        Assert.True(r.Outcome.StepsRun <= 200);
        Assert.True(r.Outcome.FinalLoss < 1e-10);
        Assert.Equal(0.3, r.Lambda0, Tolerances.SmallEigen);
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_another_seed_does_not()
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "gaussian", 30, 5, 1, false);
        TrainJob.Run(Spec(data, 200, null, 40, seed: 3, gramEvery: 10), TestData.OpenBlas, 2, dir["a"]);
        TrainJob.Run(Spec(data, 200, null, 40, seed: 3, gramEvery: 10), TestData.OpenBlas, 2, dir["b"]);
        TrainJob.Run(Spec(data, 200, null, 40, seed: 4, gramEvery: 10), TestData.OpenBlas, 2, dir["c"]);
        Assert.Equal(File.ReadAllText(dir["a/metrics.csv"]), File.ReadAllText(dir["b/metrics.csv"]));
        Assert.NotEqual(File.ReadAllText(dir["a/metrics.csv"]), File.ReadAllText(dir["c/metrics.csv"]));
    }

    [Fact]
    public void Saved_initial_weights_reproduce_the_run_under_another_seed()
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "sign", 12, 4, 2, false);
        var first = Spec(data, 50, 0.2, 20, seed: 8, bias: true, output: true) with { SaveWeights = true };
        TrainJob.Run(first, TestData.OpenBlas, 2, dir["a"]);
        var again = Spec(data, 50, 0.2, 20, seed: 999, bias: true, output: true) with
        {
            InitW = dir["a/init_W.npy"],
            InitA = dir["a/init_a.npy"],
            InitB = dir["a/init_b.npy"],
        };
        TrainJob.Run(again, TestData.OpenBlas, 2, dir["b"]);
        Assert.Equal(File.ReadAllText(dir["a/metrics.csv"]), File.ReadAllText(dir["b/metrics.csv"]));
    }

    [Fact]
    public void Too_large_a_step_is_reported_as_divergence_with_the_metrics_kept()
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "gaussian", 20, 3, 0, false);
        var r = TrainJob.Run(Spec(data, 100, 50, 500), TestData.OpenBlas, 2, dir["out"]);
        Assert.True(r.Outcome.Diverged);
        Assert.True(r.Outcome.StepsRun < 500);
        Assert.Contains("diverged at step", r.Outcome.Message);
        var lines = File.ReadAllLines(dir["out/metrics.csv"]);
        Assert.Equal(r.Outcome.StepsRun + 2, lines.Length); // header + steps 0..k
        Assert.Contains("\"diverged\": true", File.ReadAllText(dir["out/summary.json"]));
    }

    [Fact]
    public void Float32_training_tracks_float64_training()
    {
        using var dir = new TestData.TempDir();
        var data = new DataSpec("sphere", "gaussian", 25, 6, 0, false);
        var f64 = TrainJob.Run(Spec(data, 400, null, 30), TestData.OpenBlas, 2, dir["a"]);
        var f32 = TrainJob.Run(Spec(data, 400, null, 30, precision: Precision.F32), TestData.OpenBlas, 2, dir["b"]);
        var l64 = f64.Outcome.Metrics["loss"];
        var l32 = f32.Outcome.Metrics["loss"];
        for (int k = 0; k < l64.Length; k++) Assert.Equal(l64[k], l32[k], 1e-4 * l64[0]); // float32 rounding, accumulated over 30 steps
    }

    [Fact]
    public void Zero_steps_records_the_initial_state_only()
    {
        using var dir = new TestData.TempDir();
        var r = TrainJob.Run(Spec(new DataSpec("circle", "sign", 3, 2, 0, false), 10, 0.1, 0), TestData.OpenBlas, 2, dir["out"]);
        Assert.Equal(1, r.Outcome.Metrics.Count);
        Assert.Equal(0, r.Outcome.StepsRun);
    }
}
