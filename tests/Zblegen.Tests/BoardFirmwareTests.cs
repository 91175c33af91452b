using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// PYBD_SF6 firmware with the Zephyr host, built as zblegen build does: MicroPython's make, its board folder with ours
/// on top, the integration rendered for port pybd_sf6. The firmware must hold what the host needs at run time:
/// the binding and port hooks, and the iterable data in the flashed image where the HAL copies it from.
/// </summary>
[TestFixture]
[Category("Tree")]
[NonParallelizable]
public class BoardFirmwareTests
{
    // full brings SMP, privacy, L2CAP, settings and PSA, and the libc gap stm32 has (strtoul).
    [TestCase("gatt")]
    [TestCase("full")]
    public void Pybd_sf6_firmware_holds_the_zephyr_host_and_its_iterable_data(string profile)
    {
        TestPaths.ToolOrIgnore("arm-none-eabi-gcc");
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var cache = UnixBuilder.DefaultCacheRoot(ProcessEnvironment.Instance);
        var board = BoardSpec.Parse("PYBD_SF6");
        var integration = Generation.RenderForBuild(TestPaths.Repo, profile, board.IntegrationPort, Path.Combine(cache, "generated"));
        var firmware = new BoardBuilder(TestPaths.Repo, micropython, cache, m => TestContext.Progress.WriteLine(m), zephyr)
            .Build(board, HostStack.Zephyr, integration, profile);
        TestContext.Out.WriteLine($"{firmware.Elf}: text {firmware.Size.Text}, data {firmware.Size.Data}, bss {firmware.Size.Bss}");

        using var elf = ELFReader.Load<uint>(firmware.Elf);
        var symbols = ((ISymbolTable)elf.GetSection(".symtab")).Entries.Cast<SymbolEntry<uint>>()
            .Where(e => e.Name.Length > 0).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var name in new[] { "mp_bluetooth_init", "mp_bluetooth_gatts_notify_indicate", "bt_enable", "mp_bluetooth_hci_poll", "mp_bluetooth_zephyr_port_hci_open" })
            Assert.That(symbols, Contains.Key(name));

        var zb = (Section<uint>)elf.GetSection("zb_it_data");
        var segment = elf.Segments.Single(s => s.Type == SegmentType.Load && zb.Offset >= s.Offset && zb.Offset < s.Offset + s.FileSize);
        var load = (uint)(segment.PhysicalAddress + (zb.Offset - (uint)segment.Offset));
        Assert.That(symbols["__zb_it_data_load"], Is.EqualTo(load));
        Assert.That(symbols["__start_zb_it_net_buf_pool"], Is.LessThan(symbols["__stop_zb_it_net_buf_pool"]), "the host's buffer pools are in the array");
        // Zephyr's order: the GATT service before GAP (_1_ before _2_), whatever the link order.
        Assert.That(symbols["_1_gatt_svc"], Is.LessThan(symbols["_2_gap_svc"]));

        // firmware.bin is what firmware.dfu carries: it starts at TEXT0_ADDR and must hold zb_it_data's bytes at its load address.
        var bin = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(firmware.Elf)!, "firmware.bin"));
        var start = (int)(load - 0x08008000u);
        Assert.That(bin.Length, Is.GreaterThanOrEqualTo(start + (int)zb.Size), "firmware.bin ends before zb_it_data's load image");
        Assert.That(bin.AsSpan(start, (int)zb.Size).ToArray(), Is.EqualTo(zb.GetContents()));
    }
}
