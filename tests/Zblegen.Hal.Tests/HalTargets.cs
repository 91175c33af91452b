using Zblegen.Core;

namespace Zblegen.Hal.Tests;

/// <summary>
/// A target the HAL and Zephyr's own sources are compiled for: one port of bindings/build.json, its compiler, CPU
/// flags and architecture define (what zephyr_ble_target.h gives the port's build). Label names the core and board.
/// </summary>
public sealed record HalTarget(string Label, string Compiler, IReadOnlyList<string> Flags)
{
    public static HalTarget Of(PortTarget target)
    {
        var cpu = target.CpuFlags.FirstOrDefault(f => f.StartsWith("-mcpu=", StringComparison.Ordinal))?["-mcpu=".Length..] ?? "host";
        return new($"{cpu}_{target.Board}", target.Compiler, [.. target.CpuFlags, $"-D{target.Arch}=1"]);
    }

    public static IReadOnlyList<HalTarget> Of(TargetRegistry registry) => registry.Ports.Values.Select(Of).ToArray();

    /// <summary>The checkout's targets; the repository is found as zblegen finds it (ZBLEGEN_REPO, else above here).</summary>
    public static IReadOnlyList<HalTarget> OfRepository() => Of(TargetRegistry.Load(RepoLayout.Find(ProcessEnvironment.Instance)));
}
