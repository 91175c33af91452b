using System.Text.Json;

namespace Zblegen.Core;

/// <summary>A BLE host stack a MicroPython build can carry: a port's stock one, or the Zephyr host zblegen puts in.</summary>
public enum HostStack { NimBle, BtStack, Zephyr }

/// <summary>How MicroPython's port builds: make, or CMake (which takes the integration as a user module).</summary>
public enum BuildSystem { Make, CMake }

/// <summary>What a port's build leaves for the user: the unix program, the firmware image a board is flashed with, or the ELF
/// an emulated board (QEMU) loads.</summary>
public enum ImageKind { Executable, Dfu, Uf2, Elf }

/// <summary>
/// One port of bindings/build.json and all its facts: MicroPython's port folder and board (ports/PORT/BOARD holds ours),
/// how that port builds and what it leaves, its stock host stack, its compiler and CPU flags, and what its board tells
/// Zephyr's headers. UsesMpbthciport: the port runs the host from mpbthciport.c's soft timer and scheduler node (the
/// boards), so the integration's modbluetooth_zephyr_port.c holds the hooks such ports share; unix has its own thread
/// and hooks. StockStack is null where the port has no one stock stack (unix builds either) or, on a board QEMU runs,
/// where its stock build has no BLE host (the qemu port). Qemu is set for a board QEMU emulates: its firmware runs there.
/// </summary>
public sealed record PortTarget(string Board, string MicropythonPort, BuildSystem BuildSystem, ImageKind Image, HostStack? StockStack,
    string Compiler, IReadOnlyList<string> CpuFlags, string Arch, IReadOnlyList<string> Defines, string HciBus, string HciName,
    PortLinker Linker, bool UsesMpbthciport, QemuMachine? Qemu = null)
{
    /// <summary>The file the port's build leaves in its build folder for the user.</summary>
    public string ImageFile => Image switch
    {
        ImageKind.Dfu => "firmware.dfu",
        ImageKind.Uf2 => "firmware.uf2",
        ImageKind.Elf => "firmware.elf",
        _ => "micropython",
    };

    /// <summary>A board is a port built into a firmware image (unix builds a program instead).</summary>
    public bool IsFirmware => Image != ImageKind.Executable;
}

/// <summary>
/// The QEMU program and machine that run a board's firmware.elf (qemu-system-arm, mps2-an500), and the RAM address,
/// outside the image, where QEMU's loader device leaves each instance its random seed (the board folder's mpboard.h
/// reads it there).
/// </summary>
public sealed record QemuMachine(string System, string Machine, string SeedAddress)
{
    public uint SeedAddressValue => Convert.ToUInt32(SeedAddress, 16);
}

/// <summary>
/// Where zephyr_ble_sections.ld inserts its output sections into the port's link (see that template): read-only
/// iterables after RodataAfter (null: the port keeps none in flash), writable ones after DataAfter, loaded from flash
/// right after LoadAfter's load image (null: loaded where they run, as on unix); FlashRegion bounds that image.
/// The Composed regions are for a port whose script a board folder composes with the fragment inside it, after its
/// MEMORY (zephyr_ble_compose_linker_script in zephyr_ble.cmake): the data then runs in ComposedRunRegion and its
/// image goes to ComposedLoadRegion with AT&gt;, so that region's later sections and its end-of-image symbol follow it;
/// LoadAfter is unused there. (ld would run a section in its AT&gt; region too when it names no run region.)
/// RunRegion names zb_it_data's region in a port whose regions carry no attributes ld could pick one by (the qemu
/// port's one RAM): ld warns that the fragment names it before the port's script declares it, and links.
/// </summary>
public sealed record PortLinker(string? RodataAfter, string DataAfter, string? LoadAfter, string? FlashRegion,
    string? ComposedRunRegion = null, string? ComposedLoadRegion = null, string? RunRegion = null);

/// <summary>
/// The ports of bindings/build.json, by the integration's port name (the key, which is also the profile overlay's name
/// in bindings/profiles/ports): the one place a port or board is named. Adding a target is one entry here and its
/// board folder under ports/.
/// </summary>
public sealed record TargetRegistry(IReadOnlyDictionary<string, PortTarget> Ports)
{
    public static string PathIn(RepoLayout repo) => Path.Combine(repo.Bindings, "build.json");

    public static TargetRegistry Load(RepoLayout repo) => Load(PathIn(repo));

    public static TargetRegistry Load(string path)
    {
        TargetRegistry? registry;
        try
        {
            registry = JsonSerializer.Deserialize<TargetRegistry>(File.ReadAllText(path), SnapshotJson.Options);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new ZblegenException($"{path}: cannot read the targets ({e.Message}); fix the JSON or restore it from git");
        }
        if (registry?.Ports is not { Count: > 0 })
            throw new ZblegenException($"{path}: no ports; add a \"ports\" object with one entry per target");
        foreach (var (port, target) in registry.Ports)
            Check(path, port, target);
        return registry;
    }

    /// <summary>The target of an integration port name.</summary>
    public PortTarget Port(string port) =>
        Ports.TryGetValue(port, out var target) ? target
        : throw new ZblegenException($"bindings/build.json: no port '{port}' (known: {string.Join(", ", Ports.Keys.Order(StringComparer.Ordinal))}); add it there and a matching overlay in bindings/profiles/ports");

    // Missing JSON members bind to null or default; catch the ones every reader relies on here, once.
    private static void Check(string path, string port, PortTarget t)
    {
        void Require(bool ok, string member, string what)
        {
            if (!ok)
                throw new ZblegenException($"{path}: port '{port}' has no {member}; add \"{member}\": {what} to its entry");
        }
        Require(!string.IsNullOrEmpty(t.Board), "board", "MicroPython's board name (its folder under ports/PORT/boards)");
        Require(!string.IsNullOrEmpty(t.MicropythonPort), "micropythonPort", "MicroPython's port folder (stm32, rp2, unix, ...)");
        Require(!string.IsNullOrEmpty(t.Compiler), "compiler", "the C compiler driver (gcc, arm-none-eabi-gcc, ...)");
        Require(t.CpuFlags is not null, "cpuFlags", "the compiler's CPU flags ([] for none)");
        Require(!string.IsNullOrEmpty(t.Arch), "arch", "the CONFIG_ symbol of the architecture");
        Require(t.Defines is not null, "defines", "the port's extra defines ([] for none)");
        Require(!string.IsNullOrEmpty(t.HciBus), "hciBus", "the bus the controller is on (UART, SPI)");
        Require(!string.IsNullOrEmpty(t.HciName), "hciName", "the HCI driver's name (H4, CYW43, ...)");
        Require(t.Linker is not null, "linker", "where the sections go in the port's link");
        Require(!t.IsFirmware || t.StockStack is not null || t.Qemu is not null, "stockStack", "the host stack of the board's stock build (nimble or btstack)");
        Require(t.Qemu is null || (!string.IsNullOrEmpty(t.Qemu.System) && !string.IsNullOrEmpty(t.Qemu.Machine) && t.Qemu.SeedAddress?.StartsWith("0x") == true),
            "qemu", "{ \"system\": \"qemu-system-arm\", \"machine\": \"...\", \"seedAddress\": \"0x...\" }");
    }
}
