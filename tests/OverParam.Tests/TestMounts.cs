using System.Diagnostics;

namespace OverParam.Tests;

/// <summary>
/// File systems a test makes for itself with mount(8): a small tmpfs (a disk that fills up) and a read-only bind mount
/// (a place even root cannot write). Both need root and a kernel that lets this process mount; where it cannot, the
/// factory says why and the test is skipped with that reason. CI runs as root, so there they run.
/// </summary>
internal sealed class TestMount : IDisposable
{
    private readonly TestData.TempDir _dir;

    private TestMount(TestData.TempDir dir, string path)
    {
        _dir = dir;
        Path = path;
    }

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>A tmpfs of <paramref name="kib"/> KiB.</summary>
    public static bool TryTmpfs(int kib, out TestMount? mount, out string why) =>
        TryMount(dir => ["-t", "tmpfs", "-o", $"size={kib}k", "tmpfs", dir], out mount, out why);

    /// <summary>Grows (or shrinks) the tmpfs to <paramref name="kib"/> KiB, keeping its files.</summary>
    public void Resize(int kib)
    {
        if (Mount(["-o", $"remount,size={kib}k", Path]) is { } error) throw new InvalidOperationException(error);
    }

    /// <summary>An empty folder mounted read-only.</summary>
    public static bool TryReadOnly(out TestMount? mount, out string why) =>
        TryMount(dir => ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir], out mount, out why);

    private static bool TryMount(Func<string, string[]> args, out TestMount? mount, out string why)
    {
        mount = null;
        why = "";
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            why = "mounting a test file system needs root on Linux";
            return false;
        }
        var dir = new TestData.TempDir();
        string path = dir["mnt"];
        Directory.CreateDirectory(path);
        if (Mount(args(path)) is { } error)
        {
            dir.Dispose();
            why = $"mount failed here: {error}";
            return false;
        }
        mount = new TestMount(dir, path);
        return true;
    }

    /// <summary>Runs mount with <paramref name="args"/>; null on success, else what it said.</summary>
    private static string? Mount(string[] args) => Run("mount", args);

    private static string? Run(string tool, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : err.Trim();
        }
        catch (System.ComponentModel.Win32Exception e) { return e.Message; }
    }

    /// <summary>Unmounts and removes the folder.</summary>
    public void Dispose()
    {
        Run("umount", ["-l", Path]);
        _dir.Dispose();
    }
}
