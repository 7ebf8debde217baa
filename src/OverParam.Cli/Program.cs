using Microsoft.Win32.SafeHandles;
using OverParam.Cli;
using OverParam.Distributed;

// Under mpirun, rank 0's stdout is a pseudo-terminal, and any write through .NET's console streams first writes the
// terminal's keypad escape (ESC[?1h ESC=) there, ahead of the results; plain file streams on fds 1 and 2 write only what
// the command prints.
if (BlacsGrid.UnderMpiLauncher)
{
    using var stdout = Raw(1);
    using var stderr = Raw(2);
    return App.Run(args, stdout, stderr, interactive: false);
}
return App.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);

static StreamWriter Raw(int fd) => new(new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, 1)) { AutoFlush = true };
