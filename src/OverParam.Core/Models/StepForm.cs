namespace OverParam.Models;

/// <summary>How a two-layer gradient step is computed; both give the same iterates up to rounding.</summary>
public enum StepForm
{
    /// <summary>
    /// The weights' form: Z = X Wᵀ and ∇W = Mᵀ X, two n×m×d products a step (4nmd flops).
    /// </summary>
    Primal,

    /// <summary>
    /// The kernel (dual) form: since W(k+1) = W(k) − η Mᵀ X, the pre-activations move by Z(k+1) = Z(k) − η (X Xᵀ) M, one
    /// n×n×m product a step (2n²m flops) with K = X Xᵀ formed once; W itself is W(0) − Cᵀ X with C = Σ_j η M(j), built
    /// only when asked for (final and held-out weights). With biases X is (x, 1).
    /// </summary>
    Dual,
}

/// <summary>The choice between the two forms.</summary>
public static class StepForms
{
    /// <summary>
    /// The form with fewer flops a step: dual when 2n²m &lt; 4nmd, i.e. n &lt; 2d (d counting the bias column); the
    /// elementwise O(nm) work is the same in both, and `bench train` measures where the two cross on a machine.
    /// </summary>
    public static StepForm Cheaper(int n, int d) => n < 2 * d ? StepForm.Dual : StepForm.Primal;

    /// <summary>"primal" or "dual".</summary>
    public static string Name(this StepForm form) => form switch
    {
        StepForm.Primal => "primal",
        StepForm.Dual => "dual",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, "unknown step form"),
    };

    /// <summary>The form named <paramref name="name"/>: "primal" or "dual" (null for "auto").</summary>
    public static StepForm? Parse(string name) => name switch
    {
        "auto" => null,
        "primal" => StepForm.Primal,
        "dual" => StepForm.Dual,
        _ => throw new IO.InputException($"--form must be primal, dual or auto, got '{name}'"),
    };
}
