using System.Numerics;

namespace OverParam.Models;

/// <summary>What the loop needs of a network: its loss at the current weights, and one gradient step.</summary>
public interface IGradientNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of inputs n.</summary>
    int N { get; }

    /// <summary>Forward pass at the current weights; returns L = ½Σ(u_i − y_i)².</summary>
    double Forward();

    /// <summary>One gradient step from the last forward pass: every trained weight moves by −η times its gradient.</summary>
    void Step(T eta);
}
