using System.Runtime.CompilerServices;

namespace Zblegen.Kconfig.Tests;

/// <summary>Paths of the test sources and the repository, found from this file's own location.</summary>
internal static class TestPaths
{
    public static string ProjectDir { get; } = Here();
    public static string RepoRoot => Path.GetFullPath(Path.Combine(ProjectDir, "..", ".."));
    public static string Fixtures => Path.Combine(ProjectDir, "fixtures");
    public static string OracleScript => Path.Combine(ProjectDir, "oracle", "kconfig_dump.py");

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
