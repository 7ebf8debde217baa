using System.Numerics.Tensors;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Data;

/// <summary>How synthetic labels are drawn.</summary>
public enum LabelKind
{
    /// <summary>y_i ~ N(0, 1) i.i.d.: the labels of Du et al. (ICLR 2019, §5).</summary>
    Gaussian,
    /// <summary>y_i uniform on {−1, +1}.</summary>
    Sign,
    /// <summary>y_i = f*(x_i) for a random two-layer ReLU teacher of width 16 in the paper's parameterization.</summary>
    Teacher,
}

/// <summary>Seeded synthetic data sets. Streams for features and labels are independent, so changing the label kind
/// leaves the inputs unchanged.</summary>
public static class Synthetic
{
    private const ulong FeatureStream = 1, LabelStream = 2, HeldOutFeatureStream = 3, HeldOutLabelStream = 4;

    /// <summary>Width of the random teacher network behind <see cref="LabelKind.Teacher"/>.</summary>
    public const int TeacherWidth = 16;

    /// <summary>
    /// n points uniform on the unit sphere S^{d−1} (normalized standard Gaussians): the data of Du et al.
    /// (ICLR 2019, §5: "uniformly generate n = 1000 data points from a d = 1000 dimensional unit sphere").
    /// </summary>
    /// <param name="n">Points.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="heldOut">Draw from the held-out stream: new points from the same distribution, for test error.</param>
    public static Dataset Sphere(int n, int d, long seed, bool heldOut = false)
    {
        if (n < 1 || d < 1) throw new InputException($"sphere data needs n ≥ 1 and d ≥ 1, got n = {n}, d = {d}");
        var rng = Rng.Stream(seed, heldOut ? HeldOutFeatureStream : FeatureStream);
        var x = new double[(long)n * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            double norm;
            do
            {
                rng.FillGaussian(row);
                norm = TensorPrimitives.Norm(row);
            } while (norm == 0);
            TensorPrimitives.Divide(row, norm, row);
        }
        return new Dataset($"sphere(n={n}, d={d}, seed={seed}{(heldOut ? ", held out" : "")})", n, d, x, null);
    }

    /// <summary>
    /// n equally spaced unit vectors on the circle S¹ (d = 2), x_k = (cos 2πk/n, sin 2πk/n): H∞ is circulant and its λ0 is
    /// known in closed form (THEORY.md §7.3). For even n the set has antipodal pairs and λ0 = 0.
    /// </summary>
    public static Dataset Circle(int n)
    {
        if (n < 1) throw new InputException($"circle data needs n ≥ 1, got n = {n}");
        var x = new double[2 * n];
        for (int k = 0; k < n; k++)
        {
            x[2 * k] = Math.Cos(2 * Math.PI * k / n);
            x[2 * k + 1] = Math.Sin(2 * Math.PI * k / n);
        }
        return new Dataset($"circle(n={n})", n, 2, x, null);
    }

    /// <summary>
    /// n equally spaced scalars in (−1, 1) (d = 1), x_k = −1 + (2k + 1)/n: pairwise distinct, none zero, and every pair
    /// parallel or antiparallel, so Du et al.'s H∞ of x alone has rank ≤ 2 while H∞ of (x, 1) is positive definite
    /// (Jentzen &amp; Kröger 2021's distinct-inputs setting; THEORY.md §4).
    /// </summary>
    public static Dataset Line(int n)
    {
        if (n < 1) throw new InputException($"line data needs n ≥ 1, got n = {n}");
        var x = new double[n];
        for (int k = 0; k < n; k++) x[k] = -1 + (2.0 * k + 1) / n;
        return new Dataset($"line(n={n})", n, 1, x, null);
    }

    /// <summary>Labels for <paramref name="data"/> drawn by <paramref name="kind"/> from the seed's label stream.</summary>
    /// <param name="data">The inputs.</param>
    /// <param name="kind">How labels are drawn.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="heldOut">Labels for held-out points: the same teacher function (its weights come from the label stream
    /// either way), and fresh draws for gaussian and sign labels, which do not depend on the inputs.</param>
    public static double[] Labels(Dataset data, LabelKind kind, long seed, bool heldOut = false)
    {
        var rng = Rng.Stream(seed, heldOut && kind != LabelKind.Teacher ? HeldOutLabelStream : LabelStream);
        var y = new double[data.N];
        switch (kind)
        {
            case LabelKind.Gaussian:
                rng.FillGaussian(y);
                break;
            case LabelKind.Sign:
                for (int i = 0; i < y.Length; i++) y[i] = rng.NextSign();
                break;
            case LabelKind.Teacher:
                var w = new double[TeacherWidth * data.D];
                rng.FillGaussian(w);
                var a = new double[TeacherWidth];
                for (int r = 0; r < a.Length; r++) a[r] = rng.NextSign();
                for (int i = 0; i < y.Length; i++)
                {
                    double f = 0;
                    for (int r = 0; r < TeacherWidth; r++)
                        f += a[r] * Math.Max(0, TensorPrimitives.Dot(w.AsSpan(r * data.D, data.D), data.Row(i)));
                    y[i] = f / Math.Sqrt(TeacherWidth);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return y;
    }
}
