namespace Zblegen.Scan;

/// <summary>
/// For each Zephyr host source: its #include lines with their guards, and every header reachable
/// from it through any #include whatever its condition (an over-approximation: the profile decides later).
/// Paths are relative to ZEPHYR_BASE; zephyr/... names are relative to its include/ folder.
/// </summary>
public sealed record HostIncludesSnapshot(string Zephyr, IReadOnlyList<string> SourceFolders, IReadOnlyList<SourceIncludes> Sources, IReadOnlyList<string> Headers);

public sealed record SourceIncludes(
    string Source,
    IReadOnlyList<IncludeLine> Direct,
    IReadOnlyList<string> Zephyr,
    IReadOnlyList<string> Local,
    IReadOnlyList<string> Unresolved,
    IReadOnlyList<string> System);

/// <summary>One #include as written, what it resolved to (null if nothing in the tree), and its guard.</summary>
public sealed record IncludeLine(string Written, string? Resolved, string? Guard, int Line);
