using OverParam.IO;
using OverParam.Numerics;
using OverParam.Tests.Cli;

namespace OverParam.Tests.Numerics;

public class MemoryBudgetTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1536, "1.50 KiB")]
    [InlineData(16_000_000, "15.3 MiB")]
    [InlineData(512.0 * 1024 * 1024 * 1024, "512 GiB")]
    public void Format_uses_binary_units_with_three_digits(double bytes, string expected) =>
        Assert.Equal(expected, MemoryBudget.Format(bytes));

    [Fact]
    public void Squares_counts_eight_bytes_per_entry_plus_the_rest()
    {
        var e = MemoryBudget.Squares("x", 1000, 2, 500, "for the data");
        Assert.Equal(16_000_500, e.Bytes);
        Assert.Equal("x needs about 15.3 MiB (2 n×n float64 matrices + 500 B for the data)", e.ToString());
    }

    [Fact]
    public void Require_refuses_what_does_not_fit_and_says_how_much_it_needs()
    {
        var e = MemoryBudget.Squares("gram on n = 1000", 1000, 2);
        MemoryBudget.Require(e, 1000, available: 17_000_000);
        var ex = Assert.Throws<InputException>(() => MemoryBudget.Require(e, 1000, available: 1_000_000));
        Assert.Equal("gram on n = 1000 needs about 15.3 MiB (2 n×n float64 matrices), more than the 977 KiB this process may use", ex.Message);
        var big = Assert.Throws<InputException>(() => MemoryBudget.Require(e, MemoryBudget.MaxSquareSide + 1, available: long.MaxValue));
        Assert.Contains("too large for one n×n matrix", big.Message);
    }

    [Fact]
    public void Gram_too_large_for_this_machine_is_refused_before_any_work_with_exit_2()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--kernel", "du2019-fc", "--depth", "10", "--data", "sphere", "--n", "40000", "--d", "3", "--out", dir["g"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"gram du2019-fc on n = 40000 needs about [0-9.]+ GiB \(24 n×n float64 matrices.*\), more than the .* this process may use", r.ErrorLine());
        Assert.False(Directory.Exists(dir["g"]));
    }

    [Fact]
    public void Gram_and_train_say_what_they_will_need_before_they_start()
    {
        using var dir = new TestData.TempDir();
        var g = CliRunner.Run("gram", "--data", "circle", "--n", "5", "--out", dir["g"]);
        Assert.Equal(0, g.ExitCode);
        Assert.Contains("overparam: gram du2019 on n = 5 needs about", g.Err);
        var t = CliRunner.Run("train", "--model", "fc", "--depth", "2", "--data", "circle", "--n", "5", "--labels", "sign", "--width", "16", "--steps", "2", "--out", dir["t"]);
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("overparam: train fc on n = 5, m = 16 needs about", t.Err);
    }
}
