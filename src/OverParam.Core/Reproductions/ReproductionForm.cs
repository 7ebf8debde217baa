using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;

namespace OverParam.Reproductions;

/// <summary>
/// What one run of a reproduction does, in its quick or full form: <see cref="SweepForm"/> (one sweep, run and reported as
/// <c>overparam sweep</c> runs one) or <see cref="PartsForm"/> (parts in subfolders with a report and claims over them).
/// </summary>
/// <param name="Name">The form's name (<c>du2019-quick</c>, <c>kawaguchi2019</c>); the default folder is <c>out/</c> + it.</param>
public abstract record ReproductionForm(string Name)
{
    /// <summary>The folder written unless --out says otherwise.</summary>
    public string DefaultOut => $"out/{Name}";
}

/// <summary>A reproduction that is one sweep; its name is the sweep's.</summary>
/// <param name="Spec">The sweep.</param>
public sealed record SweepForm(SweepSpec Spec) : ReproductionForm(Spec.Name);

/// <summary>A reproduction in parts, with a report and claims over them.</summary>
/// <param name="Name">The form's name, which claims.json carries.</param>
/// <param name="Run">Runs (or resumes) every part, then writes claims.json and report.html; returns the trials that
/// failed, the report's path and the claims.</param>
public sealed record PartsForm(string Name, Func<PartsRun, (int Failed, string Report, IReadOnlyList<Claim> Claims)> Run) : ReproductionForm(Name);

/// <summary>Where and how a <see cref="PartsForm"/> runs.</summary>
/// <param name="Dir">The reproduction's folder.</param>
/// <param name="La">The backend.</param>
/// <param name="Jobs">Trials run at once: the --jobs asked for, or the default for the backend.</param>
/// <param name="AskedJobs">--jobs as given (0: none asked for), for parts whose runs are better spread otherwise.</param>
/// <param name="Threads">Threads for OverParam's own loops.</param>
/// <param name="Log">Notes on stderr.</param>
/// <param name="Progress">Hears of each part's trials as they end.</param>
public sealed record PartsRun(string Dir, ILinearAlgebra La, int Jobs, int AskedJobs, int Threads, Action<string> Log, IProgress<ProgressUpdate>? Progress);
