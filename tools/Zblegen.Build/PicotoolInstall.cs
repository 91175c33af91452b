using Zblegen.Core;

namespace Zblegen.Build;

/// <summary>
/// The picotool the rp2 port's pico-sdk needs to make firmware.uf2 (without one it tries to clone picotool from the
/// network). Taken from PICOTOOL_FETCH_FROM_GIT_PATH when set; otherwise built once into the build cache from the
/// picotool source beside the MicroPython tree (the layout shared/upstream/checkout.sh makes).
/// </summary>
internal sealed class PicotoolInstall
{
    private readonly UpstreamTree _micropython;
    private readonly string _versionDir;
    private readonly MakeRunner _runner;

    public PicotoolInstall(UpstreamTree micropython, string versionDir, MakeRunner runner)
    {
        _micropython = micropython;
        _versionDir = versionDir;
        _runner = runner;
    }

    /// <summary>The folder to give pico-sdk as PICOTOOL_FETCH_FROM_GIT_PATH (it holds picotool/picotoolConfig.cmake).</summary>
    public string Ensure()
    {
        var given = Environment.GetEnvironmentVariable("PICOTOOL_FETCH_FROM_GIT_PATH");
        if (!string.IsNullOrEmpty(given))
            return Checked(given, "PICOTOOL_FETCH_FROM_GIT_PATH");
        var prefix = Path.Combine(_versionDir, "picotool-install");
        if (File.Exists(ConfigFile(prefix)))
            return prefix;
        var source = Path.GetFullPath(Path.Combine(_micropython.Root, "..", "picotool"));
        if (!File.Exists(Path.Combine(source, "CMakeLists.txt")))
            throw new ZblegenException($"no picotool for the rp2 build: {source} holds no picotool source; lay the trees out with shared/upstream/checkout.sh, or set PICOTOOL_FETCH_FROM_GIT_PATH to an installed picotool (pico-sdk 2.2 needs picotool 2.1.1 or newer)");
        var build = Path.Combine(_versionDir, "picotool-build");
        var sdk = Path.Combine(_micropython.Root, "lib", "pico-sdk");
        // No libusb: zblegen only needs picotool to turn the ELF into a UF2, never to talk to a board.
        _runner.RunTool("cmake", _versionDir, ["-S", source, "-B", build, $"-DPICO_SDK_PATH={sdk}", "-DPICOTOOL_NO_LIBUSB=1",
            "-DPICOTOOL_FLAT_INSTALL=1", $"-DCMAKE_INSTALL_PREFIX={prefix}"], "picotool");
        _runner.RunTool("cmake", _versionDir, ["--build", build, $"-j{Math.Max(1, Environment.ProcessorCount)}"], "picotool-build");
        _runner.RunTool("cmake", _versionDir, ["--install", build], "picotool-install");
        return Checked(prefix, "the picotool zblegen built");
    }

    private static string ConfigFile(string prefix) => Path.Combine(prefix, "picotool", "picotoolConfig.cmake");

    private static string Checked(string prefix, string how) => File.Exists(ConfigFile(prefix))
        ? Path.GetFullPath(prefix)
        : throw new ZblegenException($"{how} ({prefix}) holds no picotool/picotoolConfig.cmake; install picotool there with -DPICOTOOL_FLAT_INSTALL=1");
}
