using OverParam.Architectures;
using OverParam.Data;
using OverParam.Kernels;

namespace OverParam.Tests.Kernels;

/// <summary>
/// Exact oracle: any block formed from the inputs alone (<see cref="KernelBlock"/>, what each rank of gram --distributed
/// forms) equals the same entries of the whole matrix from <see cref="TwoLayerGram"/> or <see cref="DeepKernel"/>, and the
/// whole matrix as one block gives the same pair geometry.
/// </summary>
public class KernelBlockTests
{
    /// <summary>Sphere data (n = 37, d = 6) with a nearly parallel and an anti-parallel pair, so the angle refinement is exercised.</summary>
    internal static Dataset Data()
    {
        var s = Synthetic.Sphere(37, 6, 11);
        var x = (double[])s.X.Clone();
        for (int k = 0; k < 6; k++)
        {
            x[5 * 6 + k] = x[2 * 6 + k] + (k == 0 ? 1e-7 : 0);
            x[9 * 6 + k] = -x[3 * 6 + k];
        }
        return new Dataset("test", 37, 6, x, null).Normalized();
    }

    // Rows and columns as a rank of a block-cyclic grid owns them: scattered, unsorted across blocks, diagonal entries included.
    private static readonly int[] Rows = [0, 1, 2, 9, 10, 11, 18, 19, 20, 27, 28, 29, 36, 5];
    private static readonly int[] Cols = [3, 4, 5, 12, 13, 14, 21, 22, 23, 30, 31, 32, 2, 9];

    [Theory]
    [InlineData(TwoLayerKernel.Du2019)]
    [InlineData(TwoLayerKernel.Du2019Output)]
    [InlineData(TwoLayerKernel.Du2019Joint)]
    [InlineData(TwoLayerKernel.Bias)]
    [InlineData(TwoLayerKernel.BiasJoint)]
    public void TwoLayerBlocksAreTheMatrixEntries(TwoLayerKernel kernel)
    {
        var data = Data();
        var whole = TwoLayerGram.Compute(data, kernel, TestData.OpenBlas, 2).Values;
        AssertBlock(KernelBlock.TwoLayer(data, kernel), whole, data.N);
    }

    [Theory]
    [InlineData("fc", "relu", DeepMatrix.KH)]
    [InlineData("fc", "softplus", DeepMatrix.Ntk)]
    [InlineData("resnet", "relu", DeepMatrix.Ntk)]
    [InlineData("resnet", "softplus", DeepMatrix.Nngp)]
    [InlineData("resnet", "tanh", DeepMatrix.KH)]
    public void DeepBlocksAreTheMatrixEntries(string arch, string sigma, DeepMatrix which)
    {
        // No near-parallel pair here: the recursion's arccos (ReLU) or quadrature takes the cosine as given, and at θ = 1e-7
        // the inner products' last-ulp difference becomes ε/sin θ ≈ 1e-9 in either path alike (THEORY.md §7.10).
        var data = Synthetic.Sphere(37, 6, 11);
        var spec = new DeepSpec(arch == "fc" ? Architecture.Fc : Architecture.ResNet, 3, Activation.ByName(sigma), 0.5);
        var whole = DeepKernel.Compute(data, spec, TestData.OpenBlas, 2).Pick(which);
        AssertBlock(KernelBlock.Deep(data, spec, which), whole, data.N);
    }

    [Theory]
    [InlineData(TwoLayerKernel.Du2019)]
    [InlineData(TwoLayerKernel.Bias)]
    public void TheWholeMatrixAsOneBlockHasTheSameGeometry(TwoLayerKernel kernel)
    {
        var data = Data();
        var expected = TwoLayerGram.Compute(data, kernel, TestData.OpenBlas, 2).Geometry;
        var all = Enumerable.Range(0, data.N).ToArray();
        var block = KernelBlock.TwoLayer(data, kernel);
        var got = PairScan.Merge([block.Fill(all, all, new double[data.N * data.N], TestData.OpenBlas, 2)], block.Norms);
        Assert.Equal(expected.MinAngleDegrees, got.MinAngleDegrees, 1e-12);
        Assert.Equal(expected.MinLineAngleDegrees, got.MinLineAngleDegrees, 1e-12);
        Assert.Equal(expected.ClosestLinePair!.I, got.ClosestLinePair!.I);
        Assert.Equal(expected.ClosestLinePair.J, got.ClosestLinePair.J);
        Assert.Equal(expected.ParallelPairCount, got.ParallelPairCount);
        Assert.Equal(expected.ParallelPairs.Select(p => (p.I, p.J)), got.ParallelPairs.Select(p => (p.I, p.J)));
    }

    [Fact]
    public void ScansSurviveTheirPackedForm()
    {
        var scan = PairScan.Empty;
        scan.Track(7, 3, 1e-9);
        scan.Track(9, 2, Math.PI - 1e-9);
        scan.Track(4, 1, 0.5);
        var packed = new double[PairScan.PackedLength];
        scan.Pack(packed);
        var back = PairScan.Unpack(packed);
        Assert.Equal((scan.MinTheta, scan.ThetaI, scan.ThetaJ, scan.MinLine, scan.LineI, scan.LineJ, scan.ParallelCount),
            (back.MinTheta, back.ThetaI, back.ThetaJ, back.MinLine, back.LineI, back.LineJ, back.ParallelCount));
        Assert.Equal(scan.Parallel!, back.Parallel!);
        var empty = new double[PairScan.PackedLength];
        PairScan.Empty.Pack(empty);
        Assert.Equal(-1, PairScan.Unpack(empty).ThetaI);
    }

    private static void AssertBlock(KernelBlock block, double[] whole, int n)
    {
        var dest = new double[Rows.Length * Cols.Length];
        block.Fill(Rows, Cols, dest, TestData.OpenBlas, 2);
        double scale = whole.Max(Math.Abs);
        for (int c = 0; c < Cols.Length; c++)
            for (int r = 0; r < Rows.Length; r++)
            {
                double expected = whole[Rows[r] * n + Cols[c]];
                Assert.True(Math.Abs(dest[r + c * Rows.Length] - expected) <= Tolerances.BlockEntries * scale,
                    $"entry ({Rows[r]}, {Cols[c]}): block {dest[r + c * Rows.Length]:R}, whole matrix {expected:R}");
            }
    }
}
