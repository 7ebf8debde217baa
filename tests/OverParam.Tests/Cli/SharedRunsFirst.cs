using System.Runtime.CompilerServices;

namespace OverParam.Tests.Cli;

/// <summary>
/// The longest shared run starts as the test process loads, when <see cref="Variable"/> is 1 (tools/test.sh sets it for
/// the whole suite): the quick Kawaguchi reproduction takes most of the suite's time, and begun by whichever of its tests
/// xUnit reached first, everything before that test was added to it. Started first, the other tests run beside it (the
/// longest job first). Its tests then read the same run (<see cref="SharedRuns"/>); a filtered run without the variable
/// starts nothing it does not ask for.
/// </summary>
internal static class SharedRunsFirst
{
    /// <summary>The environment variable that asks for it.</summary>
    public const string Variable = "OVERPARAM_TEST_LONGEST_FIRST";

    /// <summary>The command lines started first: the README's quick Kawaguchi example, as its tests run it.</summary>
    public static readonly string[][] Longest = [["reproduce", "kawaguchi2019", "--quick"]];

#pragma warning disable CA2255 // a test assembly's initializer, so that the run starts before xUnit schedules any class
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") return;
        foreach (var args in Longest)
            new Thread(() => SharedRuns.Run(args)) { IsBackground = true, Name = $"shared run: {string.Join(' ', args)}" }.Start();
    }
}
