using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;

namespace Zblegen.Emulator.Tests;

public class MultitestTableTests
{
    [Test]
    public void Table_shows_each_test_per_order_with_durations_figures_and_unix_limits()
    {
        var results = new List<MultitestResult>
        {
            new(1, "ble_gap_connect", "nimble,btstack", "pass", TimeSpan.FromSeconds(1.24), [], "multi_bluetooth/ble_gap_connect.py on a|b: pass\n"),
            new(1, "ble_gap_connect", "btstack,nimble (swapped)", "FAIL", TimeSpan.FromSeconds(3), ["x.btsnoop"], ""),
            new(1, "perf_gatt_notify", "nimble,btstack", "pass", TimeSpan.FromSeconds(2), [],
                "multi_bluetooth/perf_gatt_notify.py: Did 100 notifies in 1234 ms. 12.3 ms/notify\nmulti_bluetooth/perf_gatt_notify.py on a|b: pass\n"),
            new(1, "perf_gatt_notify", "btstack,nimble (swapped)", "pass", TimeSpan.FromSeconds(2), [], ""),
            new(1, "ble_mtu", "nimble,btstack", "FAIL", TimeSpan.FromSeconds(11), [], ""),
            new(1, "ble_mtu", "btstack,nimble (swapped)", "FAIL", TimeSpan.FromSeconds(11), [], ""),
        };
        var lines = MultitestRunner.Table(results).Split('\n');
        Assert.That(lines[0], Does.StartWith("test").And.Contain("nimble,btstack").And.Contain("btstack,nimble (swapped)"));
        Assert.That(lines.Single(l => l.StartsWith("ble_gap_connect")), Does.Contain("pass 1.2s").And.Contain("FAIL 3.0s"));
        Assert.That(lines.Single(l => l.StartsWith("ble_mtu")), Does.Contain("multitest.wait()"));
        Assert.That(lines, Has.One.EqualTo("  [nimble,btstack #1] multi_bluetooth/perf_gatt_notify.py: Did 100 notifies in 1234 ms. 12.3 ms/notify"));
        Assert.That(lines, Has.One.EqualTo("3 of 6 passed or skipped"));
    }

    [Test]
    public void A_bindings_known_limit_applies_to_runs_with_that_stack_only()
    {
        MultitestResult R(string test, string order) => new(1, test, order, "FAIL", TimeSpan.FromSeconds(1), [], "");
        Assert.That(MultitestRunner.KnownLimit(R("ble_gap_pair", "nimble,btstack (swapped)")), Does.Contain("SM_EVENT_JUST_WORKS_REQUEST"));
        Assert.That(MultitestRunner.KnownLimit(R("ble_gap_pair", "nimble,nimble")), Is.Null);
        Assert.That(MultitestRunner.KnownLimit(R("ble_mtu", "nimble,nimble")), Does.Contain("multitest.wait()"));
        Assert.That(MultitestRunner.KnownLimit(R("ble_mtu", "zephyr,zephyr")), Is.Null);
        var table = MultitestRunner.Table([R("perf_gatt_char_write", "nimble,nimble"), R("perf_gatt_char_write", "btstack,nimble (swapped)")]);
        Assert.That(table.Split('\n').Single(l => l.StartsWith("perf_gatt_char_write")), Does.Contain("_IRQ_MTU_EXCHANGED"));
    }

    [Test]
    public void A_bindings_known_limit_in_one_role_applies_to_the_orders_that_give_it_that_role()
    {
        MultitestResult R(string order) => new(1, "pair_passkey", order, "FAIL", TimeSpan.FromSeconds(1), [], "");
        Assert.That(MultitestRunner.KnownLimit(R("zephyr,nimble")), Does.Contain("_IRQ_PASSKEY_ACTION"));
        Assert.That(MultitestRunner.KnownLimit(R("nimble,zephyr (swapped)")), Is.Null);
        Assert.That(MultitestRunner.KnownLimit(R("zephyr,zephyr")), Is.Null);
        // The instance that blocks in multitest.wait() is the peripheral, instance 0: a Zephyr one keeps running.
        Assert.That(MultitestRunner.KnownLimit(new(1, "ble_mtu_peripheral", "nimble,zephyr (swapped)", "FAIL", TimeSpan.FromSeconds(1), [], "")), Does.Contain("multitest.wait()"));
        Assert.That(MultitestRunner.KnownLimit(new(1, "ble_mtu_peripheral", "zephyr,nimble", "FAIL", TimeSpan.FromSeconds(1), [], "")), Is.Null);
    }

