namespace OverParam.Kernels;

/// <summary>
/// Running minima of the pair angles over the pairs one worker visits (a row of <see cref="TwoLayerGram"/>, a block of
/// <see cref="KernelBlock"/> on one rank), merged into a <see cref="PairGeometry"/> afterwards. Pairs are (i, j) with
/// i &gt; j, each visited by exactly one worker.
/// </summary>
internal struct PairScan
{
    /// <summary>Doubles in <see cref="Pack"/>'s layout: 7 minima and counts, the number listed, 3 per listed pair.</summary>
    public const int PackedLength = 8 + 3 * PairGeometry.MaxListedPairs;

    public double MinTheta, MinLine;
    public int ThetaI, ThetaJ, LineI, LineJ;
    public long ParallelCount;
    public List<InputPair>? Parallel;

    /// <summary>A scan that has seen no pair.</summary>
    public static PairScan Empty => new()
    {
        MinTheta = double.PositiveInfinity,
        MinLine = double.PositiveInfinity,
        ThetaI = -1,
        ThetaJ = -1,
        LineI = -1,
        LineJ = -1,
    };

    /// <summary>Records the pair (i, j), i &gt; j, at angle θ (radians).</summary>
    public void Track(int i, int j, double theta)
    {
        double line = Math.Min(theta, Math.PI - theta);
        if (theta < MinTheta) { MinTheta = theta; ThetaI = i; ThetaJ = j; }
        if (line < MinLine) { MinLine = line; LineI = i; LineJ = j; }
        // 1 − |cos θ| = 2 sin²(line/2), evaluated without cancellation.
        double s = Math.Sin(line / 2);
        if (2 * s * s > PairGeometry.ParallelTolerance) return;
        ParallelCount++;
        Parallel ??= [];
        if (Parallel.Count < PairGeometry.MaxListedPairs) Parallel.Add(new InputPair(j, i, Degrees(theta)));
    }

    /// <summary>Folds scans in order into one (the first strict minimum wins; the parallel pairs listed are the first by index).</summary>
    public static PairScan Fold(IEnumerable<PairScan> scans)
    {
        var all = Empty;
        var pairs = new List<InputPair>();
        foreach (var g in scans)
        {
            if (g.ThetaI >= 0 && g.MinTheta < all.MinTheta) (all.MinTheta, all.ThetaI, all.ThetaJ) = (g.MinTheta, g.ThetaI, g.ThetaJ);
            if (g.LineI >= 0 && g.MinLine < all.MinLine) (all.MinLine, all.LineI, all.LineJ) = (g.MinLine, g.LineI, g.LineJ);
            all.ParallelCount += g.ParallelCount;
            if (g.Parallel != null) pairs.AddRange(g.Parallel);
        }
        if (pairs.Count > 0) all.Parallel = pairs.OrderBy(p => p.I).ThenBy(p => p.J).Take(PairGeometry.MaxListedPairs).ToList();
        return all;
    }

    /// <summary>Folds scans (<see cref="Fold"/>) into the data's geometry; <paramref name="norms"/> give its zero rows.</summary>
    public static PairGeometry Merge(IEnumerable<PairScan> scans, IReadOnlyList<double> norms)
    {
        var all = Fold(scans);
        var zero = Enumerable.Range(0, norms.Count).Where(i => norms[i] == 0).ToList();
        return new PairGeometry(
            all.ThetaI < 0 ? double.NaN : Degrees(all.MinTheta), all.ThetaI < 0 ? null : new InputPair(all.ThetaJ, all.ThetaI, Degrees(all.MinTheta)),
            all.LineI < 0 ? double.NaN : Degrees(all.MinLine), all.LineI < 0 ? null : new InputPair(all.LineJ, all.LineI, Degrees(all.MinLine)),
            all.Parallel ?? [], all.ParallelCount, zero);
    }

    /// <summary>The scan as <see cref="PackedLength"/> doubles, for a sum over ranks into slots of zeros.</summary>
    public readonly void Pack(Span<double> dest)
    {
        dest.Clear();
        (dest[0], dest[1], dest[2]) = (MinTheta, ThetaI, ThetaJ);
        (dest[3], dest[4], dest[5]) = (MinLine, LineI, LineJ);
        dest[6] = ParallelCount;
        var listed = Parallel ?? [];
        dest[7] = listed.Count;
        for (int k = 0; k < listed.Count; k++)
            (dest[8 + 3 * k], dest[9 + 3 * k], dest[10 + 3 * k]) = (listed[k].I, listed[k].J, listed[k].AngleDegrees);
    }

    /// <summary>The inverse of <see cref="Pack"/>.</summary>
    public static PairScan Unpack(ReadOnlySpan<double> src)
    {
        var s = new PairScan
        {
            MinTheta = src[0],
            ThetaI = (int)src[1],
            ThetaJ = (int)src[2],
            MinLine = src[3],
            LineI = (int)src[4],
            LineJ = (int)src[5],
            ParallelCount = (long)src[6],
        };
        int listed = (int)src[7];
        if (listed > 0) s.Parallel = [];
        for (int k = 0; k < listed; k++) s.Parallel!.Add(new InputPair((int)src[8 + 3 * k], (int)src[9 + 3 * k], src[10 + 3 * k]));
        return s;
    }

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
