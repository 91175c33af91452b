using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Scan;

namespace Zblegen.Tests;

[TestFixture]
public class ScanTests
{
    private ClangIndex _index = null!;

    [OneTimeSetUp]
    public void SetUp() => _index = new ClangIndex();

    [OneTimeTearDown]
    public void TearDown() => _index.Dispose();

    private ModbluetoothSnapshot ScanFakeMicroPython() =>
        new ModbluetoothScanner(_index, TargetCompiler.Host.ClangArguments()).Scan(TestPaths.FakeTree(TreeKind.MicroPython));

    [Test]
    public void Functions_get_prototype_guard_and_provider()
    {
        var snap = ScanFakeMicroPython();
        var byName = snap.Functions.ToDictionary(f => f.Name);
        Assert.Multiple(() =>
        {
            Assert.That(snap.Functions.Select(f => f.Name), Is.EqualTo(new[]
            {
                "mp_bluetooth_init", "mp_bluetooth_gap_advertise_start", "mp_bluetooth_gap_scan_start", "mp_bluetooth_gattc_read",
                "mp_bluetooth_gattc_on_read_done", "mp_bluetooth_gatts_on_write", "mp_bluetooth_twice",
            }), "header order, guarded ones included");
            Assert.That(byName["mp_bluetooth_gap_advertise_start"].Prototype,
                Is.EqualTo("int mp_bluetooth_gap_advertise_start(bool connectable, int32_t interval_us, const uint8_t *adv_data, size_t adv_data_len)"));
            Assert.That(byName["mp_bluetooth_init"].Prototype, Is.EqualTo("int mp_bluetooth_init(void)"));
            Assert.That(byName["mp_bluetooth_gap_scan_start"].Guard, Is.EqualTo("MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE"));
            Assert.That(byName["mp_bluetooth_gattc_read"].Guard, Is.EqualTo("MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT"));
            Assert.That(byName["mp_bluetooth_init"].Guard, Is.Null);
            Assert.That(byName["mp_bluetooth_init"].ImplementedBy, Is.EqualTo(Provider.Backend));
            Assert.That(byName["mp_bluetooth_gatts_on_write"].ImplementedBy, Is.EqualTo(Provider.Modbluetooth));
            Assert.That(byName["mp_bluetooth_gattc_on_read_done"].ImplementedBy, Is.EqualTo(Provider.Modbluetooth), "defined under #if in the .c file");
            Assert.That(byName["mp_bluetooth_twice"].ImplementedBy, Is.EqualTo(Provider.Header));
        });
    }

    [Test]
    public void Options_keep_their_default_text_and_value()
    {
        var options = ScanFakeMicroPython().Options.ToDictionary(o => o.Name);
        Assert.Multiple(() =>
        {
            Assert.That(options["MICROPY_PY_BLUETOOTH_RINGBUF_SIZE"], Is.EqualTo(new OptionDefault("MICROPY_PY_BLUETOOTH_RINGBUF_SIZE", "(64 * 2)", 128, 10)));
            Assert.That(options["MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT"].Value, Is.EqualTo(0), "follows CENTRAL_MODE's default");
            Assert.That(options["MICROPY_PY_BLUETOOTH_ENTER"].Value, Is.Null, "a statement, not a value");
            Assert.That(options["MICROPY_PY_BLUETOOTH_ENTER"].Default, Is.EqualTo("int state = 0;"));
        });
    }

    [Test]
    public void Constants_are_valued_by_the_compiler()
    {
        var constants = ScanFakeMicroPython().Constants.ToDictionary(c => c.Name);
        Assert.Multiple(() =>
        {
            Assert.That(constants["MP_BLUETOOTH_IRQ_SCAN_RESULT"].Value, Is.EqualTo(5));
            Assert.That(constants["MP_BLUETOOTH_FLAG_BOTH"].Value, Is.EqualTo(0x11));
            Assert.That(constants["MP_BLUETOOTH_NAME"].Value, Is.Null);
            Assert.That(constants["MP_BLUETOOTH_NAME"].Text, Is.EqualTo("\"fake\""));
        });
    }

    [Test]
    public void Types_are_listed()
    {
        var types = ScanFakeMicroPython().Types;
        Assert.That(types.Select(t => t.Name), Is.EqualTo(new[] { "mp_obj_bluetooth_uuid_t" }));
    }

    [Test]
    public void A_header_that_does_not_parse_fails_with_file_and_line()
    {
        var tree = Path.Combine(TestPaths.NewTempDir(), "micropython");
        TestPaths.CopyDirectory(TestPaths.FakeMicroPython, tree);
        var header = Path.Combine(tree, "extmod", "modbluetooth.h");
        File.AppendAllText(header, "int mp_bluetooth_broken(no_such_type_t x);\n");
        var line = File.ReadAllLines(header).Length;
        var e = Assert.Throws<ClangParseException>(() =>
            new ModbluetoothScanner(_index, TargetCompiler.Host.ClangArguments()).Scan(new UpstreamTree(TreeKind.MicroPython, tree, "1.28.0", "test")))!;
        Assert.That(e.Message, Does.StartWith($"{header}:{line}: unknown type name 'no_such_type_t'"));
    }

