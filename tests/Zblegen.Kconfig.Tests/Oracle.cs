using System.Diagnostics;
using System.Text.Json;

namespace Zblegen.Kconfig.Tests;

/// <summary>One symbol as a Kconfig implementation computed it.</summary>
internal sealed record SymbolResult(string Type, string Value, string Config);

/// <summary>Everything the differential tests compare.</summary>
internal sealed record KconfigResult(IReadOnlyDictionary<string, SymbolResult> Symbols, string Config, string Autoconf);

/// <summary>
/// Runs a reference kconfiglib (Debian's, or the one a Zephyr tree bundles) through our dump script,
/// with exactly the environment given and nothing else from this process.
/// </summary>
internal static class Oracle
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Null when the interpreter or the kconfiglib module is missing; otherwise the reason it is.</summary>
    public static string? Unavailable(string? libDir)
    {
        if (!File.Exists(Python)) return $"{Python} is missing (install Debian's python3)";
        var probe = libDir is null ? "import kconfiglib" : $"import sys; sys.path.insert(0, {JsonSerializer.Serialize(libDir)}); import kconfiglib";
        var (code, _, err) = Run(new[] { "-c", probe }, Environment.CurrentDirectory, new Dictionary<string, string>());
        return code == 0 ? null : $"kconfiglib cannot be imported ({err.Trim().Split('\n').LastOrDefault()}); install Debian's python3-kconfiglib";
    }

    public static KconfigResult Evaluate(string? libDir, string srctree, string kconfig, IReadOnlyDictionary<string, string> env, IEnumerable<string> fragments) =>
        EvaluateMany(libDir, srctree, kconfig, env, new[] { fragments.ToArray() })[0];

    /// <summary>Parses the tree once and evaluates each scenario (a list of fragments) as a fresh configuration.</summary>
    public static IReadOnlyList<KconfigResult> EvaluateMany(string? libDir, string srctree, string kconfig, IReadOnlyDictionary<string, string> env, IReadOnlyList<string[]> scenarios)
    {
        var outDir = Directory.CreateTempSubdirectory("zb-oracle-").FullName;
        try
        {
            var args = new List<string> { "-B", TestPaths.OracleScript, libDir ?? "-", kconfig, outDir };
            for (var i = 0; i < scenarios.Count; i++)
            {
                if (i > 0) args.Add("::");
                args.AddRange(scenarios[i]);
            }
            var (code, stdout, stderr) = Run(args, srctree, env);
            if (code != 0)
                throw new InvalidOperationException($"reference kconfiglib failed ({code}):\n{stdout}\n{stderr}");
            return Enumerable.Range(0, scenarios.Count).Select(i => Read(Path.Combine(outDir, $"result-{i}.json"))).ToArray();
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }

    private static KconfigResult Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var symbols = new Dictionary<string, SymbolResult>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("symbols").EnumerateObject())
            symbols[p.Name] = new SymbolResult(p.Value.GetProperty("type").GetString()!, p.Value.GetProperty("value").GetString()!, p.Value.GetProperty("config").GetString()!);
        return new KconfigResult(symbols, doc.RootElement.GetProperty("config").GetString()!, doc.RootElement.GetProperty("autoconf").GetString()!);
    }

    public static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args, string cwd, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
