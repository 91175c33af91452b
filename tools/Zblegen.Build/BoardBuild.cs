using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Zblegen.Core;

namespace Zblegen.Build;

/// <summary>
/// A board zblegen builds firmware for: a port of bindings/build.json built into a firmware image, by the integration's
/// port name (IntegrationPort, which is also its profile overlay in bindings/profiles/ports). The board folder for the
/// zephyr stack is ports/PORT/BOARD in this repository; ports built with CMake (rp2) take the integration as a CMake
/// user module and read some inputs from the environment.
/// </summary>
public sealed record BoardSpec(string IntegrationPort, PortTarget Target)
{
    public string Board => Target.Board;
    public string MicroPythonPort => Target.MicropythonPort;
    public string ImageName => Target.ImageFile;
    public bool CMake => Target.BuildSystem == BuildSystem.CMake;

    /// <summary>The host stack of the board's stock build; null for a board QEMU runs whose stock build has none (MPS2_AN500).</summary>
    public HostStack? StockStack => Target.StockStack;

    /// <summary>Every board of the registry, in its order.</summary>
    public static IReadOnlyList<BoardSpec> Known(TargetRegistry targets) =>
        targets.Ports.Where(p => p.Value.IsFirmware).Select(p => new BoardSpec(p.Key, p.Value)).ToArray();

    public static BoardSpec Parse(TargetRegistry targets, string name) =>
        Known(targets).FirstOrDefault(b => b.Board.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ZblegenException($"--board {name}: no such board in bindings/build.json; use {string.Join(", ", targets.Ports.Values.Select(t => t.Board))}");

    /// <summary>The file in our board folder that makes it one (the port's build reads it first).</summary>
    public string BoardConfigFile => CMake ? "mpconfigboard.cmake" : "mpconfigboard.mk";
}

/// <summary>A built firmware: the ELF and the image a user flashes.</summary>
public sealed record Firmware(BoardSpec Board, HostStack Stack, string Elf, string Image, FirmwareSize Size);

/// <summary>Bytes of a firmware by kind, from its ELF: code and constants, initialised data (in flash and RAM), zeroed RAM.</summary>
public sealed record FirmwareSize(long Text, long Data, long Bss)
{
    public long Flash => Text + Data;
    public long Ram => Data + Bss;

    public static FirmwareSize Of(string elf)
    {
        using var image = ELFReader.Load<uint>(elf);
        var loads = image.Segments.Where(g => g.Type == ELFSharp.ELF.Segments.SegmentType.Load).ToArray();
        // Data is what is copied from flash to RAM at start-up: loaded elsewhere than it runs. Flags alone do not tell
        // (rp2's .data starts with RAM functions and is AX, not WA).
        bool CopiedAtStart(Section<uint> s) => loads.Any(g => s.Offset >= g.Offset && s.Offset < g.Offset + g.FileSize
            && g.PhysicalAddress + (s.Offset - g.Offset) != s.LoadAddress);
        long text = 0, data = 0, bss = 0;
        foreach (var s in image.Sections.OfType<Section<uint>>().Where(s => (s.Flags & SectionFlags.Allocatable) != 0 && s.Size > 0))
        {
            if (s.Type == SectionType.NoBits)
                bss += s.Size;
            else if ((s.Flags & SectionFlags.Writable) != 0 || CopiedAtStart(s))
                data += s.Size;
            else
                text += s.Size;
        }
        return new FirmwareSize(text, data, bss);
    }
}

/// <summary>
/// Builds a board's firmware with MicroPython's own make and no edits to its tree: the board's stock stack (NimBLE on
/// PYBD_SF6, BTstack on RPI_PICO_W), or the Zephyr host, for which the board folder is composed in the build cache:
/// MicroPython's boards/BOARD files, with ours on top (our mpconfigboard.mk or .cmake includes theirs), and
/// USER_C_MODULES is the integration rendered for the board's port.
/// </summary>
public sealed class BoardBuilder
{
    private readonly RepoLayout _repo;
    private readonly UpstreamTree _micropython;
    private readonly UpstreamTree? _zephyr;
    private readonly string _cacheRoot;
    private readonly MakeRunner _make;

    public BoardBuilder(RepoLayout repo, UpstreamTree micropython, string cacheRoot, Action<string> log, UpstreamTree? zephyr = null)
    {
        _repo = repo;
        _micropython = micropython;
        _zephyr = zephyr;
        _cacheRoot = cacheRoot;
        _make = new MakeRunner(VersionDir, log);
    }

    private string VersionDir => Path.Combine(_cacheRoot, $"micropython-{_micropython.Version}");

    public string BuildDir(BoardSpec board, HostStack stack, string tag) =>
        Path.Combine(VersionDir, $"{board.MicroPythonPort}-{board.Board}-{stack.Name()}{(tag.Length > 0 ? "-" + tag : "")}");

    /// <summary>Our board folder (the overlay) for the zephyr stack.</summary>
    public string OverlayDir(BoardSpec board) => Path.Combine(_repo.Ports, board.MicroPythonPort, board.Board);

