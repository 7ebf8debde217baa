using System.Numerics.Tensors;
using OverParam.Numerics;

namespace OverParam.Kernels;

/// <summary>
/// The infinite-width network's mean prediction on held-out points after k steps of full-batch GD with step η on the
/// squared loss, and its k → ∞ limit (Arora et al. ICML 2019, Thm 4.1's dynamics; Lee et al. 2019's linearized network,
/// neural-tangents' <c>predict.gradient_descent_mse_ensemble</c> in discrete time):
/// f_k(X*) = K(X*, X) K⁻¹ (I − (I − ηK)^k) y,  f_∞(X*) = K(X*, X) K⁻¹ y.
/// With K = Σ_j λ_j v_j v_jᵀ: f_k = (K* V) diag(g_k(λ_j)) Vᵀy with g_k(λ) = (1 − (1 − ηλ)^k)/λ, which is kη at λ = 0, so
/// the finite-k prediction is defined for a singular K too. The limit is a Cholesky solve (a pseudo-inverse over
/// λ_j &gt; n·ε·λ_max when K is numerically singular, and the summary says which). On the training points f_k(X) − y =
/// −(I − ηK)^k y: the training residual of GD on the kernel from f_0 = 0 (the mean over initializations).
/// Shapes: K n×n, K* t×n, y n×d_y (row-major); every output column uses the same K (the NTK is block-diagonal in the outputs).
/// </summary>
public sealed class KernelRegression
{
    private readonly int _n, _t, _dy;
    private readonly double _eta;
    private readonly ILinearAlgebra _la;
    private readonly Spectrum _spectrum;
    private readonly double[] _kStarV; // t×n: K* V
    private readonly double[] _vty;    // n×d_y: Vᵀy (row j: v_jᵀ y_k)

    /// <summary>Factors K (<paramref name="k"/>, n×n, overwritten) and forms K* V; η null is 1/λ_max(K), from the same spectrum.</summary>
    public KernelRegression(double[] k, double[] kStar, double[] y, int n, int t, int dy, double? eta, ILinearAlgebra la)
    {
        if (k.Length != (long)n * n || kStar.Length != (long)t * n || y.Length != (long)n * dy)
            throw new ArgumentException($"expected K {n}×{n}, K* {t}×{n}, y {n}×{dy}");
        (_n, _t, _dy, _la) = (n, t, dy, la);
        Kernel = (double[])k.Clone();
        _spectrum = Spectrum.Compute(k, n, la, withVectors: true);
        _eta = eta ?? 1 / _spectrum.LambdaMax;
        var v = _spectrum.Eigenvectors!; // row j is v_j
        _kStarV = new double[(long)t * n];
        la.Gemm(Op.None, Op.Transpose, t, n, n, 1.0, kStar, n, v, n, 0.0, _kStarV, n);
        _vty = new double[(long)n * dy];
        la.Gemm(Op.None, Op.None, n, dy, n, 1.0, v, n, y, dy, 0.0, _vty, dy);
        KStar = kStar;
        Labels = y;
    }

    /// <summary>η.</summary>
    public double Eta => _eta;

    /// <summary>K as given (before the eigensolver overwrote it).</summary>
    public double[] Kernel { get; }

    /// <summary>K(X*, X), t×n.</summary>
    public double[] KStar { get; }

    /// <summary>y, n×d_y.</summary>
    public double[] Labels { get; }

    /// <summary>K's spectrum (eigenvalues ascending, eigenvectors as rows).</summary>
    public Spectrum Spectrum => _spectrum;

    /// <summary>g_k(λ) = (1 − (1 − ηλ)^k)/λ, and kη (its limit) where ηλ is too small to subtract in float64.</summary>
    private double Gain(double lambda, double k)
    {
        double x = _eta * lambda;
        if (Math.Abs(x) < 1e-8) return k * _eta * (1 - (k - 1) * x / 2);
        return (1 - Math.Pow(1 - x, k)) / lambda;
    }

    /// <summary>f_k(X*), t×d_y.</summary>
    public double[] At(double k)
    {
        var w = new double[(long)_n * _dy];
        for (int j = 0; j < _n; j++)
        {
            double g = Gain(_spectrum.Eigenvalues[j], k);
            for (int c = 0; c < _dy; c++) w[j * _dy + c] = g * _vty[j * _dy + c];
        }
        var f = new double[(long)_t * _dy];
        _la.Gemm(Op.None, Op.None, _t, _dy, _n, 1.0, _kStarV, _n, w, _dy, 0.0, f, _dy);
        return f;
    }

    /// <summary>‖(I − ηK)^k y‖_F: the training residual after k steps (from f_0 = 0).</summary>
    public double TrainResidual(double k)
    {
        double s = 0;
        for (int j = 0; j < _n; j++)
        {
            double c = Math.Pow(1 - _eta * _spectrum.Eigenvalues[j], 2 * k);
            for (int o = 0; o < _dy; o++) s += c * _vty[j * _dy + o] * _vty[j * _dy + o];
        }
        return Math.Sqrt(s);
    }

    /// <summary>The k → ∞ limit.</summary>
    /// <param name="Prediction">f_∞(X*), t×d_y.</param>
    /// <param name="Coefficients">c = K⁻¹y (n×d_y).</param>
    /// <param name="Solver">"cholesky", or "pseudo-inverse" where K is numerically singular.</param>
    /// <param name="Residual">‖Kc − y‖_F/‖y‖_F, the solve's accuracy.</param>
    public sealed record Limit(double[] Prediction, double[] Coefficients, string Solver, double Residual);

    /// <summary>f_∞(X*) by a Cholesky solve of K c = y, or the pseudo-inverse over λ_j &gt; n·ε·λ_max if K is numerically singular.</summary>
    public Limit Infinite(ILinearAlgebra la)
    {
        var c = (double[])Labels.Clone();
        string solver = "cholesky";
        var factor = (double[])Kernel.Clone();
        if (_spectrum.IsNumericallySingular || la.CholeskyLower(factor, _n) != 0)
        {
            solver = "pseudo-inverse";
            var w = new double[(long)_n * _dy];
            for (int j = 0; j < _n; j++)
            {
                double lambda = _spectrum.Eigenvalues[j];
                if (lambda <= _spectrum.SingularThreshold) continue;
                for (int o = 0; o < _dy; o++) w[j * _dy + o] = _vty[j * _dy + o] / lambda;
            }
            la.Gemm(Op.Transpose, Op.None, _n, _dy, _n, 1.0, _spectrum.Eigenvectors!, _n, w, _dy, 0.0, c, _dy);
        }
        else
        {
            // CholeskySolve takes right-hand sides as rows: solve for the d_y columns of y one by one.
            var column = new double[_n];
            for (int o = 0; o < _dy; o++)
            {
                for (int i = 0; i < _n; i++) column[i] = Labels[i * _dy + o];
                la.CholeskySolve(factor, _n, column, 1);
                for (int i = 0; i < _n; i++) c[i * _dy + o] = column[i];
            }
        }
        var kc = new double[(long)_n * _dy];
        la.Gemm(Op.None, Op.None, _n, _dy, _n, 1.0, Kernel, _n, c, _dy, 0.0, kc, _dy);
        TensorPrimitives.Subtract(kc, Labels, kc);
        double residual = TensorPrimitives.Norm(kc) / TensorPrimitives.Norm(Labels);
        var f = new double[(long)_t * _dy];
        la.Gemm(Op.None, Op.None, _t, _dy, _n, 1.0, KStar, _n, c, _dy, 0.0, f, _dy);
        return new Limit(f, c, solver, residual);
    }
}
