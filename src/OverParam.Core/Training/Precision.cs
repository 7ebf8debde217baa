namespace OverParam.Training;

/// <summary>Floating-point precision of the network's weights and products.</summary>
public enum Precision
{
    /// <summary>float64 (the default: metrics and bounds are then exact to ~1e-15).</summary>
    F64,
    /// <summary>float32: sgemm speed (about twice dgemm); the loss floors near 1e-7 relative.</summary>
    F32,
}
