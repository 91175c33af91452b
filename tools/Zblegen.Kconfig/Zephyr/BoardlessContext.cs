using System.Text;
using System.Text.RegularExpressions;
using Zblegen.Core;
using Zblegen.Kconfig.Parsing;

namespace Zblegen.Kconfig.Zephyr;

/// <summary>A Zephyr module found in the west workspace, as its Kconfig include file needs it.</summary>
public sealed record ZephyrModule(string Name, string Dir, string RelativeDir, bool KconfigExternal, string? KconfigFile)
{
    public string UpperName => Regex.Replace(Name, "[^a-zA-Z0-9]", "_").ToUpperInvariant();
}

/// <summary>
/// The context Zephyr's build gives its Kconfig, for no board: the host runs inside MicroPython,
/// not on a Zephyr board. Zephyr's CMake writes include files into KCONFIG_BINARY_DIR before it runs
/// Kconfig; we write the same files ourselves: every architecture (as hardware model v2 does), no
/// SoC, no board, no shield, no devicetree, and the modules of the workspace. The reference and our
/// engine are both run in this context.
/// </summary>
public sealed class BoardlessContext
{
    public const string BoardName = "micropython";

    private BoardlessContext(string zephyrBase, string binaryDir, IReadOnlyDictionary<string, string> environment, IReadOnlyList<ZephyrModule> modules)
    {
        ZephyrBase = zephyrBase;
        BinaryDir = binaryDir;
        Environment = environment;
        Modules = modules;
    }

    public string ZephyrBase { get; }
    public string BinaryDir { get; }
    public IReadOnlyDictionary<string, string> Environment { get; }
    public IReadOnlyList<ZephyrModule> Modules { get; }

    public KconfigContext KconfigContext => new(ZephyrBase, "Kconfig", Environment, PreprocessorFunctions.Zephyr);

