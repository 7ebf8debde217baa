using System.Diagnostics;
using System.Runtime.InteropServices;
using OverParam.Distributed;

namespace OverParam.Tests.Distributed;

/// <summary>Runs the CLI under mpirun for the distributed tests, or skips the test saying what is missing.</summary>
internal static class MpiRunner
{
    /// <summary>mpirun's path, or the test is skipped with what is missing.</summary>
    public static string RequireMpi()
    {
        string? mpirun = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(p => Path.Combine(p, "mpirun")).FirstOrDefault(File.Exists);
        Skip.If(mpirun == null, "mpirun not found (Debian: apt-get install openmpi-bin)");
        bool scalapack = ScaLapackLibrary.Candidates.Any(name =>
        {
            if (!NativeLibrary.TryLoad(name, out var h)) return false;
            NativeLibrary.Free(h);
            return true;
        });
        Skip.If(!scalapack, "ScaLAPACK not found (Debian: apt-get install libscalapack-openmpi2.2)");
        return mpirun!;
    }

    /// <summary>Skips the test where ELPA does not load, saying what is missing.</summary>
    public static void RequireElpa()
    {
        bool elpa = ElpaLibrary.Candidates.Any(name =>
        {
            if (!NativeLibrary.TryLoad(name, out var h)) return false;
            NativeLibrary.Free(h);
            return true;
        });
        Skip.If(!elpa, "ELPA not found (Debian: apt-get install libelpa19)");
    }

    /// <summary>`mpirun -np <paramref name="ranks"/> overparam ARGS`: exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string mpirun, int ranks, string[] args)
    {
        var info = new ProcessStartInfo(mpirun, ["-np", ranks.ToString(), "--oversubscribe", "dotnet", "exec", typeof(OverParam.Cli.App).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Open MPI refuses root unless told; CI containers run as root.
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        // Open MPI gives rank 0 a pseudo-terminal; with a terminal type .NET would write its keypad escape there.
        info.Environment["TERM"] = "dumb";
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); return (-1, output, "mpirun did not finish in 3 minutes"); }
        return (p.ExitCode, output, err.Result);
    }
}
