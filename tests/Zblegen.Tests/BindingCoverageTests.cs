using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Scan;

namespace Zblegen.Tests;

/// <summary>The binding's definitions, read off its C with libclang and held to modbluetooth.h's prototypes and guards.</summary>
[TestFixture]
public class BindingCoverageTests
{
    private const string SnapshotPath = "bindings/snapshots/micropython-1.28.0/modbluetooth.json";

    private static ModbluetoothSnapshot Snapshot() => new ModelLoader(TestPaths.Repo).Load("gatt", "unix").Modbluetooth;

    private static IReadOnlyList<BindingDefinition> ScanText(string text)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "modbluetooth_zephyr_x.c");
        File.WriteAllText(path, text);
        using var index = new ClangIndex();
        return BindingScanner.Scan(index, path, "templates/zephyr_ble/modbluetooth_zephyr_x.c");
    }

    [Test]
    public void The_scanner_sees_every_branch_with_its_guard_without_the_binding_wide_condition()
    {
        var found = ScanText("""
            #include "py/runtime.h"
            #if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
            #include "modbluetooth_zephyr_internal.h"
            static int helper(void) { return 0; }
            int mp_bluetooth_init(void) {
                return helper();
            }
            #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
            int mp_bluetooth_gap_scan_stop(void) {
                return 0;
            }
            #else
            static void mp_bluetooth_other(mp_obj_t x) {
            }
            #endif
            #endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
            """);
        Assert.That(found.Select(d => (d.Name, d.Prototype, d.Guard, d.IsStatic, d.Line)), Is.EqualTo(new[]
        {
            ("mp_bluetooth_init", "int mp_bluetooth_init(void)", (string?)null, false, 5),
            ("mp_bluetooth_gap_scan_stop", "int mp_bluetooth_gap_scan_stop(void)", "MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE", false, 9),
            ("mp_bluetooth_other", "static void mp_bluetooth_other(mp_obj_t x)", "!MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE", true, 13),
        }));
    }

    [Test]
    public void A_prototype_that_differs_from_the_header_is_named_with_both()
    {
        var defs = new[] { new BindingDefinition("mp_bluetooth_gap_scan_stop", "int mp_bluetooth_gap_scan_stop(int x)", "MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE", false, "templates/zephyr_ble/a.c", 7) };
        var e = Assert.Throws<ZblegenException>(() => BindingCoverage.Check(defs, Snapshot(), SnapshotPath))!;
        Assert.That(e.Message, Is.EqualTo($"templates/zephyr_ble/a.c:7: mp_bluetooth_gap_scan_stop is defined as 'int mp_bluetooth_gap_scan_stop(int x)' but MicroPython 1.28.0's extmod/modbluetooth.h ({SnapshotPath}) declares 'int mp_bluetooth_gap_scan_stop(void)'; write the header's prototype"));
    }

    [Test]
    public void A_guard_that_differs_from_the_header_is_named_with_both()
    {
        var defs = new[] { new BindingDefinition("mp_bluetooth_gap_scan_stop", "int mp_bluetooth_gap_scan_stop(void)", null, false, "templates/zephyr_ble/a.c", 7) };
        var e = Assert.Throws<ZblegenException>(() => BindingCoverage.Check(defs, Snapshot(), SnapshotPath))!;
        Assert.That(e.Message, Does.StartWith("templates/zephyr_ble/a.c:7: mp_bluetooth_gap_scan_stop is defined unconditionally but").And.EndWith("declares it under #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE; define it under the header's guard"));
    }

    [Test]
    public void A_function_defined_twice_or_one_modbluetooth_c_provides_is_refused()
    {
        var twice = new[]
        {
            new BindingDefinition("mp_bluetooth_init", "int mp_bluetooth_init(void)", null, false, "templates/zephyr_ble/a.c", 3),
            new BindingDefinition("mp_bluetooth_init", "int mp_bluetooth_init(void)", null, false, "templates/zephyr_ble/b.c", 9),
        };
        Assert.That(Assert.Throws<ZblegenException>(() => BindingCoverage.Check(twice, Snapshot(), SnapshotPath))!.Message,
            Is.EqualTo("templates/zephyr_ble/b.c:9: mp_bluetooth_init is defined again (first at templates/zephyr_ble/a.c:3); keep one"));
        var provided = Snapshot().Functions.First(f => f.ImplementedBy == Provider.Modbluetooth);
        var shadowing = new[] { new BindingDefinition(provided.Name, provided.Prototype, provided.Guard, false, "templates/zephyr_ble/a.c", 4) };
        Assert.That(Assert.Throws<ZblegenException>(() => BindingCoverage.Check(shadowing, Snapshot(), SnapshotPath))!.Message,
            Is.EqualTo($"templates/zephyr_ble/a.c:4: {provided.Name} is provided by extmod/modbluetooth.c, not by a backend; remove it"));
    }

    [Test]
    public void The_binding_s_own_hooks_and_static_helpers_are_not_backend_functions()
    {
        var defs = new[]
        {
            new BindingDefinition("mp_bluetooth_zephyr_poll", "void mp_bluetooth_zephyr_poll(void)", null, false, "templates/zephyr_ble/a.c", 3),
            new BindingDefinition("mp_bluetooth_helper", "static void mp_bluetooth_helper(void)", null, true, "templates/zephyr_ble/a.c", 8),
        };
        var coverage = BindingCoverage.Check(defs, Snapshot(), SnapshotPath);
        Assert.That(coverage.Implemented, Is.Empty);
        Assert.That(coverage.Stubs, Has.Count.EqualTo(41));
    }
}
