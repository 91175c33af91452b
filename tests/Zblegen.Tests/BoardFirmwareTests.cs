using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// Board firmware with the Zephyr host, built as zblegen build does: MicroPython's make, its board folder with ours
/// on top, the integration rendered for the board's port. The firmware must hold what the host needs at run time:
/// the binding and port hooks, and the iterable data in the flashed image where the HAL copies it from.
/// </summary>
[TestFixture]
[Category("Tree")]
[NonParallelizable]
public class BoardFirmwareTests
{
    // full brings SMP, privacy, L2CAP, settings and PSA (and on stm32 the libc gap, strtoul).
    [TestCase("PYBD_SF6", "gatt")]
    [TestCase("PYBD_SF6", "full")]
    [TestCase("RPI_PICO_W", "gatt")]
    [TestCase("RPI_PICO_W", "full")]
    public void Firmware_holds_the_zephyr_host_and_its_iterable_data(string boardName, string profile)
    {
        var board = BoardSpec.Parse(TargetRegistry.Load(TestPaths.Repo), boardName);
        TestPaths.ToolOrIgnore(board.Target.Compiler);
        if (board.CMake)
            TestPaths.ToolOrIgnore("cmake");
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var cache = CacheFolders.For(ProcessEnvironment.Instance).Build;
        var integration = new IntegrationPipeline(TestPaths.Repo).RenderIntoCache(profile, board.IntegrationPort, Path.Combine(cache, "generated"));
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
        if (symbols.TryGetValue("__flash_binary_end", out var end))
            Assert.That(end, Is.GreaterThanOrEqualTo(load + zb.Size), "the image the port's script marks (picotool, the flash file system's start) ends before zb_it_data's load image");

        // The image a user flashes must hold zb_it_data's bytes at its load address.
        var flashed = FlashedImage.Read(firmware);
        Assert.That(flashed.Bytes(load, (int)zb.Size), Is.EqualTo(zb.GetContents()), $"{firmware.Image} lacks zb_it_data's load image");
    }
}

/// <summary>What a board's flashed image puts where: firmware.bin (what firmware.dfu carries, from TEXT0_ADDR) on stm32, firmware.uf2 on rp2.</summary>
internal sealed class FlashedImage
{
    private readonly SortedDictionary<uint, byte[]> _blocks = new();

    public static FlashedImage Read(Firmware firmware)
    {
        var image = new FlashedImage();
        if (firmware.Board.MicroPythonPort == "stm32")
            image._blocks[0x08008000u] = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(firmware.Elf)!, "firmware.bin"));
        else
            image.ReadUf2(firmware.Image);
        return image;
    }

    // UF2: 512-byte blocks, each a target address, a payload size and the payload at offset 32.
    private void ReadUf2(string path)
    {
        var data = File.ReadAllBytes(path);
        Assert.That(data.Length % 512, Is.Zero, $"{path} is not whole UF2 blocks");
        for (var at = 0; at < data.Length; at += 512)
        {
            var block = data.AsSpan(at, 512);
            Assert.That(BitConverter.ToUInt32(block[..4]), Is.EqualTo(0x0A324655u), $"{path}: block {at / 512} has no UF2 magic");
            var address = BitConverter.ToUInt32(block[12..16]);
            var size = (int)BitConverter.ToUInt32(block[16..20]);
            _blocks[address] = block.Slice(32, size).ToArray();
        }
    }

    public byte[] Bytes(uint address, int length)
    {
        var result = new byte[length];
        var filled = 0;
        foreach (var (start, bytes) in _blocks)
        {
            var from = Math.Max(address, start);
            var to = Math.Min(address + (uint)length, start + (uint)bytes.Length);
            if (from >= to)
                continue;
            Array.Copy(bytes, (int)(from - start), result, (int)(from - address), (int)(to - from));
            filled += (int)(to - from);
        }
        Assert.That(filled, Is.EqualTo(length), $"the image covers {filled} of the {length} bytes at 0x{address:x8}");
        return result;
    }
}