    /// <summary>Writes the include files into binaryDir (created if needed) and returns the context.</summary>
    public static BoardlessContext Create(string zephyrBase, string? workspace, string version, string binaryDir)
    {
        zephyrBase = Path.GetFullPath(zephyrBase);
        binaryDir = Path.GetFullPath(binaryDir);
        var modules = workspace is null ? new List<ZephyrModule>() : FindModules(workspace);

        Write(binaryDir, "arch/Kconfig", "Zephyr Arch Kconfig",
            ReadArchs(zephyrBase).Select(a => $"osource \"$(ZEPHYR_BASE)/arch/{a}/Kconfig\""));
        foreach (var (file, what) in new[] { ("Kconfig.defconfig", "Zephyr SoC defconfig"), ("Kconfig", "Zephyr SoC Kconfig"), ("Kconfig.soc", "SoC Kconfig"), ("Kconfig.sysbuild", "Sysbuild SoC Kconfig") })
            Write(binaryDir, "soc/" + file, what, Array.Empty<string>());
        foreach (var (file, what) in new[] { ("Kconfig.defconfig", "Zephyr board defconfig"), ($"Kconfig.{BoardName}", "board Kconfig"), ("Kconfig", "Zephyr board Kconfig"), ("Kconfig.sysbuild", "Sysbuild board Kconfig") })
            Write(binaryDir, "boards/" + file, what, Array.Empty<string>());
        File.WriteAllText(Path.Combine(binaryDir, "Kconfig.modules"), ModulesKconfig(modules));
        Directory.CreateDirectory(Path.Combine(binaryDir, "toolchain"));
        Directory.CreateDirectory(Path.Combine(binaryDir, "app"));

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ZEPHYR_BASE"] = zephyrBase,
            ["srctree"] = zephyrBase,
            ["KERNELVERSION"] = KernelVersion(version),
            ["APPVERSION"] = "",
            ["APP_VERSION_EXTENDED_STRING"] = "",
            ["APP_VERSION_TWEAK_STRING"] = "",
            ["CONFIG_"] = "CONFIG_",
            ["KCONFIG_CONFIG"] = Path.Combine(binaryDir, ".config"),
            ["KCONFIG_BOARD_DIR"] = Path.Combine(binaryDir, "boards"),
            ["BOARD"] = BoardName,
            ["BOARD_REVISION"] = "",
            ["BOARD_QUALIFIERS"] = "",
            ["HWM_SCHEME"] = "v2",
            ["KCONFIG_BINARY_DIR"] = binaryDir,
            ["APPLICATION_SOURCE_DIR"] = Path.Combine(binaryDir, "app"),
            ["ZEPHYR_TOOLCHAIN_VARIANT"] = "",
            ["TOOLCHAIN_KCONFIG_DIR"] = Path.Combine(binaryDir, "toolchain"),
            ["TOOLCHAIN_HAS_NEWLIB"] = "n",
            ["TOOLCHAIN_HAS_PICOLIBC"] = "n",
            ["EDT_PICKLE"] = "",
            ["ARCH"] = "*",
            ["ARCH_DIR"] = Path.Combine(zephyrBase, "arch"),
        };
        // Zephyr names a Kconfig file for every folder of its own modules/ that has one.
        foreach (var k in Directory.GetFiles(Path.Combine(zephyrBase, "modules"), "Kconfig", SearchOption.AllDirectories)
                     .Where(f => Path.GetDirectoryName(Path.GetDirectoryName(f)) == Path.Combine(zephyrBase, "modules")))
            env[$"ZEPHYR_{Sanitize(Path.GetFileName(Path.GetDirectoryName(k))!)}_KCONFIG"] = k;
        foreach (var m in modules)
        {
            env[$"ZEPHYR_{m.UpperName}_MODULE_DIR"] = m.Dir;
            if (m.KconfigFile is not null) env[$"ZEPHYR_{m.UpperName}_KCONFIG"] = m.KconfigFile;
        }
        return new BoardlessContext(zephyrBase, binaryDir, env, modules);
    }

    /// <summary>KERNELVERSION as Zephyr's version.cmake forms it: 0x, major, then minor, patch and tweak as two hex digits.</summary>
    public static string KernelVersion(string version)
    {
        var p = version.Split('.').Select(int.Parse).Concat(new[] { 0, 0, 0 }).ToArray();
        return $"0x{p[0]:X}{p[1]:X2}{p[2]:X2}{p[3]:X2}";
    }

    private static string Sanitize(string name) => Regex.Replace(name, "[^a-zA-Z0-9]", "_").ToUpperInvariant();

    private static void Write(string binaryDir, string rel, string what, IEnumerable<string> lines)
    {
        var path = Path.Combine(binaryDir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder($"# Load {what} descriptions.\n");
        foreach (var l in lines) sb.Append(l).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Architecture folders listed in arch/archs.yml.</summary>
    private static IEnumerable<string> ReadArchs(string zephyrBase)
    {
        var path = Path.Combine(zephyrBase, "arch", "archs.yml");
        if (!File.Exists(path))
            throw new ZblegenException($"{path}: missing, so this Zephyr tree has no hardware model v2 arch list; use a Zephyr 4.x tree");
        return File.ReadAllLines(path)
            .Select(l => Regex.Match(l, @"^\s+path:\s*(\S+)\s*$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    /// <summary>Modules: folders under the workspace's modules/ that hold zephyr/module.yml.</summary>
    public static List<ZephyrModule> FindModules(string workspace)
    {
        var root = Path.Combine(workspace, "modules");
        if (!Directory.Exists(root)) return new List<ZephyrModule>();
        var list = new List<ZephyrModule>();
        foreach (var yml in Directory.EnumerateFiles(root, "module.yml", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 }))
        {
            if (Path.GetFileName(Path.GetDirectoryName(yml)) != "zephyr") continue;
            var dir = Path.GetDirectoryName(Path.GetDirectoryName(yml))!;
            var text = File.ReadAllLines(yml);
            var name = text.Select(l => Regex.Match(l, @"^name:\s*(\S+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? Path.GetFileName(dir);
            var ext = text.Any(l => Regex.IsMatch(l, @"^\s+kconfig-ext:\s*(True|true)\s*$"));
            var setting = text.Select(l => Regex.Match(l, @"^\s+kconfig:\s*(\S+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            string? kconfig = null;
            if (!ext)
            {
                var k = Path.Combine(dir, setting ?? "zephyr/Kconfig");
                if (File.Exists(k)) kconfig = k;
            }
            list.Add(new ZephyrModule(name, dir, Path.GetRelativePath(workspace, dir).Replace('\\', '/'), ext, kconfig));
        }
        return list.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Kconfig.modules as Zephyr's module script writes it (menu titles with workspace-relative paths).</summary>
    private static string ModulesKconfig(IEnumerable<ZephyrModule> modules)
    {
        var sb = new StringBuilder();
        foreach (var m in modules)
        {
            var opts = $"config ZEPHYR_{m.UpperName}_MODULE\n\tbool\n\tdefault y\n";
            if (m.KconfigExternal || m.KconfigFile is not null)
            {
                var source = m.KconfigExternal ? $"$(ZEPHYR_{m.UpperName}_KCONFIG)" : $"$(ZEPHYR_{m.UpperName}_MODULE_DIR)/{Path.GetRelativePath(m.Dir, m.KconfigFile!).Replace('\\', '/')}";
                sb.Append($"menu \"{m.Name} ({m.RelativeDir})\"\nosource \"{source}\"\n").Append(opts).Append("endmenu\n");
            }
            else
            {
                sb.Append(opts);
            }
        }
        return sb.ToString();
    }
}
