namespace Zblegen.Kconfig.CMake;

/// <summary>The CMakeLists the Bluetooth host build reads, run for one evaluated configuration.</summary>
public static class HostBuild
{
    /// <summary>Relative to ZEPHYR_BASE; subsys/bluetooth descends into common, host, services, crypto and lib itself.</summary>
    public static readonly IReadOnlyList<string> RootLists = new[] { "subsys/bluetooth/CMakeLists.txt", "lib/net_buf/CMakeLists.txt" };

    public static CMakeResult Run(Evaluation.Evaluation ev, string zephyrBase, string? workspace)
    {
        var roots = new Dictionary<string, string> { ["$ZEPHYR_BASE"] = Path.GetFullPath(zephyrBase) };
        if (workspace is not null) roots["$ZEPHYR_WORKSPACE"] = Path.GetFullPath(workspace);
        return CMakeSubset.Run(Path.GetFullPath(zephyrBase), roots, CMakeSubset.ConfigVariables(ev), RootLists.Select(r => Path.Combine(zephyrBase, r)));
    }
}
