using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// The infinite-width prediction of the residual under gradient descent (Arora et al. ICML 2019, Theorem 4.1;
/// Du et al. Eq. 7 discretized): r_k = (I − ηH∞)^k (u(0) − y), advanced by one matrix–vector product a step.
/// </summary>
public sealed class KernelPrediction
{
    private readonly ILinearAlgebra _la;
    private readonly double[] _h, _r, _tmp;
    private readonly double _eta;
    private readonly int _n, _outputs;

    /// <summary>Starts at r_0 = <paramref name="initialResidual"/> = u(0) − y.</summary>
    /// <param name="la">Backend.</param>
    /// <param name="hInf">H∞ (n×n), the kernel the dynamics follow (H∞ + G∞ when a is trained).</param>
    /// <param name="eta">η.</param>
    /// <param name="initialResidual">u(0) − y.</param>
    public KernelPrediction(ILinearAlgebra la, double[] hInf, double eta, ReadOnlySpan<double> initialResidual)
    {
        (_la, _h, _eta) = (la, hInf, eta);
        _r = initialResidual.ToArray();
        _n = (int)Math.Round(Math.Sqrt(hInf.Length));
        _outputs = _r.Length / _n;
        _tmp = new double[_r.Length];
    }

    /// <summary>r_k.</summary>
    public ReadOnlySpan<double> Residual => _r;

    /// <summary>r_{k+1} = r_k − η H∞ r_k; with d_y outputs (r n × d_y row-major) every column moves by the same kernel, the
    /// NTK of a multi-output net being block-diagonal in the outputs at infinite width.</summary>
    public void Step()
    {
        if (_outputs == 1) _la.Gemv(Op.None, _n, _n, 1.0, _h, _r, 0.0, _tmp);
        else _la.Gemm(Op.None, Op.None, _n, _outputs, _n, 1.0, _h, _n, _r, _outputs, 0.0, _tmp, _outputs);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_tmp, -_eta, _r, _r);
    }

    /// <summary>‖r_k‖₂ and ‖actual − r_k‖₂.</summary>
    public (double Norm, double Gap) Compare(ReadOnlySpan<double> actual)
    {
        double norm = 0, gap = 0;
        for (int i = 0; i < _r.Length; i++)
        {
            norm += _r[i] * _r[i];
            double g = actual[i] - _r[i];
            gap += g * g;
        }
        return (Math.Sqrt(norm), Math.Sqrt(gap));
    }
}
