using System.Numerics;
using OverParam.Kernels;
using OverParam.Models;
using OverParam.Numerics;

namespace OverParam.Training;

/// <summary>
/// The automatic step of a deep net trained on every layer. By default η = 1/(ρ·λ_max(NTK∞)) with ρ the output spread
/// (<see cref="OutputSpread"/>): the infinite-width dynamics r ← (I − ηΘ∞)r contract every direction. The network trains
/// on its own finite-width NTK Θ_m(0) = Σ_h G^(h)(0), though, and where the inputs are nearly orthogonal (noise images, say)
/// λ_max(Θ∞) is small and Θ_m(0)'s fluctuations of order 1/√m can exceed it several times: then ηρλ_max(Θ_m(0)) ≥ 2 and the
/// linearized dynamics at initialization diverge along their top direction. Only in that case the step is taken from the
/// finite-width kernel instead, η = 1/(ρ·λ_max(Θ_m(0))), so every run that the infinite-width step keeps stable keeps it.
/// </summary>
/// <param name="Eta">The step.</param>
/// <param name="LambdaMaxEmpirical">λ_max(Θ_m(0)) (output 1's kernel with several outputs).</param>
/// <param name="FromEmpirical">Whether η came from the finite-width kernel.</param>
public sealed record AutoStep(double Eta, double LambdaMaxEmpirical, bool FromEmpirical)
{
    /// <summary>ηλ at which GD on a quadratic stops contracting that direction.</summary>
    public const double StabilityEdge = 2;

    /// <summary>Chooses the step at the network's weights of the last forward pass (its initialization).</summary>
    public static AutoStep ForDeep<T>(IDeepNetwork<T> net, int n, double lambdaMaxInfinite, double spread, ILinearAlgebra la)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grams = Enumerable.Range(0, net.Depth + 1).Select(_ => new double[(long)n * n]).ToArray();
        net.LayerGrams(grams, new T[net.GramWorkLength]);
        var theta = grams[0];
        for (int h = 1; h < grams.Length; h++) System.Numerics.Tensors.TensorPrimitives.Add(theta, grams[h], theta);
        double empirical = Spectrum.Largest(la, theta, n);
        double eta = 1.0 / (spread * lambdaMaxInfinite);
        bool unstable = eta * spread * empirical >= StabilityEdge;
        return new AutoStep(unstable ? 1.0 / (spread * empirical) : eta, empirical, unstable);
    }
}
