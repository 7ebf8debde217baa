using System.ComponentModel;

namespace OverParam.Experiments;

/// <summary>The tiled path's layout and memory (gram --tiled, predict --tiled).</summary>
[Description("The tiled path's tile side and memory.")]
public sealed record TileLayout(
    [property: Description("The tile side (--tile).")] int Tile,
    [property: Description("Bytes of the tiles that hold the kernel matrix's lower triangle.")] double Bytes,
    [property: Description("The job's memory estimate, bytes.")] double EstimateBytes);
