using System.Globalization;

namespace OverParam.Reporting.Svg;

/// <summary>Maps data to pixels along one axis and chooses its ticks.</summary>
internal sealed class Axis
{
    private readonly double _lo, _hi, _p0, _p1;

    /// <summary>Whether values are placed by log10.</summary>
    public bool Log { get; }

    /// <summary>Tick positions in data units.</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <param name="min">Smallest data value (finite; &gt; 0 on a log axis).</param>
    /// <param name="max">Largest data value.</param>
    /// <param name="log">Log-10 axis.</param>
    /// <param name="p0">Pixel of the low end.</param>
    /// <param name="p1">Pixel of the high end.</param>
    public Axis(double min, double max, bool log, double p0, double p1)
    {
        Log = log;
        (_p0, _p1) = (p0, p1);
        if (log)
        {
            double a = Math.Floor(Math.Log10(min)), b = Math.Ceiling(Math.Log10(max));
            if (b <= a) b = a + 1;
            (_lo, _hi) = (a, b);
            int step = (int)Math.Max(1, Math.Ceiling((b - a) / 7));
            var ticks = new List<double>();
            for (double e = a; e <= b + 1e-9; e += step) ticks.Add(Math.Pow(10, e));
            Ticks = ticks;
        }
        else
        {
            if (max <= min) { min -= 0.5; max += 0.5; }
            double step = NiceStep((max - min) / 5);
            (_lo, _hi) = (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
            var ticks = new List<double>();
            for (double t = _lo; t <= _hi + step * 1e-9; t += step) ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
            Ticks = ticks;
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /// <summary>The pixel of <paramref name="v"/>, or NaN when it cannot be placed (non-positive on a log axis).</summary>
    public double Pixel(double v)
    {
        if (!double.IsFinite(v) || (Log && v <= 0)) return double.NaN;
        double t = ((Log ? Math.Log10(v) : v) - _lo) / (_hi - _lo);
        return _p0 + t * (_p1 - _p0);
    }

    /// <summary>Tick label text: "1e-8" style on log axes, shortest round-trip text otherwise.</summary>
    public string Label(double v) => Log
        ? $"1e{Math.Round(Math.Log10(v)).ToString(CultureInfo.InvariantCulture)}"
        : v.ToString("G4", CultureInfo.InvariantCulture);
}
