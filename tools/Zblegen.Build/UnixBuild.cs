using Zblegen.Core;

namespace Zblegen.Build;

/// <summary>The names --stack and build folders use for a <see cref="HostStack"/>.</summary>
public static class HostStacks
{
    public static HostStack Parse(string name) => name.ToLowerInvariant() switch
    {
        "nimble" => HostStack.NimBle,
        "btstack" => HostStack.BtStack,
        "zephyr" => HostStack.Zephyr,
        _ => throw new ZblegenException($"--stack {name}: unknown host stack; use nimble, btstack or zephyr"),
    };

    public static string Name(this HostStack s) => s switch
    {
        HostStack.NimBle => "nimble",
        HostStack.BtStack => "btstack",
        _ => "zephyr",
    };
}

/// <summary>
/// A generated Zephyr integration for the zephyr stack: the folder holding zephyr_ble/ (USER_C_MODULES) and a tag
/// naming the build ("" for the committed extmod-out, else e.g. the profile).
/// </summary>
public sealed record ZephyrModule(string Dir, string Tag);

/// <summary>A unix micropython binary built with one host stack talking H4 to $MICROPYBTUART.</summary>
public sealed record UnixBinary(HostStack Stack, string Path, bool Built);

/// <summary>
/// Builds the MicroPython unix port with a BLE host over H4, with MicroPython's own make and no
/// edits to its tree: the stack is chosen by make variables, and what the tree lacks comes from
/// our ports/unix by include path. Output goes to a cache folder outside the repository.
/// </summary>
public sealed class UnixBuilder
{
    private readonly RepoLayout _repo;
    private readonly UpstreamTree _micropython;
    private readonly UpstreamTree? _zephyr;
    private readonly ZephyrModule _module;
    private readonly string _cacheRoot;
    private readonly MakeRunner _make;

    /// <param name="zephyr">The Zephyr tree the zephyr stack compiles the host from; the other stacks do not need it.</param>
    /// <param name="module">The integration the zephyr stack builds with (default: the committed extmod-out).</param>
    public UnixBuilder(RepoLayout repo, UpstreamTree micropython, string cacheRoot, Action<string> log, UpstreamTree? zephyr = null, ZephyrModule? module = null)
    {
        _repo = repo;
        _micropython = micropython;
        _zephyr = zephyr;
        _module = module ?? new ZephyrModule(repo.ExtmodOut, "");
        _cacheRoot = cacheRoot;
        _make = new MakeRunner(Path.Combine(cacheRoot, $"micropython-{micropython.Version}"), log);
    }

    /// <summary>Our unix variant for the Zephyr host (used through VARIANT_DIR) and the generated user C module.</summary>
    public string ZephyrVariantDir => Path.Combine(_repo.Ports, "unix", "zephyr");
    public string ZephyrModuleFile => Path.Combine(_module.Dir, "zephyr_ble", "micropython.mk");

    public string BuildDir(HostStack stack) => Path.Combine(_cacheRoot, $"micropython-{_micropython.Version}", BuildName(stack));

    private string BuildName(HostStack stack) => stack == HostStack.Zephyr && _module.Tag.Length > 0 ? $"unix-zephyr-{_module.Tag}" : $"unix-{stack.Name()}";
    public string MpyCrossDir => Path.Combine(_cacheRoot, $"micropython-{_micropython.Version}", "mpy-cross");
    public string BinaryPath(HostStack stack) => Path.Combine(BuildDir(stack), "micropython");

    /// <summary>The make variables that select the stack and its H4 transport.</summary>
    public IReadOnlyList<string> MakeVariables(HostStack stack) => stack switch
    {
        HostStack.NimBle => ["MICROPY_PY_BLUETOOTH=1", "MICROPY_BLUETOOTH_NIMBLE=1", "MICROPY_BLUETOOTH_BTSTACK=0"],
        HostStack.BtStack =>
        [
            "MICROPY_PY_BLUETOOTH=1", "MICROPY_BLUETOOTH_NIMBLE=0", "MICROPY_BLUETOOTH_BTSTACK=1",
            "MICROPY_BLUETOOTH_BTSTACK_H4=1", "MICROPY_BLUETOOTH_BTSTACK_USB=0",
            $"CFLAGS_EXTRA=-I{Path.Combine(_repo.Ports, "unix", "btstack-h4")}",
        ],
        _ => ZephyrVariables(),
    };

    private IReadOnlyList<string> ZephyrVariables()
    {
        if (!File.Exists(ZephyrModuleFile))
            throw new ZblegenException(
                $"--stack zephyr: {ZephyrModuleFile} is not generated yet, so there is no Zephyr unix build; run zblegen generate first, or use nimble or btstack");
        if (_zephyr == null)
            throw new ZblegenException("--stack zephyr: no Zephyr tree; pass --zephyr DIR or set ZEPHYR_BASE (Zephyr 4.1.0)");
        // No MICROPY_PY_BLUETOOTH make variable: extmod.mk would ask for NimBLE or BTstack; the module's flags enable bluetooth.
        return [$"VARIANT_DIR={ZephyrVariantDir}", $"USER_C_MODULES={_module.Dir}", $"ZEPHYR_BASE={_zephyr.Root}"];
    }

    /// <summary>The binary if it was built before, else null.</summary>
    public UnixBinary? Find(HostStack stack) => File.Exists(BinaryPath(stack)) ? new UnixBinary(stack, BinaryPath(stack), false) : null;

    /// <summary>Builds (incrementally) mpy-cross and the unix port for <paramref name="stack"/>.</summary>
    public UnixBinary Build(HostStack stack)
    {
        var vars = MakeVariables(stack);
        var mpyCross = Path.Combine(MpyCrossDir, "mpy-cross");
        _make.Run(Path.Combine(_micropython.Root, "mpy-cross"), [$"BUILD={MpyCrossDir}"], "mpy-cross");
        _make.ForgetOtherInputs(BuildDir(stack), [$"micropython={_micropython.Root}", .. vars]);
        _make.Run(Path.Combine(_micropython.Root, "ports", "unix"), [.. vars, $"MICROPY_MPYCROSS={mpyCross}", $"BUILD={BuildDir(stack)}"], BuildName(stack));
        if (!File.Exists(BinaryPath(stack)))
            throw new ZblegenException($"{BinaryPath(stack)}: make succeeded but left no binary; see {_make.LogPath(BuildName(stack))}");
        return new UnixBinary(stack, BinaryPath(stack), true);
    }

    /// <summary>A cached binary, else a build. The Zephyr host is always made (incrementally): its sources are ours and change.</summary>
    public UnixBinary FindOrBuild(HostStack stack, bool rebuild) => (!rebuild && stack != HostStack.Zephyr ? Find(stack) : null) ?? Build(stack);
}
