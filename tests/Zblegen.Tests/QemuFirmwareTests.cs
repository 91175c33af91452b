using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;
using Zblegen.Generator;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Tests;

/// <summary>
/// Firmware that runs: the MPS2_AN500 image with the Zephyr host, built with the board's flags from bindings/build.json,
/// executed by QEMU and driven over its REPL pty by MicroPython's own multitest against a NimBLE unix instance.
/// </summary>
[TestFixture]
[NonParallelizable]
public class QemuFirmwareTests
{
    private static readonly string[] Tests = ["ble_gap_connect", "ble_characteristic"];

    [Test]
    [Category("Tree")]
    public void The_qemu_firmware_passes_ble_gap_connect_and_ble_characteristic_with_nimble_in_both_orders()
    {
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var board = QemuBoard();
        TestPaths.ToolOrIgnore(board.Target.Compiler);
        if (!TestPaths.OnPath(board.Target.Qemu!.System))
            Assert.Ignore($"needs {board.Target.Qemu.System} on PATH (apt-get install qemu-system-arm)");
        if (ProcessRunner.TryRun("/usr/bin/python3", ["-c", "import serial"]) is not { ExitCode: 0 })
            Assert.Ignore("needs /usr/bin/python3 with pyserial (apt-get install python3-serial): run-multitests.py drives the REPL pty with it");

        var cache = CacheFolders.For(ProcessEnvironment.Instance).Build;
        Action<string> log = m => TestContext.Progress.WriteLine(m);
        var integration = new IntegrationPipeline(TestPaths.Repo).RenderIntoCache(ProfileLibrary.DefaultProfile, board.IntegrationPort, Path.Combine(cache, "generated"));
        var firmware = new BoardBuilder(TestPaths.Repo, micropython, cache, log, zephyr).Build(board, HostStack.Zephyr, integration, ProfileLibrary.DefaultProfile);
        var nimble = new UnixBuilder(TestPaths.Repo, micropython, cache, log, zephyr).FindOrBuild(HostStack.NimBle, rebuild: false);
        var qemu = board.Target.Qemu;
        var work = TestPaths.NewTempDir();
        var runner = new MultitestRunner(new MultitestOptions(micropython.Root,
            [new HostBinary("qemu-zephyr", firmware.Elf, new QemuHost(qemu.System, qemu.Machine, qemu.SeedAddressValue)), new HostBinary("nimble", nimble.Path)],
            Tests, work, Path.Combine(work, "captures"), BothOrders: true, TimeoutSeconds: 120), log);

        var results = runner.Run().ToList();

        TestContext.Out.Write(MultitestRunner.Table(results));
        Assert.That(results, Has.Count.EqualTo(4));
        Assert.That(results.Where(r => r.Outcome != "pass").Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    [Test]
    public void A_qemu_instance_runs_on_the_registry_machine_with_its_uarts_in_order_and_its_own_seed()
    {
        var qemu = QemuBoard().Target.Qemu!;
        var host = new QemuHost(qemu.System, qemu.Machine, qemu.SeedAddressValue);

        var args = QemuInstance.Arguments(host, "/fw/firmware.elf", "/dev/pts/7", 0x1234);

        Assert.That(string.Join(" ", args), Does.Contain("-machine mps2-an500 ")
            .And.Contain($"-icount {QemuInstance.Icount}")
            .And.Contain("-serial pty -serial /dev/pts/7")
            .And.Contain($"-device loader,addr={qemu.SeedAddress},data=0x1234,data-len=4")
            .And.EndWith("-kernel /fw/firmware.elf"));
    }

    private static BoardSpec QemuBoard() =>
        BoardSpec.Known(TargetRegistry.Load(TestPaths.Repo)).Single(b => b.Target.Qemu is not null);
}
