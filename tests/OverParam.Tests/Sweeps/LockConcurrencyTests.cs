using System.Diagnostics;
using OverParam.IO;
using OverParam.Sweeps;

namespace OverParam.Tests.Sweeps;

/// <summary>
/// Two sweeps started at the same moment on one folder: exactly one runs the trials, the other is refused with a line
/// naming the holder (or, starting after the first finished, finds them done). The old lock (create, then write the
/// process id) let both run in 2 of 268 tries; the OS lock leaves no window.
/// </summary>
public class LockConcurrencyTests
{
    private const string Spec = "base: { n: 4, d: 2, labels: sign, width: 8, steps: 1, gram_every: 0 }\naxes: { seed: [0, 1] }\n";

    [Fact]
    public void A_hundred_pairs_of_simultaneous_sweeps_never_run_a_trial_twice()
    {
        using var dir = new TestData.TempDir();
        var spec = SweepSpec.Parse(Spec, "pair.yaml");
        for (int pair = 0; pair < 100; pair++)
        {
            var folder = dir[$"p{pair}"];
            using var start = new Barrier(2);
            var ran = new int[2];
            var errors = new Exception?[2];
            var threads = Enumerable.Range(0, 2).Select(k => new Thread(() =>
            {
                start.SignalAndWait();
                try { ran[k] = SweepRunner.Run(spec, new SweepFolder(folder), 1, TestData.OpenBlas, 1).RanOk; }
                catch (InputException e) when (e.Message.Contains("being run by", StringComparison.Ordinal)) { ran[k] = 0; }
                catch (Exception e) { errors[k] = e; } // anything else fails the test, not the test host
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.True(errors.All(e => e == null), $"pair {pair}: {errors.FirstOrDefault(e => e != null)}");
            Assert.Equal(2, ran[0] + ran[1]); // the two trials ran once between them
        }
    }

    [Fact]
    public void Simultaneous_sweeps_in_separate_processes_never_run_a_trial_twice()
    {
        using var dir = new TestData.TempDir();
        File.WriteAllText(dir["pair.yaml"], Spec);
        string cli = typeof(OverParam.Cli.App).Assembly.Location;
        for (int pair = 0; pair < 10; pair++)
        {
            var runs = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet", ["exec", cli, "sweep", dir["pair.yaml"], "--out", dir[$"p{pair}"]])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!).ToList();
            int ran = 0, refused = 0;
            foreach (var p in runs)
            {
                string output = p.StandardOutput.ReadToEnd(), error = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode == 2 && error.Contains("being run by", StringComparison.Ordinal)) refused++;
                else
                {
                    Assert.True(p.ExitCode == 0, error);
                    ran += int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"(\d+) ran").Groups[1].Value);
                }
                p.Dispose();
            }
            Assert.Equal(2, ran);
        }
    }
}
