using OverParam.Architectures;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The infinite-width kernels of the 1-D convolutional ResNet of Du, Lee, Li, Wang, Zhai (ICML 2019, §7, Definition 7.1):
/// inputs x ∈ R^{d0×p} (a data row holds x channel-major), patches of q positions with zero padding, and the model
/// x^(1) = √(c_σ/m) σ(W^(1)φ(x)), x^(h) = x^(h−1) + (c_res/(H√m)) σ(W^(h)φ(x^(h−1))), f = ⟨a, x^(H)⟩, a ∈ R^{m×p}.
/// The paper's display of Def. 7.1 could not be retrieved in full; this recursion is derived the way the convolutional
/// NTK is (Arora et al. 2019, "On exact computation…"), is ours, and is tested against finite networks by Monte Carlo
/// (docs/conv-resnet-kernel.md gives each step's reason). For a pair of inputs (i, j) every quantity is a p × p
/// matrix over positions (l, l'):
/// <list type="bullet">
/// <item>K^(0)_{ll'} = ⟨x_i[:, l], x_j[:, l']⟩;</item>
/// <item>Σ^(h)_{ll'} = Σ_t K^(h−1)_{(l+t)(l'+t)} over offsets |t| ≤ q/2, a term dropped when a position leaves [0, p);</item>
/// <item>(u, v) ~ N(0, [[Σ^(h)_{ii,ll}, Σ^(h)_{ll'}], [·, Σ^(h)_{jj,l'l'}]]); K^(1) = c_σ E[σ(u)σ(v)], b^(1)_{i,l} = √c_σ E σ(u);
/// K^(h) = K^(h−1) + r(b^(h−1)_{i,l} E σ(v) + b^(h−1)_{j,l'} E σ(u)) + r² E[σ(u)σ(v)], b^(h) = b^(h−1) + r E σ(u), r = c_res/H;</item>
/// <item>Σ̇^(h)_{ll'} = s_h E[σ'(u)σ'(v)] with s_1 = c_σ and s_h = r² (h ≥ 2), the limit of m times the squared layer scale;</item>
/// <item>backward, the covariance of ∂f/∂x^(h) per channel: B^(H) = I (a's entries are independent across positions),
/// B^(h−1)_{l1 l2} = B^(h)_{l1 l2} + Σ_t B^(h)_{(l1−t)(l2−t)} Σ̇^(h)_{(l1−t)(l2−t)} (the skip plus the layer);</item>
/// <item>G^(h)_ij = Σ_{ll'} B^(h)_{ll'} Σ̇^(h)_{ll'} Σ^(h)_{ll'}, G^(H+1)_ij = Σ_l K^(H)_{ll} (the output weights a).</item>
/// </list>
/// K^(H) = G^(H) = Σ_l Σ̇^(H)_{ll} Σ^(H)_{ll}, since B^(H) = I. With p = q = 1 every matrix is 1 × 1 and the recursion is
/// the ResNet's (Def. 6.1). Cost: O(n² H p² Q²) activation evaluations for smooth σ (Q Gauss–Hermite nodes), O(n² H p (p + q))
/// for ReLU; memory: the H + 1 per-layer matrices and Θ (n² each), the p × p work of each pair per thread, and the
/// per-input diagonals (n H p): the p² factor is time, not memory, because each pair is computed on its own.
/// </summary>
public static class ConvResNetKernel
{
    /// <summary>Computes G^(1..H+1), K^(H), the NTK and the NNGP of <paramref name="spec"/> on <paramref name="data"/>.</summary>
    /// <param name="data">n inputs, each d0·p values channel-major.</param>
    /// <param name="spec">Depth H, σ, c_res, channels d0 and patch q (odd).</param>
    /// <param name="maxParallelism">Threads over rows i.</param>
    /// <param name="nodes">Gauss–Hermite nodes per dimension (null: the activation's <see cref="Activation.QuadratureNodes"/>).</param>
    /// <param name="residualMeans">Keep the b terms (true, the model's limit); false gives a deliberately wrong variant for tests.</param>
    public static DeepKernels Compute(Dataset data, DeepSpec spec, int maxParallelism, int? nodes = null, bool residualMeans = true)
    {
        spec.Validate();
        if (data.D % spec.Channels != 0)
            throw new InputException($"--channels {spec.Channels} does not divide d = {data.D}: inputs are d0×p with d = d0·p");
        int n = data.N, H = spec.Depth;
        var shape = new Shape(spec.Channels, data.D / spec.Channels, spec.Patch / 2, H, spec.Sigma.CSigma, spec.CRes / H, residualMeans);
        var gauss = new BivariateGaussian(spec.Sigma, new GaussHermite(nodes ?? spec.Sigma.QuadratureNodes));
        var inputs = new Diagonal[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i => inputs[i] = Diagonal.Of(data, i, shape, gauss));

        var grams = Enumerable.Range(0, H + 1).Select(_ => new double[(long)n * n]).ToArray();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, () => new PairWork(shape), (i, _, work) =>
        {
            for (int j = 0; j <= i; j++)
            {
                work.Compute(data, i, j, inputs[i], inputs[j], gauss);
                for (int h = 0; h <= H; h++) grams[h][(long)i * n + j] = grams[h][(long)j * n + i] = work.G[h];
            }
            return work;
        }, _ => { });
        return new DeepKernels(grams[H - 1], grams, DeepKernel.SumOf(grams, new double[(long)n * n]), grams[H]);
    }

    /// <summary>The network's shape as the recursion sees it: d0, p, q/2, H, c_σ, r = c_res/H.</summary>
    private sealed record Shape(int Channels, int Positions, int Offset, int Depth, double CSigma, double R, bool ResidualMeans);

    /// <summary>
    /// What pairs need of one input x_i, per layer h = 1..H and position l: the variance Σ^(h)_{ii,ll}, E σ(u) at it, and
    /// b^(h−1)_{i,l} (the mean of √m x^(h−1) before layer h; b^(0) = 0, unused).
    /// </summary>
    private sealed record Diagonal(double[][] Var, double[][] Mean, double[][] B)
    {
        public static Diagonal Of(Dataset data, int i, Shape s, BivariateGaussian gauss)
        {
            int p = s.Positions, H = s.Depth;
            var k = new double[p];
            for (int l = 0; l < p; l++)
                for (int c = 0; c < s.Channels; c++)
                {
                    double v = data.X[(long)i * data.D + c * p + l];
                    k[l] += v * v;
                }
            var (var, mean, b) = (new double[H][], new double[H][], new double[H + 1][]);
            b[0] = new double[p];
            for (int h = 1; h <= H; h++)
            {
                var sig = new double[p];
                for (int l = 0; l < p; l++)
                    for (int t = -s.Offset; t <= s.Offset; t++)
                        if (l + t >= 0 && l + t < p) sig[l] += k[l + t];
                var mu = new double[p];
                var next = new double[p];
                var bh = new double[p];
                for (int l = 0; l < p; l++)
                {
                    mu[l] = gauss.Mean(sig[l]);
                    double ss = gauss.Pair(sig[l], sig[l], sig[l]).SS;
                    next[l] = h == 1 ? s.CSigma * ss : k[l] + (s.ResidualMeans ? 2 * s.R * b[h - 1][l] * mu[l] : 0) + s.R * s.R * ss;
                    bh[l] = h == 1 ? Math.Sqrt(s.CSigma) * mu[l] : b[h - 1][l] + s.R * mu[l];
                }
                (var[h - 1], mean[h - 1], b[h], k) = (sig, mu, bh, next);
            }
            return new Diagonal(var, mean, b);
        }
    }

    /// <summary>One thread's p × p buffers for a pair (i, j), reused across pairs.</summary>
    private sealed class PairWork(Shape s)
    {
        private readonly double[] _k = new double[s.Positions * s.Positions], _next = new double[s.Positions * s.Positions];
        private readonly double[][] _sigma = Square(s), _dot = Square(s);
        private readonly double[] _back = new double[s.Positions * s.Positions], _backPrev = new double[s.Positions * s.Positions];

        /// <summary>G^(1..H+1)_ij of the last <see cref="Compute"/>.</summary>
        public double[] G { get; } = new double[s.Depth + 1];

        private static double[][] Square(Shape s) => Enumerable.Range(0, s.Depth).Select(_ => new double[s.Positions * s.Positions]).ToArray();

        public void Compute(Dataset data, int i, int j, Diagonal di, Diagonal dj, BivariateGaussian gauss)
        {
            int p = s.Positions, H = s.Depth, o = s.Offset;
            var k = _k;
            var next = _next;
            Array.Clear(k);
            for (int c = 0; c < s.Channels; c++)
            {
                long ri = (long)i * data.D + c * p, rj = (long)j * data.D + c * p;
                for (int l = 0; l < p; l++)
                    for (int l2 = 0; l2 < p; l2++) k[l * p + l2] += data.X[ri + l] * data.X[rj + l2];
            }
            for (int h = 1; h <= H; h++)
            {
                var sig = _sigma[h - 1];
                var dot = _dot[h - 1];
                double scale = h == 1 ? s.CSigma : s.R * s.R;
                for (int l = 0; l < p; l++)
                    for (int l2 = 0; l2 < p; l2++)
                    {
                        double sum = 0;
                        for (int t = -o; t <= o; t++)
                            if (l + t >= 0 && l + t < p && l2 + t >= 0 && l2 + t < p) sum += k[(l + t) * p + l2 + t];
                        sig[l * p + l2] = sum;
                        var (ss, dd) = gauss.Pair(di.Var[h - 1][l], dj.Var[h - 1][l2], sum);
                        dot[l * p + l2] = scale * dd;
                        next[l * p + l2] = h == 1 ? s.CSigma * ss
                            : k[l * p + l2] + (s.ResidualMeans ? s.R * (di.B[h - 1][l] * dj.Mean[h - 1][l2] + dj.B[h - 1][l2] * di.Mean[h - 1][l]) : 0)
                              + s.R * s.R * ss;
                    }
                (k, next) = (next, k);
            }
            double nngp = 0;
            for (int l = 0; l < p; l++) nngp += k[l * p + l];
            G[H] = nngp;

            var back = _back;
            var prev = _backPrev;
            Array.Clear(back);
            for (int l = 0; l < p; l++) back[l * p + l] = 1; // B^(H) = I
            for (int h = H; h >= 1; h--)
            {
                var sig = _sigma[h - 1];
                var dot = _dot[h - 1];
                double g = 0;
                for (int x = 0; x < p * p; x++) g += back[x] * dot[x] * sig[x];
                G[h - 1] = g;
                if (h == 1) break;
                for (int l1 = 0; l1 < p; l1++)
                    for (int l2 = 0; l2 < p; l2++)
                    {
                        double sum = back[l1 * p + l2];
                        for (int t = -o; t <= o; t++)
                        {
                            int a = l1 - t, b = l2 - t;
                            if (a >= 0 && a < p && b >= 0 && b < p) sum += back[a * p + b] * dot[a * p + b];
                        }
                        prev[l1 * p + l2] = sum;
                    }
                (back, prev) = (prev, back);
            }
        }
    }
}
