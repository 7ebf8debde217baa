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

    [Theory]
    [InlineData("20G", 20L * 1024 * 1024 * 1024)]
    [InlineData("512MiB", 512L * 1024 * 1024)]
    [InlineData("1.5t", (long)(1.5 * 1024 * 1024 * 1024 * 1024))]
    [InlineData("4096", 4096L)]
    [InlineData("64KB", 64L * 1024)]
    public void Sizes_parse_with_binary_suffixes(string text, long bytes) =>
        Assert.Equal(bytes, MemoryBudget.ParseSize(text, "--memory-limit"));

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("-1G")]
    [InlineData("twenty")]
    [InlineData("20X")]
    public void Bad_sizes_are_refused_naming_the_option(string text)
    {
        var e = Assert.Throws<InputException>(() => MemoryBudget.ParseSize(text, "--memory-limit"));
        Assert.StartsWith("--memory-limit:", e.Message);
    }

    [Fact]
    public void Gram_refuses_a_job_larger_than_memory_limit_before_any_work()
    {
        using var dir = new TestData.TempDir();
        var r = CliRunner.Run("gram", "--n", "2000", "--d", "5", "--memory-limit", "16M", "--out", dir["g"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("more than the 16.0 MiB that --memory-limit allows", r.Err);
        Assert.False(Directory.Exists(dir["g"]));
        var ok = CliRunner.Run("gram", "--n", "200", "--d", "5", "--eig", "min", "--memory-limit", "64M", "--out", dir["h"]);
        Assert.Equal(0, ok.ExitCode);
    }

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
        Assert.Matches(@"gram du2019-fc on n = 40000 needs about [0-9.]+ GiB \(14 n×n float64 matrices.*\), more than the .* this process may use", r.ErrorLine());
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
