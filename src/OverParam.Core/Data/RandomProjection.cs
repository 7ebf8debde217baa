using System.Globalization;
using System.Numerics.Tensors;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Data;

/// <summary>
/// A seeded Gaussian random projection of the inputs from R^d to R^D (<c>--project D</c>): x ↦ Pᵀx with P ∈ R^{d×D}
/// of i.i.d. entries N(0, 1/D), so that E‖Pᵀx‖² = ‖x‖² for every x (the Johnson–Lindenstrauss scaling: Johnson &amp;
/// Lindenstrauss 1984; Dasgupta &amp; Gupta 2003, "An elementary proof of a theorem of Johnson and Lindenstrauss", Random
/// Struct. Algorithms 22(1)), and pairwise distances are kept up to 1 ± O(√(log n / D)). It gives natural data any input
/// dimension D ≤ d, for thresholds measured on projected inputs (Kawaguchi &amp; Huang 2019, arXiv:1908.02419: parameters
/// linear in n).
/// </summary>
/// <remarks>
/// P is drawn from the data seed's own stream (<see cref="Stream"/>), row-major: P[j, k] = g_{jD+k}/√D, g the stream's
/// standard normals in order. The same seed and (d, D) give the same P, so training data and every held-out set are
/// projected alike. It is applied after the data's own preparation (a natural data set's --center, random inputs and
/// label noise) and before --normalize, so normalized projected inputs lie on S^{D−1}. Labels are those of the inputs
/// before projection: the projection changes what the model sees, not the task.
/// </remarks>
/// <param name="InputD">d, the dimension of the inputs it takes.</param>
/// <param name="OutputD">D, the dimension it gives, 1 ≤ D ≤ d.</param>
/// <param name="Seed">The data seed it was drawn with.</param>
/// <param name="Matrix">P, d × D row-major: <c>Matrix[j*D + k]</c> = P[j, k].</param>
public sealed record RandomProjection(int InputD, int OutputD, long Seed, double[] Matrix)
{
    /// <summary>The data seed's stream for P, apart from those of the points (1–4) and of natural data's draws (41–44).</summary>
    public const ulong Stream = 45;

    /// <summary>
    /// P for inputs of dimension <paramref name="d"/> projected to <paramref name="outputD"/>, drawn from
    /// <paramref name="seed"/>'s stream.
    /// </summary>
    /// <exception cref="InputException">D &lt; 1 or D &gt; d: one line naming --project and d.</exception>
    public static RandomProjection Draw(int d, int outputD, long seed)
    {
        if (outputD < 1 || outputD > d)
            throw new InputException($"--project {outputD}: expected a dimension from 1 to the inputs' d = {d} (0: no projection)");
        var p = new double[(long)d * outputD];
        Rng.Stream(seed, Stream).FillGaussian(p);
        TensorPrimitives.Multiply(p, 1 / Math.Sqrt(outputD), p);
        return new RandomProjection(d, outputD, seed, p);
    }

    /// <summary>
    /// <paramref name="data"/> with every input x_i replaced by Pᵀx_i (n × D), its labels kept, and this projection
    /// recorded on it (<see cref="Dataset.Projection"/>) so that a held-out set can be projected with the same P.
    /// </summary>
    /// <exception cref="InputException">The inputs are not of dimension d.</exception>
    public Dataset Apply(Dataset data)
    {
        if (data.D != InputD)
            throw new InputException($"{data.Source}: {data.D} values per input, but the projection (--project {OutputD}) takes d = {InputD}");
        var z = new double[(long)data.N * OutputD];
        for (int i = 0; i < data.N; i++)
        {
            // z_i = Σ_j x_ij P[j, :], one row of P at a time (contiguous, vectorized).
            var zi = z.AsSpan(i * OutputD, OutputD);
            var xi = data.Row(i);
            for (int j = 0; j < InputD; j++)
                if (xi[j] != 0) TensorPrimitives.MultiplyAdd(Matrix.AsSpan(j * OutputD, OutputD), xi[j], zi, zi);
        }
        string what = $"{data.Source}, projected to D={OutputD.ToString(CultureInfo.InvariantCulture)}(seed={Seed.ToString(CultureInfo.InvariantCulture)})";
        return data with { X = z, D = OutputD, Source = what, Projection = this };
    }
}