    [Test]
    public void Host_includes_follow_the_graph_with_guards()
    {
        var snap = new HostIncludeScanner(_index, TextWriter.Null).Scan(TestPaths.FakeTree(TreeKind.Zephyr));
        var core = snap.Sources.Single(s => s.Source == "subsys/bluetooth/host/core.c");
        Assert.Multiple(() =>
        {
            Assert.That(snap.Sources.Select(s => s.Source), Is.EqualTo(new[] { "subsys/bluetooth/common/helper.c", "subsys/bluetooth/host/core.c", "lib/net_buf/buf.c" }.Order(StringComparer.Ordinal)));
            Assert.That(core.Direct, Is.EqualTo(new[]
            {
                new IncludeLine("<string.h>", null, null, 2),
                new IncludeLine("<zephyr/kernel.h>", "include/zephyr/kernel.h", null, 3),
                new IncludeLine("\"core_internal.h\"", "subsys/bluetooth/host/core_internal.h", null, 4),
                new IncludeLine("\"common/helper.h\"", "subsys/bluetooth/common/helper.h", "defined(CONFIG_BT_SMP)", 6),
            }));
            Assert.That(core.Zephyr, Is.EqualTo(new[] { "zephyr/bluetooth/bluetooth.h", "zephyr/kernel.h", "zephyr/sys/util.h" }), "transitive, cycle kernel.h <-> util.h followed once");
            Assert.That(core.Local, Is.EqualTo(new[] { "subsys/bluetooth/common/helper.h", "subsys/bluetooth/host/core_internal.h" }));
            Assert.That(core.Unresolved, Is.EqualTo(new[] { "<zephyr/generated_only.h>" }));
            Assert.That(core.System, Is.EqualTo(new[] { "<stdint.h>", "<string.h>" }));
        });
    }

    [Test]
    public void Scan_output_is_deterministic_and_atomic()
    {
        var outA = TestPaths.NewTempDir();
        var outB = TestPaths.NewTempDir();
        var scanner = new Scanner(TextWriter.Null);
        var written = scanner.Run(TestPaths.FakeTree(TreeKind.MicroPython), TestPaths.FakeTree(TreeKind.Zephyr), outA);
        scanner.Run(TestPaths.FakeTree(TreeKind.MicroPython), TestPaths.FakeTree(TreeKind.Zephyr), outB);
        Assert.That(written, Is.EqualTo(new[] { "micropython-1.28.0/modbluetooth.json", "zephyr-4.1.0/host-includes.json" }));
        foreach (var rel in written)
            Assert.That(File.ReadAllBytes(Path.Combine(outB, rel)), Is.EqualTo(File.ReadAllBytes(Path.Combine(outA, rel))), rel);
        Assert.That(Directory.EnumerateFiles(outA, "*", SearchOption.AllDirectories).Select(Path.GetFileName), Has.None.Contains("zblegen-tmp"));
        Assert.That(File.ReadAllText(Path.Combine(outA, written[1])), Does.Not.Contain(TestPaths.Fixtures), "no absolute paths");
    }

    [Test]
    [Category("Tree")]
    public void Real_trees_reproduce_the_committed_snapshots_byte_for_byte()
    {
        var mp = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var outDir = TestPaths.NewTempDir();
        var written = new Scanner(TextWriter.Null).Run(mp, zephyr, outDir);
        foreach (var rel in written)
        {
            var committed = Path.Combine(TestPaths.Repo.Snapshots, rel);
            Assert.That(File.Exists(committed), Is.True, $"{rel} is not committed; run zblegen scan and commit bindings/snapshots");
            Assert.That(File.ReadAllText(Path.Combine(outDir, rel)), Is.EqualTo(File.ReadAllText(committed)), $"{rel} differs from the committed snapshot; run zblegen scan and review the diff");
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, rel)), Is.EqualTo(File.ReadAllBytes(committed)), rel);
        }
    }

    [Test]
    public void Committed_modbluetooth_snapshot_covers_the_backend_api()
    {
        var path = Path.Combine(TestPaths.Repo.Snapshots, "micropython-1.28.0", "modbluetooth.json");
        var snap = SnapshotJson.Deserialize<ModbluetoothSnapshot>(path);
        var backend = snap.Functions.Where(f => f.ImplementedBy == Provider.Backend).Select(f => f.Name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(backend, Does.Contain("mp_bluetooth_init").And.Contain("mp_bluetooth_gattc_write").And.Contain("mp_bluetooth_l2cap_send"));
            Assert.That(backend, Has.None.StartsWith("mp_bluetooth_gatts_db_"), "the attribute store helpers are modbluetooth.c's");
            Assert.That(snap.Constants.Where(c => c.Name.StartsWith("MP_BLUETOOTH_IRQ_")).Select(c => c.Value), Is.EqualTo(Enumerable.Range(1, 31).Select(i => (long?)i)));
        });
    }
}
