namespace OverParam.Numerics;

/// <summary>
/// A seeded pseudo-random stream: xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64, so the same seed
/// gives the same numbers on every platform and .NET version (System.Random makes no such promise across versions).
/// Not thread-safe: give each thread its own stream via <see cref="Stream"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>A stream determined by <paramref name="seed"/> alone.</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for (seed, purpose): e.g. the data, the weights W, the output signs a.</summary>
    public static Rng Stream(long seed, ulong purpose) => new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (purpose + 0x632BE59BD9B4E019UL)));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller; pairs are used in order).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>−1 or +1 with probability ½ each.</summary>
    public double NextSign() => (NextUInt64() >> 63) == 0 ? -1.0 : 1.0;

    /// <summary>Fills <paramref name="dest"/> with standard normal draws.</summary>
    public void FillGaussian(Span<double> dest)
    {
        for (int i = 0; i < dest.Length; i++) dest[i] = NextGaussian();
    }
}
