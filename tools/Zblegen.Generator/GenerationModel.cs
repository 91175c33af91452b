using Zblegen.Core;
using Zblegen.Generator.Usage;
using Zblegen.Scan;

namespace Zblegen.Generator;

/// <summary>
/// Everything a template may read, built once from the committed snapshots. Templates see it in
/// snake_case (Scriban's convention): profile, port, modbluetooth.functions, config.autoconf, ...
/// </summary>
public sealed record GenerationModel(
    string Profile,
    string Port,
    string ZephyrVersion,
    string MicropythonVersion,
    ModbluetoothSnapshot Modbluetooth,
    ProfileConfig Config,
    PortTarget Target,
    ZephyrBuild ZephyrBuild,
    MicroPythonBuild MicropythonBuild,
    IReadOnlyList<IterableSection> Iterables)
{
    /// <summary>The functions extmod/modbluetooth.h asks a backend for, in the header's order.</summary>
    public IReadOnlyList<FunctionDeclaration> BackendFunctions { get; } =
        Modbluetooth.Functions.Where(f => f.ImplementedBy == Provider.Backend).ToArray();

    /// <summary>Iterable types that stay in flash: the port places read-only ones, and every entry scanned is const.</summary>
    public IReadOnlyList<IterableSection> FlashIterables => Target.Linker.RodataAfter is null ? Array.Empty<IterableSection>()
        : Iterables.Where(i => i.ConstEntries > 0 && i.WritableEntries == 0).ToArray();

    /// <summary>Every other iterable type, in RAM: writable entries, or a type only iterated here (its entries are the binding's or none).</summary>
    public IReadOnlyList<IterableSection> RamIterables => Iterables.Except(FlashIterables).ToArray();
}

/// <summary>The evaluated Kconfig of one profile and port: symbol values, autoconf.h lines, host sources.</summary>
public sealed record ProfileConfig(
    IReadOnlyDictionary<string, string> Symbols,
    IReadOnlyList<string> Autoconf,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> IncludeDirs)
{
    /// <summary>True when CONFIG_NAME is y (bool) or set to a non-empty, non-n value.</summary>
    public bool Enabled(string name) => Symbols.TryGetValue(name, out var v) && v is not ("" or "n");
}

/// <summary>How Zephyr's own build compiles every C file (warnings, stdint enforcement, include dirs), and the portable
/// Zephyr library files the host calls into (bindings/build.json).</summary>
public sealed record ZephyrBuild(IReadOnlyList<string> Warnings, string StdintImacros, IReadOnlyList<string> IncludeDirs, IReadOnlyList<string> LibrarySources);

/// <summary>What the integration takes from MicroPython's own tree (bindings/build.json): the PSA sources of its mbedtls.</summary>
public sealed record MicroPythonBuild(IReadOnlyList<string> MbedtlsPsaSources);

/// <summary>bindings/build.json as a whole; its ports are the <see cref="TargetRegistry"/>.</summary>
public sealed record BuildDescription(ZephyrBuild Zephyr, MicroPythonBuild Micropython, IReadOnlyDictionary<string, PortTarget> Ports);