    /// <param name="integration">For the zephyr stack: the folder holding zephyr_ble/ rendered for the board's port; tag names the build.</param>
    public Firmware Build(BoardSpec board, HostStack stack, string? integration = null, string tag = "")
    {
        var portDir = Path.Combine(_micropython.Root, "ports", board.MicroPythonPort);
        var vars = new List<string> { $"BOARD={board.Board}" };
        var env = new Dictionary<string, string>();
        if (stack == HostStack.Zephyr)
        {
            if (integration is null || !File.Exists(Path.Combine(integration, "zephyr_ble", "micropython.mk")))
                throw new ZblegenException($"--board {board.Board} --stack zephyr: no integration rendered for port {board.IntegrationPort}");
            if (_zephyr is null)
                throw new ZblegenException("--stack zephyr: no Zephyr tree; pass --zephyr DIR or set ZEPHYR_BASE (Zephyr 4.1.0)");
            // make scans USER_C_MODULES' folders for micropython.mk; CMake takes the folder holding micropython.cmake.
            var module = board.CMake ? Path.Combine(integration, "zephyr_ble") : integration;
            vars.AddRange([$"BOARD_DIR={ComposeBoardDir(board, portDir)}", $"USER_C_MODULES={module}"]);
            // Where QEMU leaves an instance's random seed is the registry's fact; the board's C reads it from here.
            if (board.Target.Qemu is { } qemu)
                vars.Add($"QEMU_SEED_ADDRESS={qemu.SeedAddress}");
            if (board.CMake)
                env["ZEPHYR_BASE"] = _zephyr.Root;
            else
                vars.Add($"ZEPHYR_BASE={_zephyr.Root}");
        }
        else if (stack != board.StockStack)
            throw new ZblegenException(board.StockStack is { } stock
                ? $"--board {board.Board} --stack {stack.Name()}: not built for this board; use {stock.Name()} (its stock build) or zephyr"
                : $"--board {board.Board} --stack {stack.Name()}: MicroPython's {board.MicroPythonPort} port has no BLE host of its own (no mpbthciport.c for NimBLE or BTstack); use zephyr");
        var mpyCrossDir = Path.Combine(VersionDir, "mpy-cross");
        _make.Run(Path.Combine(_micropython.Root, "mpy-cross"), [$"BUILD={mpyCrossDir}"], "mpy-cross");
        var mpyCross = Path.Combine(mpyCrossDir, "mpy-cross");
        if (board.CMake)
        {
            env["MICROPY_MPYCROSS"] = mpyCross;
            env["PICOTOOL_FETCH_FROM_GIT_PATH"] = new PicotoolInstall(_micropython, VersionDir, _make).Ensure();
        }
        else
            vars.Add($"MICROPY_MPYCROSS={mpyCross}");
        var buildDir = BuildDir(board, stack, tag);
        // The composed board folder is always at the same place; what it links to is this repository's overlay.
        _make.ForgetOtherInputs(buildDir, [$"micropython={_micropython.Root}", .. vars, .. env.Select(kv => $"{kv.Key}={kv.Value}"),
            .. stack == HostStack.Zephyr ? [$"overlay={OverlayDir(board)}", .. FlagFileDigests(board, integration!)] : Array.Empty<string>()]);
        var name = Path.GetFileName(buildDir);
        _make.Run(portDir, [.. vars, $"BUILD={buildDir}"], name, env);
        var elf = Path.Combine(buildDir, "firmware.elf");
        var image = Path.Combine(buildDir, board.ImageName);
        if (!File.Exists(elf) || !File.Exists(image))
            throw new ZblegenException($"{buildDir}: make succeeded but left no firmware.elf and {board.ImageName}; see {_make.LogPath(name)}");
        return new Firmware(board, stack, elf, image, FirmwareSize.Of(elf));
    }

    /// <summary>
    /// The files that set compiler flags for a zephyr build, by content: the board folder's make or CMake file and the
    /// integration's. make tracks neither flags nor these files, so a build made with other flags (a new define, ssl on)
    /// would keep its objects and its qstrs (genhdr) from before.
    /// </summary>
    private IEnumerable<string> FlagFileDigests(BoardSpec board, string integration)
    {
        var module = Path.Combine(integration, "zephyr_ble");
        var files = new[] { Path.Combine(OverlayDir(board), board.BoardConfigFile) }
            .Concat(Directory.EnumerateFiles(module, "*.mk").Concat(Directory.EnumerateFiles(module, "*.cmake")).Order(StringComparer.Ordinal));
        foreach (var file in files)
            yield return $"{Path.GetFileName(file)}={Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))}";
    }

    /// <summary>MicroPython's board folder with our overlay's files on top, as symlinks in the build cache (made afresh each build).</summary>
    private string ComposeBoardDir(BoardSpec board, string portDir)
    {
        var upstream = Path.Combine(portDir, "boards", board.Board);
        var overlay = OverlayDir(board);
        if (!Directory.Exists(upstream))
            throw new ZblegenException($"{upstream}: MicroPython {_micropython.Version} has no board {board.Board}");
        if (!File.Exists(Path.Combine(overlay, board.BoardConfigFile)))
            throw new ZblegenException($"{overlay}: no {board.BoardConfigFile}; the board folder for the zephyr stack is missing from this repository");
        var dir = Path.Combine(VersionDir, "boards", $"{board.Board}-zephyr");
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.EnumerateFiles(upstream))
            File.CreateSymbolicLink(Path.Combine(dir, Path.GetFileName(file)), file);
        foreach (var file in Directory.EnumerateFiles(overlay))
        {
            var link = Path.Combine(dir, Path.GetFileName(file));
            File.Delete(link);
            File.CreateSymbolicLink(link, file);
        }
        // Headers the port includes by a folder-relative name (qemu's mbedtls/mbedtls_config_port.h) come from folders of ours.
        foreach (var folder in Directory.EnumerateDirectories(overlay))
            Directory.CreateSymbolicLink(Path.Combine(dir, Path.GetFileName(folder)), folder);
        return dir;
    }
}
