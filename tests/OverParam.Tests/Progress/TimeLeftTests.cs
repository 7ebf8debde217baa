using OverParam.IO;

namespace OverParam.Tests.Progress;

/// <summary>The time-left estimate and the part counter that makes it, on a clock that moves only when told.</summary>
public class TimeLeftTests
{
    /// <summary>Products and quotients of a few doubles: exact up to the last bits of a tick.</summary>
    private const double Exact = 1e-6;

    private static double Seconds(TimeSpan? t) => t!.Value.TotalSeconds;

    [Fact]
    public void Time_left_is_the_elapsed_time_scaled_by_the_cost_still_to_do_over_the_cost_done()
    {
        // 2 of 10 units of cost in 4 s: 8 units left at 2 s a unit.
        Assert.Equal(16, Seconds(TimeLeft.Estimate(2, 10, TimeSpan.FromSeconds(4))), Exact);
        // Equal items: 3 of 12 in 6 s is the mean item time, 2 s, times the 9 items left.
        Assert.Equal(18, Seconds(TimeLeft.Estimate(3, 12, TimeSpan.FromSeconds(6))), Exact);
        Assert.Equal(0.5, Seconds(TimeLeft.Estimate(1e12, 1.5e12, TimeSpan.FromSeconds(1))), Exact);
    }

    [Fact]
    public void Time_left_is_unknown_until_some_cost_is_done_and_zero_at_the_end()
    {
        Assert.Null(TimeLeft.Estimate(0, 10, TimeSpan.FromSeconds(5)));
        Assert.Null(TimeLeft.Estimate(1, 0, TimeSpan.FromSeconds(5))); // unknown total
        Assert.Equal(TimeSpan.Zero, TimeLeft.Estimate(10, 10, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.Zero, TimeLeft.Estimate(11, 10, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Completed_items_are_weighed_by_their_costs()
    {
        var clock = new FakeClock();
        var sink = new Recorder();
        var part = new PartProgress(sink, "sweep s", "trial", [1.0, 3.0, 6.0], clock: clock);
        part.Start();
        Assert.Equal((0L, 3L), (sink.Updates[^1].Done, sink.Updates[^1].Total));
        Assert.Null(sink.Updates[^1].Left); // "estimating…"
        clock.Advance(2);
        part.Complete(1);
        Assert.Equal(18, Seconds(sink.Updates[^1].Left), Exact); // 2 s for 1 unit, 9 units left
        clock.Advance(3);
        part.Complete(3);
        Assert.Equal(7.5, Seconds(sink.Updates[^1].Left), Exact); // 5 s for 4 units, 6 left
        Assert.Equal(5, sink.Updates[^1].Elapsed.TotalSeconds, Exact);
        clock.Advance(7);
        part.Complete(6, "last");
        var last = sink.Updates[^1];
        Assert.Equal((3L, TimeSpan.Zero, true, "last"), (last.Done, last.Left!.Value, last.Finished, last.Detail));
        part.End();
        Assert.True(sink.Updates[^1].Ended);
        int count = sink.Updates.Count;
        part.Complete(1); // after the end: nothing
        part.End();
        Assert.Equal(count, sink.Updates.Count);
    }

    [Fact]
    public void The_order_items_finish_in_does_not_matter_only_their_cost()
    {
        var clock = new FakeClock();
        var sink = new Recorder();
        var part = new PartProgress(sink, "p", "trial", [1.0, 3.0, 6.0], clock: clock);
        part.Start();
        clock.Advance(12);
        part.Complete(6); // the big one first: 12 s for 6 units, 4 left
        Assert.Equal(8, Seconds(sink.Updates[^1].Left), Exact);
    }

    [Fact]
    public void Without_costs_the_time_left_is_the_mean_of_the_completed_items()
    {
        var clock = new FakeClock();
        var sink = new Recorder();
        var part = new PartProgress(sink, "p", "run", 5, clock: clock);
        part.Start();
        clock.Advance(1);
        part.Complete();
        clock.Advance(2);
        part.Complete();
        Assert.Equal(4.5, Seconds(sink.Updates[^1].Left), Exact); // 3 s for 2 items: 1.5 s × 3 left
        part.Reach(4); // a count reached (training steps)
        Assert.Equal(0.75, Seconds(sink.Updates[^1].Left), Exact);
    }

    [Fact]
    public void A_fraction_done_is_counted_in_hundredths()
    {
        var clock = new FakeClock();
        var sink = new Recorder();
        var part = new PartProgress(sink, "Cholesky of H", "", 100, part: 2, parts: 4, clock: clock);
        part.Start();
        clock.Advance(10);
        part.Fraction(0.25);
        var u = sink.Updates[^1];
        Assert.Equal((25L, 100L, 2, 4), (u.Done, u.Total, u.Part, u.Parts));
        Assert.Equal(30, Seconds(u.Left), Exact);
        part.Fraction(1);
        Assert.True(sink.Updates[^1].Finished);
    }

    [Fact]
    public void A_part_of_unknown_length_has_no_time_left()
    {
        var sink = new Recorder();
        var part = new PartProgress(sink, "Lanczos", "block product", 0, clock: new FakeClock());
        part.Start();
        part.Reach(12);
        Assert.Null(sink.Updates[^1].Left);
        Assert.False(sink.Updates[^1].Finished);
        part.End();
        Assert.True(sink.Updates[^1].Finished);
    }

    [Fact]
    public void A_routines_one_part_is_relabelled_as_a_part_of_the_larger_work()
    {
        var sink = new Recorder();
        var outer = new PartOf(sink, 3, 6, "threshold-all-true");
        new PartProgress(outer, "kawaguchi2019-threshold-all-true-quick", "run", 8, stage: "round 2", clock: new FakeClock()).Start();
        new PartProgress(outer, "sweep x", "trial", 8, clock: new FakeClock()).Start();
        Assert.Equal((3, 6, "threshold-all-true", "round 2"), (sink.Updates[0].Part, sink.Updates[0].Parts, sink.Updates[0].Name, sink.Updates[0].Stage));
        Assert.Equal((3, 6, "threshold-all-true", (string?)null), (sink.Updates[1].Part, sink.Updates[1].Parts, sink.Updates[1].Name, sink.Updates[1].Stage));
    }

    [Fact]
    public void Parallel_workers_count_every_item()
    {
        var sink = new Recorder();
        var part = new PartProgress(sink, "p", "trial", 1000, clock: new FakeClock());
        part.Start();
        Parallel.For(0, 1000, _ => part.Complete());
        Assert.Equal(1000, sink.Updates.Max(u => u.Done));
        Assert.True(sink.Updates[^1].Finished);
    }
}
