namespace Zblegen.Generator.Usage;

/// <summary>
/// The Zephyr symbols the host sources of one profile and port use, and who provides each: Zephyr's
/// own header ("real"), a generated shadow header ("shadow") or the HAL ("hal").
/// </summary>
public sealed record UsageSnapshot(
    string ZephyrVersion,
    string Profile,
    string Port,
    UsageCounts Counts,
    IReadOnlyList<SymbolUse> Symbols,
    IReadOnlyList<UnprovidedUse> Unprovided,
    IReadOnlyList<IterableSection> Iterables);

public sealed record UsageCounts(int Symbols, int Real, int Shadow, int Hal, int Headers);

/// <summary>One used symbol: name (fields as struct.field), kind, provider, the header declaring it, and the sources using it.</summary>
public sealed record SymbolUse(string Name, string Kind, string Provider, string Header, IReadOnlyList<string> UsedBy);

/// <summary>A use nothing provides: the compiler's message and where it stands.</summary>
public sealed record UnprovidedUse(string Where, string Message);

/// <summary>
/// One iterable section type (STRUCT_SECTION_ITERABLE and friends): its name, the alignment of its element for
/// this port, how many entries the scanned sources define read-only and writable, and who iterates or defines it.
/// </summary>
public sealed record IterableSection(string Name, long Align, int ConstEntries, int WritableEntries, IReadOnlyList<string> UsedBy);
