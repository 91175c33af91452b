namespace Zblegen.Generator;

/// <summary>
/// How one host source is compiled for a port: the compiler and the flags, with the three roots
/// left as placeholders so the make/cmake fragments and the tests share one recipe.
/// </summary>
public sealed record HostCompile(string Compiler, IReadOnlyList<string> Flags, IReadOnlyList<string> Sources, IReadOnlyList<string> GeneratedSources,
    IReadOnlyList<string> MbedtlsSources, IReadOnlyList<string> BindingSources, IReadOnlyList<string> BindingDefines, IReadOnlyList<string> BindingIncludeDirs)
{
    public const string ZephyrBase = "$(ZEPHYR_BASE)";
    public const string Generated = "$(ZEPHYR_BLE_DIR)";
    public const string MicroPython = "$(MICROPY_DIR)";

    /// <summary>Generated C that is MicroPython's, not the host's (the binding, its stubs, the port hooks): the port's
    /// build compiles it with MicroPython's headers and flags (micropython.mk), so the host recipe leaves it out.</summary>
    public static bool IsBindingSource(string file) => file.StartsWith("modbluetooth_zephyr") && file.EndsWith(".c") && !file.Contains('/');

    /// <summary>The recipe for a rendered generation: generated headers first, so they shadow Zephyr's.</summary>
    public static HostCompile For(GenerationResult result) => For(result.Model, result.Files.Keys);

    /// <summary>The recipe for a model and the generated files (paths relative to zephyr_ble/).</summary>
    public static HostCompile For(GenerationModel model, IEnumerable<string> generatedFiles)
    {
        // The host is C11; optimisation stays the port's choice.
        var flags = new List<string> { "-std=gnu11" };
        flags.AddRange(model.Target.CpuFlags);
        flags.AddRange(model.ZephyrBuild.Warnings);
        flags.AddRange(model.Target.Defines.Select(d => "-D" + d));
        if (model.Config.Enabled("ENFORCE_ZEPHYR_STDINT"))
            flags.AddRange(new[] { "-imacros", $"{ZephyrBase}/{model.ZephyrBuild.StdintImacros}" });
        flags.AddRange(new[] { "-imacros", $"{Generated}/include/zephyr/autoconf.h", "-include", $"{Generated}/include/zephyr_ble_target.h" });
        flags.AddRange(new[] { $"-I{Generated}/include", $"-I{Generated}/hal", $"-I{Generated}/hci" });
        flags.AddRange(model.ZephyrBuild.IncludeDirs.Concat(model.Config.IncludeDirs).Select(d => $"-I{ZephyrBase}/{d}"));
        // PSA Crypto for the host's crypto_psa.c/ecc.c comes from MicroPython's own mbedtls.
        flags.Add($"-I{MicroPython}/lib/mbedtls/include");
        var files = generatedFiles.Order(StringComparer.Ordinal).ToArray();
        var generatedC = files.Where(k => k.EndsWith(".c") && !IsBindingSource(k)).Select(k => $"{Generated}/{k}").ToArray();
        var bindingC = files.Where(IsBindingSource).Select(k => $"{Generated}/{k}").ToArray();
        var sources = model.Config.Sources.Concat(model.ZephyrBuild.LibrarySources).Select(s => $"{ZephyrBase}/{s}").ToArray();
        // The host's own crypto needs PSA from MicroPython's mbedtls, compiled as the port compiles the rest of it.
        var mbedtls = model.Config.Enabled("BT_HOST_CRYPTO")
            ? model.MicropythonBuild.MbedtlsPsaSources.Select(s => $"{MicroPython}/{s}").ToArray()
            : Array.Empty<string>();
        // Every firmware file sees the bluetooth module on with this backend and synchronous IRQs (as NimBLE's), and
        // can include the integration's headers (the binding and the port's glue do).
        var bindingDefines = new List<string> { "MICROPY_PY_BLUETOOTH=1", "MICROPY_BLUETOOTH_ZEPHYR=1", "MICROPY_PY_BLUETOOTH_USE_SYNC_EVENTS=1" };
        // The module's optional features follow the profile: each is on when the host has what it needs.
        if (model.Config.Enabled("BT_SMP"))
            bindingDefines.Add("MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING=1");
        if (model.Config.Enabled("BT_L2CAP_DYNAMIC_CHANNEL"))
            bindingDefines.Add("MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS=1");
        // Raw HCI commands come with the profile that exposes everything (the one with LE channels).
        if (model.Config.Enabled("BT_L2CAP_DYNAMIC_CHANNEL"))
            bindingDefines.Add("MICROPY_PY_BLUETOOTH_ENABLE_HCI_CMD=1");
        if (mbedtls.Length > 0)
            bindingDefines.Add("MBEDTLS_USER_CONFIG_FILE=\"zephyr_ble_mbedtls.h\"");
        var bindingIncludes = new[] { Generated, $"{Generated}/include", $"{Generated}/hal", $"{Generated}/hci", $"{ZephyrBase}/include" };
        return new HostCompile(model.Target.Compiler, flags, sources, generatedC, mbedtls, bindingC, bindingDefines, bindingIncludes);
    }

    /// <summary>The same recipe with the placeholders replaced by real folders.</summary>
    public HostCompile Resolve(string zephyrBase, string generated, string micropython)
    {
        string R(string s) => s.Replace(ZephyrBase, zephyrBase).Replace(Generated, generated).Replace(MicroPython, micropython);
        return this with
        {
            Flags = Flags.Select(R).ToArray(),
            Sources = Sources.Select(R).ToArray(),
            GeneratedSources = GeneratedSources.Select(R).ToArray(),
            MbedtlsSources = MbedtlsSources.Select(R).ToArray(),
            BindingSources = BindingSources.Select(R).ToArray(),
            BindingIncludeDirs = BindingIncludeDirs.Select(R).ToArray(),
        };
    }
}
