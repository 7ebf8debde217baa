using System.Globalization;
using System.Numerics.Tensors;
using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Theory;

/// <summary>
/// The hypotheses the two-layer theorems place on the data, evaluated by name: Du et al. (ICLR 2019, Theorem 3.2/4.1:
/// ‖x_i‖ = 1, no two inputs parallel, |y_i| ≤ C, λ0 &gt; 0) and Jentzen &amp; Kröger (2021: pairwise distinct inputs).
/// </summary>
public static class DataHypotheses
{
    /// <summary>
    /// |‖x_i‖ − 1| ≤ 1e-10 counts as unit norm: points projected onto the sphere in float64 are within a few ulps, and data
    /// written to text with 10 or more significant digits stays within 1e-10.
    /// </summary>
    public const double UnitNormTolerance = 1e-10;

    private const string Du = "Du et al. ICLR 2019, Thm 3.2/4.1";
    private const string Jk = "Jentzen & Kröger 2021";

    /// <summary>Evaluates the hypotheses of <paramref name="kernel"/>'s theorem on the data and its Gram spectrum.</summary>
    /// <param name="data">Inputs (and labels, if any).</param>
    /// <param name="kernel">Which theorem's hypotheses apply.</param>
    /// <param name="geometry">Pair geometry from the Gram computation (of the augmented inputs for the bias kernel).</param>
    /// <param name="spectrum">The Gram matrix's spectrum, for λ0 &gt; 0; null when it was not computed (gram --eig none).</param>
    /// <param name="labelBound">C in |y_i| ≤ C; null reports max|y_i| as the C the data needs.</param>
    public static IReadOnlyList<Hypothesis> Evaluate(Dataset data, TwoLayerKernel kernel, PairGeometry geometry,
        Spectrum? spectrum, double? labelBound)
    {
        var list = new List<Hypothesis>();
        if (kernel.Augmented())
        {
            list.Add(Distinct(geometry));
        }
        else
        {
            list.Add(ZeroInputs(geometry));
            list.Add(UnitNorm(data));
            list.Add(NoParallelPairs(geometry));
        }
        if (spectrum == null)
            list.Add(new Hypothesis("lambda_min_positive", false, "not computed (--eig none)",
                kernel.Augmented() ? Jk : "Du et al. ICLR 2019, Assumption 3.1")
            { Measured = false });
        else list.Add(new Hypothesis("lambda_min_positive", !spectrum.IsNumericallySingular,
            spectrum.IsNumericallySingular
                ? $"λ_min = {F(spectrum.LambdaMin)} ≤ n·ε·λ_max = {F(spectrum.SingularThreshold)}: numerically singular"
                : $"λ_min = {F(spectrum.LambdaMin)} > 0",
            kernel.Augmented() ? Jk : "Du et al. ICLR 2019, Assumption 3.1"));
        if (data.Y != null) list.Add(LabelBound(data.Y, labelBound));
        if (data.Outputs > 1) list.Add(ScalarOutput(data.Outputs));
        return list;
    }

    /// <summary>
    /// The theorems are stated for one output. With d_y outputs the infinite-width NTK is H∞ ⊗ I (block-diagonal), but at
    /// finite width the outputs couple through (1/m) Σ_r a_rk a_rl, which is O(1/√m) and not in the proofs; the bounds are
    /// then evaluated with ‖Y − U‖_F in place of ‖y − u‖, our extension. Reported as not holding, so no certificate claims it.
    /// </summary>
    private static Hypothesis ScalarOutput(int outputs) => new("scalar_output", false,
        $"d_y = {outputs} outputs (one-hot targets): the theorem is stated for one output; its bounds are applied to ‖Y − U‖_F, our extension, "
        + "and the finite-width coupling of the outputs through Σ_r a_rk a_rl is not covered", Du);

    private static Hypothesis ZeroInputs(PairGeometry g) => new("no_zero_inputs", g.ZeroRows.Count == 0,
        g.ZeroRows.Count == 0 ? "no input is the zero vector" : $"input {g.ZeroRows[0]} is the zero vector ({g.ZeroRows.Count} in all)", Du);

    private static Hypothesis UnitNorm(Dataset data)
    {
        int worst = 0;
        double worstDev = -1;
        for (int i = 0; i < data.N; i++)
        {
            double dev = Math.Abs(TensorPrimitives.Norm(data.Row(i)) - 1);
            if (dev > worstDev) { worstDev = dev; worst = i; }
        }
        bool ok = worstDev <= UnitNormTolerance;
        double norm = TensorPrimitives.Norm(data.Row(worst));
        return new Hypothesis("unit_norm", ok,
            ok ? $"max |‖x_i‖ − 1| = {F(worstDev)}"
            : norm == 0 ? $"x_{worst} is the zero vector, which no scaling puts on the sphere (remove it from the data)"
            : $"‖x_{worst}‖ = {F(norm)}, expected 1 within {UnitNormTolerance:0e0} (use --normalize)", Du);
    }

    private static Hypothesis NoParallelPairs(PairGeometry g)
    {
        if (g.ParallelPairCount == 0)
            return new Hypothesis("no_parallel_pairs", true,
                g.ClosestLinePair == null ? "fewer than two inputs"
                    : $"smallest angle to parallel or anti-parallel: {F(g.MinLineAngleDegrees)}° (inputs {g.ClosestLinePair.I}, {g.ClosestLinePair.J})", Du);
        var p = g.ParallelPairs[0];
        string kind = p.AngleDegrees > 90 ? "anti-parallel" : "parallel";
        return new Hypothesis("no_parallel_pairs", false,
            $"inputs {p.I} and {p.J} are {kind} (angle {F(p.AngleDegrees)}°); {g.ParallelPairCount} such pair(s) in all", Du);
    }

    private static Hypothesis Distinct(PairGeometry g)
    {
        if (g.ParallelPairCount == 0)
            return new Hypothesis("pairwise_distinct", true,
                g.ClosestPair == null ? "fewer than two inputs"
                    : $"smallest angle between augmented inputs (x, 1): {F(g.MinAngleDegrees)}° (inputs {g.ClosestPair.I}, {g.ClosestPair.J})", Jk);
        var p = g.ParallelPairs[0];
        return new Hypothesis("pairwise_distinct", false,
            $"inputs {p.I} and {p.J} coincide ((x, 1) parallel); {g.ParallelPairCount} such pair(s) in all", Jk);
    }

    private static Hypothesis LabelBound(double[] y, double? bound)
    {
        int arg = 0;
        for (int i = 1; i < y.Length; i++) if (Math.Abs(y[i]) > Math.Abs(y[arg])) arg = i;
        double max = Math.Abs(y[arg]);
        if (bound == null)
            return new Hypothesis("labels_bounded", true, $"|y_i| ≤ C holds with C = max|y_i| = {F(max)} (label {arg})", Du);
        bool ok = max <= bound.Value;
        return new Hypothesis("labels_bounded", ok,
            ok ? $"max|y_i| = {F(max)} ≤ C = {F(bound.Value)}" : $"|y_{arg}| = {F(max)} exceeds C = {F(bound.Value)}", Du);
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
