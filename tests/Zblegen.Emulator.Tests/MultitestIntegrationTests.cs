using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;

namespace Zblegen.Emulator.Tests;

/// <summary>
/// Real MicroPython unix hosts (built from the upstream tree if not cached) running real
/// tests/multi_bluetooth tests against the live emulator. Skips when no MicroPython tree is laid out.
/// </summary>
[Category("Multitest")]
[NonParallelizable]
[Category("Tree")]
public class MultitestIntegrationTests
{
    private static (UpstreamTree Tree, UnixBuilder Builder) Upstream()
    {
        // Tests run from the artifacts folder: find the checkout from this source file instead.
        var repo = new RepoLayout(Path.GetFullPath(Path.Combine(SourceDir(), "..", "..")));
        var tree = UpstreamLocator.ForProcess(repo).Find(TreeKind.MicroPython, null);
        if (tree == null)
            Assert.Ignore("no MicroPython tree (see README.md, 'Upstream trees')");
        if (!File.Exists("/usr/bin/python3"))
            Assert.Ignore("/usr/bin/python3 is missing (run-multitests.py needs it)");
        var builder = new UnixBuilder(repo, tree!, CacheFolders.For(ProcessEnvironment.Instance).Build, m => TestContext.Progress.WriteLine(m));
        return (tree!, builder);
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static IReadOnlyList<MultitestResult> Run(UpstreamTree tree, IReadOnlyList<HostBinary> hosts, string[] tests, bool bothOrders)
    {
        var work = Directory.CreateTempSubdirectory("zblegen-multitest-").FullName;
        try
        {
            var captures = Path.Combine(Path.GetTempPath(), "zblegen-multitest-captures");
            var runner = new MultitestRunner(new MultitestOptions(tree.Root, hosts, tests, work, captures, BothOrders: bothOrders, TimeoutSeconds: 60),
                m => TestContext.Progress.WriteLine(m));
            var results = runner.Run().ToList();
            TestContext.Out.Write(MultitestRunner.Table(results));
            return results;
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    [Test]
    public void NimBLE_hosts_connect_pair_and_exchange_gatt_data_in_both_orders()
    {
        var (tree, builder) = Upstream();
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var results = Run(tree, [new("nimble", nimble.Path), new("nimble", nimble.Path)],
            ["ble_gap_connect", "ble_characteristic", "ble_gap_pair"], bothOrders: true);
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    [Test]
    public void BTstack_host_talks_to_NimBLE_host()
    {
        var (tree, builder) = Upstream();
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var btstack = builder.FindOrBuild(HostStack.BtStack, rebuild: false);
        var results = Run(tree, [new("nimble", nimble.Path), new("btstack", btstack.Path)], ["ble_gap_connect", "ble_gattc_discover_services"], bothOrders: true);
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }
}
