using Zblegen.Build;
using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Hal.Tests;

namespace Zblegen.Tests;

/// <summary>bindings/build.json is the one place a target lives: its boards, and the flags every build of a port uses.</summary>
[TestFixture]
public class TargetRegistryTests
{
    private const string Stock = "-mfpu=fpv5-d16";
    private const string Changed = "-mfpu=fpv5-sp-d16";

    [Test]
    public void A_cpu_flag_changed_in_the_registry_reaches_the_firmware_build_the_usage_scan_and_the_hal_tests()
    {
        var dir = Directory.CreateTempSubdirectory("zblegen-registry-");
        try
        {
            // A copy of build.json with PYBD_SF6's FPU changed; the real file is left alone.
            var copy = Path.Combine(dir.FullName, "build.json");
            var text = File.ReadAllText(TargetRegistry.PathIn(TestPaths.Repo));
            Assert.That(text, Does.Contain($"\"{Stock}\""));
            File.WriteAllText(copy, text.Replace($"\"{Stock}\"", $"\"{Changed}\""));
            var registry = TargetRegistry.Load(copy);

            // The firmware build compiles the host with what the generated make fragment says.
            var model = new ModelLoader(TestPaths.Repo, registry).Load("gatt", "pybd_sf6");
            var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(model);
            Assert.That(HostCompile.For(result).Flags, Does.Contain(Changed).And.Not.Contain(Stock));
            Assert.That(result.Files["zephyr_ble.mk"], Does.Contain(Changed).And.Not.Contain(Stock));
            Assert.That(BoardSpec.Parse(registry, "PYBD_SF6").Target.CpuFlags, Does.Contain(Changed));

            // The usage scan parses the port's sources with the compiler built from the same entry (UsageScan.Run).
            var compiler = TargetCompiler.For(model.Target);
            Assert.That(compiler.Flags, Does.Contain(Changed).And.Not.Contain(Stock));
            Assert.That((compiler.Driver, compiler.ClangTarget), Is.EqualTo(("arm-none-eabi-gcc", "arm-none-eabi")));

            // The HAL cross-compile and upstream tests compile for the registry's targets.
            var hal = HalTarget.Of(registry).Single(t => t.Label == "cortex-m7_PYBD_SF6");
            Assert.That(hal.Flags, Does.Contain(Changed).And.Contain("-DCONFIG_ARM=1").And.Not.Contain(Stock));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void Boards_are_the_registry_ports_built_into_images()
    {
        var registry = TargetRegistry.Load(TestPaths.Repo);
        var boards = BoardSpec.Known(registry);
        Assert.That(boards.Select(b => (b.Board, b.IntegrationPort, b.MicroPythonPort, b.StockStack, b.ImageName, b.CMake)), Is.EqualTo(new[]
        {
            ("PYBD_SF6", "pybd_sf6", "stm32", (HostStack?)HostStack.NimBle, "firmware.dfu", false),
            ("RPI_PICO_W", "rpi_pico_w", "rp2", HostStack.BtStack, "firmware.uf2", true),
            ("MPS2_AN500", "mps2_an500", "qemu", (HostStack?)null, "firmware.elf", false),
        }));
        // Every board has its folder for the zephyr stack under ports/.
        foreach (var b in boards)
            Assert.That(Path.Combine(TestPaths.Repo.Ports, b.MicroPythonPort, b.Board, b.BoardConfigFile), Does.Exist);
        var e = Assert.Throws<ZblegenException>(() => BoardSpec.Parse(registry, "ESP32_GENERIC"))!;
        Assert.That(e.Message, Is.EqualTo("--board ESP32_GENERIC: no such board in bindings/build.json; use unix, PYBD_SF6, RPI_PICO_W, MPS2_AN500"));
    }

    [Test]
    public void A_board_without_a_stock_stack_is_refused_with_the_fix()
    {
        var dir = Directory.CreateTempSubdirectory("zblegen-registry-");
        try
        {
            var copy = Path.Combine(dir.FullName, "build.json");
            File.WriteAllText(copy, File.ReadAllText(TargetRegistry.PathIn(TestPaths.Repo)).Replace("\"stockStack\": \"nimble\",", ""));
            var e = Assert.Throws<ZblegenException>(() => TargetRegistry.Load(copy))!;
            Assert.That(e.Message, Does.StartWith($"{copy}: port 'pybd_sf6' has no stockStack; add \"stockStack\""));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void The_compiler_of_a_port_follows_from_its_entry()
    {
        var registry = TargetRegistry.Load(TestPaths.Repo);
        var unix = TargetCompiler.For(registry.Port("unix"));
        Assert.That((unix.Driver, unix.ClangTarget, unix.Flags.Count), Is.EqualTo((TargetCompiler.Host.Driver, (string?)null, 0)));
        var pico = TargetCompiler.For(registry.Port("rpi_pico_w"));
        Assert.That((pico.Driver, pico.ClangTarget), Is.EqualTo(("arm-none-eabi-gcc", "arm-none-eabi")));
        Assert.That(pico.Flags, Is.EqualTo(new[] { "-mcpu=cortex-m0plus", "-mthumb" }));
    }
}
