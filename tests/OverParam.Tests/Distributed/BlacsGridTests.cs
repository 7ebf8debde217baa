using OverParam.Distributed;

namespace OverParam.Tests.Distributed;

/// <summary>The process grid's shape and the block-cyclic index map, without MPI.</summary>
public class BlacsGridTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(4, 2, 2)]
    [InlineData(6, 2, 3)]
    [InlineData(7, 1, 7)]
    [InlineData(12, 3, 4)]
    [InlineData(64, 8, 8)]
    [InlineData(96, 8, 12)]
    public void GridsAreAsSquareAsTheRankCountAllows(int size, int rows, int cols) =>
        Assert.Equal((rows, cols), BlacsGrid.Shape(size));

    [Theory]
    [InlineData(100, 7, 3)]
    [InlineData(64, 64, 2)]
    [InlineData(1000, 64, 5)]
    [InlineData(5, 8, 4)]
    public void EveryGlobalIndexLivesOnExactlyOneProcess(int n, int nb, int procs)
    {
        var seen = new int[n];
        for (int me = 0; me < procs; me++)
        {
            int previous = -1;
            for (int l = 0; ; l++)
            {
                int g = BlacsGrid.GlobalIndex(l, nb, me, procs);
                if (g >= n) break;
                Assert.True(g > previous, "local order follows global order");
                Assert.Equal(me, g / nb % procs); // the owner of global index g
                previous = g;
                seen[g]++;
            }
        }
        Assert.All(seen, count => Assert.Equal(1, count));
    }
}
