using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Tests;

/// <summary>
/// The unmodified Zephyr host, lib/net_buf, subsys/bluetooth/common and the HAL compile with zero
/// warnings under -Werror at -Os (as the boards build), for every profile and every port's compiler,
/// through the generated headers.
/// </summary>
[TestFixture]
[Category("Tree")]
public class HostCompileTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from profile in ProfileLibrary.ForRepo(TestPaths.Repo).Profiles
        from port in TargetRegistry.Load(TestPaths.Repo).Ports.Keys
        select new TestCaseData(profile, port).SetName($"Host_compiles_{profile}_{port}");

    [TestCaseSource(nameof(Cases))]
    public void Host_compiles_without_warnings(string profile, string port)
    {
        var build = GeneratedBuild.Prepare(profile, port);
        TestPaths.ToolOrIgnore(build.Recipe.Compiler);
        var (_, failures) = build.Compile(build.AllSources(), new[] { "-Os", "-Werror" }, keepObjects: false, r => r.ExitCode != 0 || r.Output.Contains("warning:"));
        Assert.That(failures, Is.Empty, $"{build.Recipe.Sources.Count} host sources and {build.Recipe.GeneratedSources.Count} generated sources (HAL, init runner, transport) with {build.Recipe.Compiler}");
        Assert.That(build.Recipe.Sources, Has.Some.EndsWith("subsys/bluetooth/host/hci_core.c"));
    }

    public static IEnumerable<TestCaseData> LinkCases() =>
        new[] { "minimal", "connections", "gatt" }.Select(p => new TestCaseData(p).SetName($"Host_links_and_starts_{p}_unix"));

    /// <summary>
    /// On unix the host, lib/net_buf, the HAL and the generated sources link into a program whose
    /// only outside needs are the port hooks and PSA Crypto (stood in for by Fixtures/link and
    /// Fixtures/common); the program then runs the host's SYS_INIT entries.
    /// </summary>
    [TestCaseSource(nameof(LinkCases))]
    public void Host_links_with_only_the_port_hooks_missing(string profile)
    {
        var build = GeneratedBuild.Prepare(profile, "unix");
        var (objects, failures) = build.Compile(build.AllSources(Path.Combine(TestPaths.Fixtures, "link", "link_stubs.c"), Path.Combine(TestPaths.Fixtures, "common", "psa_stubs.c")),
            new[] { "-Os" }, keepObjects: true);
        Assert.That(failures, Is.Empty);
        var (program, linked) = build.Link(objects, "host");
        var undefined = linked.Output.Split('\n').Where(l => l.Contains("undefined reference")).Select(l => l[l.IndexOf("undefined reference", StringComparison.Ordinal)..]).Distinct();
        Assert.That(linked.ExitCode, Is.EqualTo(0), string.Join('\n', undefined.DefaultIfEmpty(linked.Output)));
        Assert.That(ProcessRunner.TryRun(program, Array.Empty<string>())!.ExitCode, Is.EqualTo(0), "every SYS_INIT entry of the host returned 0");
    }
}
