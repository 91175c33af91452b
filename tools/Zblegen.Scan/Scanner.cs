using Zblegen.Clang;
using Zblegen.Core;

namespace Zblegen.Scan;

/// <summary>Runs every scan and writes their snapshots together, or nothing at all.</summary>
public sealed class Scanner
{
    private readonly TextWriter _progress;

    public Scanner(TextWriter progress) => _progress = progress;

    public IReadOnlyList<string> Run(UpstreamTree micropython, UpstreamTree zephyr, string outDir)
    {
        var output = new AtomicOutput(outDir);
        output.EnsureWritable();
        using var index = new ClangIndex();
        _progress.WriteLine($"libclang: {ClangIndex.Version}");

        var host = TargetCompiler.Host.ClangArguments();
        var mp = new ModbluetoothScanner(index, host).Scan(micropython);
        _progress.WriteLine($"MicroPython {mp.Micropython}: {mp.Functions.Count} functions ({mp.Functions.Count(f => f.ImplementedBy == Provider.Backend)} for the backend), {mp.Constants.Count} constants, {mp.Options.Count} options");
        output.Stage($"micropython-{micropython.Version}/modbluetooth.json", SnapshotJson.Serialize(mp));

        var includes = new HostIncludeScanner(index, _progress).Scan(zephyr);
        _progress.WriteLine($"Zephyr {includes.Zephyr}: {includes.Sources.Count} host sources, {includes.Headers.Count} headers reached");
        output.Stage($"zephyr-{zephyr.Version}/host-includes.json", SnapshotJson.Serialize(includes));
        return output.Commit();
    }
}
