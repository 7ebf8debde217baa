using System.Diagnostics;
using System.Numerics.Tensors;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The k → ∞ kernel predictor f_∞(X*) = K(X*, X) K⁻¹ y past one array (<see cref="KernelRegression"/> in memory): K's
/// lower triangle formed from the inputs in tiles (<see cref="TiledLower"/>, half the square's memory, no array limit),
/// factored in tiles, c = K⁻¹y by two tiled triangular solves for the d_y columns at once, and f = K(X*, X)c accumulated
/// one t_I × n_J block at a time, so K(X*, X) is never held whole. The solve's accuracy ‖Kc − y‖/‖y‖ comes from K formed
/// again from the inputs, not from the factor. The finite-k predictions need K's eigenvectors and are not computed here.
/// </summary>
public static class TiledKernelRegression
{
    /// <summary>What the tiled solve found.</summary>
    /// <param name="Prediction">f_∞(X*), t×d_y.</param>
    /// <param name="Residual">‖Kc − y‖_F/‖y‖_F.</param>
    /// <param name="LabelComplexity">yᵀK⁻¹y = ‖L⁻¹y‖² for scalar labels (null otherwise).</param>
    /// <param name="Seconds">Forming and factoring, the solves, the prediction, and the residual pass.</param>
    public sealed record Result(double[] Prediction, double Residual, double? LabelComplexity, (double Factor, double Solve, double Predict, double Residual) Seconds);

    /// <summary>
    /// Solves and predicts. <paramref name="kernel"/> is formed on the training inputs followed by the held-out ones (rows
    /// 0 … n−1, then n … n+t−1). A K that is not numerically positive definite is a <see cref="LapackException"/> naming
    /// the column where the factorization stopped. <paramref name="progress"/> hears of the four parts as they go: the tiles
    /// of K formed, the factorization's flops, the solves and the held-out blocks predicted, the tiles formed again.
    /// </summary>
    public static Result Infinite(KernelBlock kernel, int n, int t, double[] y, int dy, int tile, ILinearAlgebra la, int maxParallelism,
        IProgress<ProgressUpdate>? progress)
    {
        var clock = Stopwatch.StartNew();
        var parts = TiledSmallestEigenpair.Parts(progress, n, tile, "K", ("solve and predict", "block", (t + tile - 1) / tile));
        var h = new TiledLower(n, tile);
        TiledSmallestEigenpair.ForEachTile(kernel, h, la, maxParallelism, parts[0], trackPairs: false, (i, j, block) => h.Store(i, j, block, maxParallelism));
        int info = TiledSmallestEigenpair.Factor(h, la, parts[1]);
        if (info != 0)
            throw new LapackException("dpotrf (tiled)", info,
                $"K is not numerically positive definite: the tiled Cholesky stopped at column {info}; the in-memory path's pseudo-inverse takes a singular K");
        double factor = clock.Elapsed.TotalSeconds;

        // The d_y label columns as rows (d_y × n), then L⁻¹ and L⁻ᵀ applied: c = K⁻¹y, row by row.
        var predicting = parts[2];
        predicting.Start();
        var c = new double[(long)dy * n];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < dy; o++) c[(long)o * n + i] = y[i * dy + o];
        h.Solve(c, dy, transpose: true, la);
        double? complexity = dy == 1 ? TensorPrimitives.Dot(c, c) : null; // ‖L⁻¹y‖² = yᵀK⁻¹y
        h.Solve(c, dy, transpose: false, la);
        double solve = clock.Elapsed.TotalSeconds - factor;

        // f_I = Σ_J K(X*_I, X_J) c_J over blocks of the held-out rows and the training columns.
        var f = new double[(long)t * dy];
        var block = new double[(long)tile * tile];
        var fi = new double[(long)tile * dy];
        for (int i0 = 0; i0 < t; i0 += tile)
        {
            int ti = Math.Min(tile, t - i0);
            var rows = Enumerable.Range(n + i0, ti).ToArray();
            Array.Clear(fi);
            for (int j0 = 0; j0 < n; j0 += tile)
            {
                int tj = Math.Min(tile, n - j0);
                kernel.Fill(rows, [.. Enumerable.Range(j0, tj)], block, la, maxParallelism, trackPairs: false);
                // block is column-major ti×tj, i.e. row-major tj×ti = Bᵀ: fi (d_y × ti) += c_J (d_y × tj) · Bᵀ.
                la.Gemm(Op.None, Op.None, dy, ti, tj, 1.0, c.AsSpan(j0), n, block, ti, 1.0, fi, ti);
            }
            for (int r = 0; r < ti; r++)
                for (int o = 0; o < dy; o++) f[(long)(i0 + r) * dy + o] = fi[(long)o * ti + r];
            predicting.Complete();
        }
        predicting.End();
        double predict = clock.Elapsed.TotalSeconds - factor - solve;

        // ‖Kc − y‖ from K formed again: each tile (I, J ≤ I) adds to rows I and, off the diagonal, to rows J.
        var kc = new double[(long)dy * n];
        TiledSmallestEigenpair.ForEachTile(kernel, h, la, maxParallelism, parts[3], trackPairs: false, (i, j, b) =>
        {
            int ti = h.Size(i), tj = h.Size(j);
            // b, read row-major, is K_IJᵀ (|J|×|I|): (Kc)_I += c_J·B, and (Kc)_J += c_I·Bᵀ, for the d_y rows at once.
            la.Gemm(Op.None, Op.None, dy, ti, tj, 1.0, c.AsSpan(j * tile), n, b, ti, 1.0, kc.AsSpan(i * tile), n);
            if (i != j) la.Gemm(Op.None, Op.Transpose, dy, tj, ti, 1.0, c.AsSpan(i * tile), n, b, ti, 1.0, kc.AsSpan(j * tile), n);
        });
        double num = 0, den = 0;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < dy; o++)
            {
                double target = y[i * dy + o], diff = kc[(long)o * n + i] - target;
                num += diff * diff;
                den += target * target;
            }
        return new Result(f, Math.Sqrt(num / den), complexity, (factor, solve, predict, clock.Elapsed.TotalSeconds - factor - solve - predict));
    }
}