    [Test]
    public void A_qemu_instance_has_the_known_limits_of_the_stack_it_runs()
    {
        MultitestResult R(string test, string order) => new(1, test, order, "FAIL", TimeSpan.FromSeconds(1), [], "");
        Assert.That(MultitestRunner.KnownLimit(R("ble_mtu", "qemu-zephyr,nimble")), Is.Null);
        Assert.That(MultitestRunner.KnownLimit(R("ble_mtu", "nimble,qemu-zephyr (swapped)")), Does.Contain("multitest.wait()"));
        Assert.That(MultitestRunner.KnownLimit(R("ble_gap_connect", "qemu-zephyr,nimble")), Is.Null);
        Assert.That(MultitestRunner.KnownLimit(R("ble_l2cap", "qemu-zephyr,nimble")), Does.Contain("listens only once"));
        Assert.That(MultitestRunner.KnownLimit(R("ble_l2cap", "nimble,zephyr (swapped)")), Is.Null);
        // NimBLE's sender against a receiver on QEMU, in that order only.
        Assert.That(MultitestRunner.KnownLimit(R("perf_l2cap", "nimble,qemu-zephyr (swapped)")), Does.Contain("ENOMEM"));
        Assert.That(MultitestRunner.KnownLimit(R("perf_l2cap", "qemu-zephyr,nimble")), Does.Not.Contain("ENOMEM"));
        Assert.That(MultitestRunner.KnownLimit(R("perf_l2cap", "nimble,zephyr (swapped)")), Is.Null);
    }
}

public class LiveChildrenTests
{
    [Test]
    public void Killing_a_runs_children_stops_every_process_still_tracked_and_spares_the_untracked()
    {
        var children = new LiveChildren();
        using var tracked = System.Diagnostics.Process.Start("sleep", "60")!;
        using var released = System.Diagnostics.Process.Start("sleep", "60")!;
        using var handle = children.Track(tracked);
        children.Track(released).Dispose();
        Assert.That(children.Running, Is.EqualTo(1));

        children.KillAll();

        Assert.That(tracked.WaitForExit(5000), Is.True);
        Assert.That(released.HasExited, Is.False);
        released.Kill();
        released.WaitForExit();
    }
}

public class UnixBuildTests
{
    private static (RepoLayout Repo, UnixBuilder Builder) Builder()
    {
        var root = Directory.CreateTempSubdirectory("zblegen-repo-").FullName;
        var repo = new RepoLayout(root);
        var tree = new UpstreamTree(TreeKind.MicroPython, "/nonexistent/micropython", "1.28.0", "test");
        return (repo, new UnixBuilder(repo, tree, "/tmp/zblegen-cache-test", _ => { }));
    }

    [Test]
    public void BTstack_build_takes_the_missing_header_from_our_ports_folder_by_include_path()
    {
        var (repo, b) = Builder();
        var vars = b.MakeVariables(HostStack.BtStack);
        Assert.That(vars, Does.Contain("MICROPY_BLUETOOTH_BTSTACK_H4=1").And.Contain("MICROPY_BLUETOOTH_BTSTACK_USB=0"));
        Assert.That(vars, Does.Contain($"CFLAGS_EXTRA=-I{Path.Combine(repo.Ports, "unix", "btstack-h4")}"));
        Assert.That(b.BinaryPath(HostStack.BtStack), Is.EqualTo("/tmp/zblegen-cache-test/micropython-1.28.0/unix-btstack/micropython"));
    }

    [Test]
    public void Our_BTstack_header_exists_in_the_repository()
    {
        var header = Path.Combine(SourceRoot(), "ports", "unix", "btstack-h4", "mpbthciport.h");
        Assert.That(File.ReadAllText(header), Does.Contain("mp_bluetooth_hci_poll_now"));
    }

    [Test]
    public void Zephyr_stack_is_an_error_until_generated()
    {
        var (_, b) = Builder();
        Assert.That(() => b.MakeVariables(HostStack.Zephyr), Throws.TypeOf<ZblegenException>().With.Message.Contains("zblegen generate"));
    }

    [Test]
    public void Zephyr_stack_builds_our_variant_with_the_generated_module_and_no_bluetooth_make_variable()
    {
        var (repo, _) = Builder();
        Directory.CreateDirectory(Path.Combine(repo.ExtmodOut, "zephyr_ble"));
        File.WriteAllText(Path.Combine(repo.ExtmodOut, "zephyr_ble", "micropython.mk"), "");
        var tree = new UpstreamTree(TreeKind.MicroPython, "/nonexistent/micropython", "1.28.0", "test");
        var zephyr = new UpstreamTree(TreeKind.Zephyr, "/nonexistent/zephyr", "4.1.0", "test");
        var vars = new UnixBuilder(repo, tree, "/tmp/zblegen-cache-test", _ => { }, zephyr).MakeVariables(HostStack.Zephyr);
        Assert.That(vars, Is.EqualTo(new[]
        {
            $"VARIANT_DIR={Path.Combine(repo.Ports, "unix", "zephyr")}",
            $"USER_C_MODULES={repo.ExtmodOut}",
            "ZEPHYR_BASE=/nonexistent/zephyr",
        }));
        Assert.That(() => new UnixBuilder(repo, tree, "/tmp/zblegen-cache-test", _ => { }).MakeVariables(HostStack.Zephyr),
            Throws.TypeOf<ZblegenException>().With.Message.Contains("--zephyr"));
    }

    [Test]
    public void Our_zephyr_variant_exists_in_the_repository()
    {
        var variant = Path.Combine(SourceRoot(), "ports", "unix", "zephyr");
        Assert.That(File.ReadAllText(Path.Combine(variant, "mpconfigvariant.mk")), Does.Contain("USER_C_MODULES"));
        Assert.That(File.ReadAllText(Path.Combine(variant, "mpzephyrport.c")), Does.Contain("mp_bluetooth_zephyr_port_hci_open"));
    }

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
