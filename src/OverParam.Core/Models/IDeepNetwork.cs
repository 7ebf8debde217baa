using System.Numerics;

namespace OverParam.Models;

/// <summary>What the deep training loop needs of a network whose every layer is trained (FC, ResNet, convolutional ResNet).</summary>
public interface IDeepNetwork<T> : IGradientNetwork<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Hidden layers H.</summary>
    int Depth { get; }

    /// <summary>Backpropagation from the last forward pass: every weight's gradient.</summary>
    void Backward();

    /// <summary>Every weight moves by −η times its gradient.</summary>
    void Update(T eta);

    /// <summary>One gradient step from the last forward pass: <see cref="Backward"/> then <see cref="Update"/>; a network may fuse the two.</summary>
    void IGradientNetwork<T>.Step(T eta)
    {
        Backward();
        Update(eta);
    }

    /// <summary>One gradient step on the output weights alone from the last forward pass: a ← a − η X^(H)ᵀ(u − y), every
    /// hidden layer left as it is.</summary>
    void StepOutput(T eta) => throw new NotSupportedException($"{GetType().Name} trains every layer");

    /// <summary>The output alone from the hidden layers of the last forward pass: u = X^(H) a and u − y, returning L. Valid
    /// while only a has moved since (<see cref="StepOutput"/>); a network without the shortcut runs its full forward pass.</summary>
    double ForwardOutput() => Forward();

    /// <summary>The last hidden layer's features X^(H) of the last forward pass, n×m row-major in float64 (u = X^(H) a).</summary>
    double[] Features() => throw new NotSupportedException($"{GetType().Name} does not expose its features");

    /// <summary>u − y of the last forward pass.</summary>
    void Residual(Span<double> dest);

    /// <summary>‖W^(h)(k) − W^(h)(0)‖_F for h = 1..H, then ‖a(k) − a(0)‖.</summary>
    void LayerMovement(Span<double> dest);

    /// <summary>The per-layer Gram matrices G^(1..H+1) at the last forward pass, n×n each.</summary>
    void LayerGrams(double[][] dest, T[] work);

    /// <summary>T values of work space <see cref="LayerGrams"/> needs.</summary>
    long GramWorkLength { get; }

    /// <summary>Every weight tensor's name and shape, in the order <see cref="Weights"/> gives them.</summary>
    IReadOnlyList<(string Name, int[] Shape)> WeightShapes { get; }

    /// <summary>The current weights in float64.</summary>
    NetworkWeights Weights();

    /// <summary>The output weights a in float64, d_y per row, rows in the network's own order (without copying the hidden
    /// layers, as <see cref="Weights"/> would).</summary>
    double[] OutputWeights();

    /// <summary>Takes <paramref name="other"/>'s current weights (same architecture, width, input dimension and outputs),
    /// e.g. to evaluate them on held-out data; allocates nothing.</summary>
    void CopyWeightsFrom(IDeepNetwork<T> other);

    /// <summary>Replaces the initial weights (before any step): W(0) and a(0) become <paramref name="weights"/>, shaped as <see cref="WeightShapes"/>.</summary>
    void SetInitialWeights(NetworkWeights weights);
}
