using OverParam.Data;
using OverParam.Numerics;

namespace OverParam.Tests.Data;

public class SyntheticTests
{
    [Fact]
    public void Sphere_points_have_unit_norm_and_the_same_seed_gives_the_same_points()
    {
        var a = Synthetic.Sphere(50, 7, 42);
        var b = Synthetic.Sphere(50, 7, 42);
        var c = Synthetic.Sphere(50, 7, 43);
        Assert.Equal(a.X, b.X);
        Assert.NotEqual(a.X, c.X);
        for (int i = 0; i < 50; i++) Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Norm(a.Row(i)), 1e-15);
    }

    [Fact]
    public void Label_kinds_use_their_own_stream_and_leave_the_inputs_alone()
    {
        var data = Synthetic.Sphere(200, 3, 1);
        var g = Synthetic.Labels(data, LabelKind.Gaussian, 1);
        var s = Synthetic.Labels(data, LabelKind.Sign, 1);
        var t = Synthetic.Labels(data, LabelKind.Teacher, 1);
        Assert.All(s, v => Assert.True(v is 1 or -1));
        Assert.InRange(g.Average(), -0.25, 0.25);         // mean of 200 N(0,1): sd 0.07
        Assert.InRange(g.Select(v => v * v).Average(), 0.7, 1.3);
        Assert.Contains(t, v => v != 0);
        Assert.Equal(Synthetic.Sphere(200, 3, 1).X, data.X);
    }

    [Fact]
    public void Rng_streams_are_reproducible_and_gaussian()
    {
        var a = Rng.Stream(5, 1);
        var b = Rng.Stream(5, 1);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextGaussian(), b.NextGaussian());
        var r = Rng.Stream(5, 2);
        double sum = 0, sq = 0;
        const int count = 200_000;
        for (int i = 0; i < count; i++) { double z = r.NextGaussian(); sum += z; sq += z * z; }
        Assert.InRange(sum / count, -0.01, 0.01);   // sd of the mean: 0.0022
        Assert.InRange(sq / count, 0.985, 1.015);   // sd of the second moment: sqrt(2/count) = 0.0032
    }

    [Fact]
    public void Normalized_projects_onto_the_sphere_and_keeps_zero_rows()
    {
        var d = TestData.FromRows([3, 4], [0, 0]).Normalized();
        Assert.Equal([0.6, 0.8, 0, 0], d.X);
    }

    [Fact]
    public void Held_out_points_are_new_and_teacher_labels_are_the_same_function()
    {
        var train = Synthetic.Sphere(20, 5, 3);
        var test = Synthetic.Sphere(30, 5, 3, heldOut: true);
        Assert.NotEqual(train.X[..5], test.X[..5]);
        // One teacher: labelling the training and held-out points together gives each set's own labels, exactly.
        var both = new Dataset("both", 50, 5, [.. train.X, .. test.X], null);
        var together = Synthetic.Labels(both, LabelKind.Teacher, 3);
        Assert.Equal(Synthetic.Labels(train, LabelKind.Teacher, 3), together[..20]);
        Assert.Equal(Synthetic.Labels(test, LabelKind.Teacher, 3, heldOut: true), together[20..]);
        // Random labels are fresh draws for held-out points.
        Assert.NotEqual(Synthetic.Labels(train, LabelKind.Sign, 3)[..20], Synthetic.Labels(test, LabelKind.Sign, 3, heldOut: true)[..20]);
    }
}
