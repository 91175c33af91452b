using Zblegen.Clang;
using Zblegen.Clang.Interop;
using Zblegen.Core;

namespace Zblegen.Generator.Usage;

/// <summary>
/// Parses every host source a profile selects, through the generated headers, and records each
/// Zephyr kernel/sys/logging/device/devicetree/toolchain symbol it refers to and who declares it.
/// Uses nothing declares come back from the compiler as errors and are kept as unprovided.
/// </summary>
public sealed class UsageScanner
{
    private readonly ClangIndex _index;

    public UsageScanner(ClangIndex index) => _index = index;

    public UsageSnapshot Scan(GenerationResult result, UpstreamTree zephyr, UpstreamTree micropython, TargetCompiler compiler)
    {
        var generated = Path.Combine(Path.GetTempPath(), "zblegen-usage", Guid.NewGuid().ToString("N"), Generation.OutputFolder);
        try
        {
            foreach (var (rel, text) in result.Files)
            {
                var path = Path.Combine(generated, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            var recipe = HostCompile.For(result).Resolve(zephyr.Root, generated, micropython.Root);
            var args = compiler.ClangArguments().Where(a => a != "-std=gnu11").Concat(recipe.Flags.Where(f => !f.StartsWith("-W"))).ToArray();
            var uses = new SortedDictionary<(string Name, string Kind, string Provider, string Header), SortedSet<string>>();
            var unprovided = new SortedSet<(string, string)>();
            var classify = new Classifier(zephyr.Root, generated);
            var iterables = new IterableCollector();
            foreach (var source in recipe.Sources)
            {
                var rel = Path.GetRelativePath(zephyr.Root, source).Replace('\\', '/');
                using var tu = _index.Parse(new ParseRequest(source, args, ParseMode.Analyse));
                iterables.Collect(tu, rel);
                foreach (var d in tu.Diagnostics.Where(d => d.Severity >= CXDiagnosticSeverity.Error))
                    unprovided.Add(($"{classify.Display(d.Position.File)}:{d.Position.Line}", d.Message));
                foreach (var (_, target) in tu.Root.MainFileReferences())
                {
                    var where = classify.Provider(target.Position.File);
                    if (where == null)
                        continue;
                    var key = (Name(target), Kind(target.Kind), where.Value.Provider, where.Value.Header);
                    if (!uses.TryGetValue(key, out var users))
                        uses[key] = users = new SortedSet<string>(StringComparer.Ordinal);
                    users.Add(rel);
                }
            }
            // The HAL's own C (the SYS_INIT runner, settings) iterates too; its symbol uses are not the host's.
            foreach (var source in recipe.GeneratedSources)
            {
                using var tu = _index.Parse(new ParseRequest(source, args, ParseMode.Analyse));
                iterables.Collect(tu, "zephyr_ble/" + Path.GetRelativePath(generated, source).Replace('\\', '/'));
            }
            var symbols = uses.Select(u => new SymbolUse(u.Key.Name, u.Key.Kind, u.Key.Provider, u.Key.Header, u.Value.ToArray()))
                .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Kind, StringComparer.Ordinal).ToArray();
            var counts = new UsageCounts(symbols.Length, symbols.Count(s => s.Provider == "real"), symbols.Count(s => s.Provider == "shadow"),
                symbols.Count(s => s.Provider == "hal"), symbols.Select(s => s.Header).Distinct().Count());
            var model = result.Model;
            return new UsageSnapshot(model.ZephyrVersion, model.Profile, model.Port, counts, symbols,
                unprovided.Select(u => new UnprovidedUse(u.Item1, u.Item2)).ToArray(), iterables.Result());
        }
        finally
        {
            var top = Path.GetDirectoryName(generated)!;
            if (Directory.Exists(top))
                Directory.Delete(top, recursive: true);
        }
    }

    private static string Name(Cursor c) =>
        c.Kind == CursorKind.FieldDecl && c.SemanticParent is { } parent ? $"{parent.Spelling}.{c.Spelling}" : c.Spelling;

    private static string Kind(CursorKind kind) => kind switch
    {
        CursorKind.FunctionDecl => "function",
        CursorKind.MacroDefinition => "macro",
        CursorKind.TypedefDecl => "type",
        CursorKind.StructDecl => "struct",
        CursorKind.UnionDecl => "union",
        CursorKind.EnumDecl => "enum",
        CursorKind.EnumConstantDecl => "constant",
        CursorKind.VarDecl => "variable",
        CursorKind.FieldDecl => "field",
        _ => "other",
    };

    /// <summary>Sorts a declaring file into real Zephyr header, shadow or HAL; null for everything else.</summary>
    private sealed class Classifier(string zephyrRoot, string generated)
    {
        private readonly string _zephyrInclude = Path.Combine(zephyrRoot, "include") + "/";
        private readonly string _shadow = Path.Combine(generated, "include") + "/";
        private readonly string _hal = Path.Combine(generated, "hal") + "/";

        public (string Provider, string Header)? Provider(string file)
        {
            if (file.Length == 0)
                return null;
            var full = Path.GetFullPath(file);
            if (full.StartsWith(_shadow))
            {
                // CONFIG_ values and board facts are configuration, not symbols something must provide.
                var shadow = full[_shadow.Length..];
                return shadow is "zephyr/autoconf.h" or "zephyr_ble_target.h" ? null : ("shadow", shadow);
            }
            if (full.StartsWith(_hal))
                return ("hal", "hal/" + full[_hal.Length..]);
            if (!full.StartsWith(_zephyrInclude))
                return null;
            var header = full[_zephyrInclude.Length..];
            // The Bluetooth API and net_buf are the host's own code, not the kernel it needs.
            return header.StartsWith("zephyr/bluetooth/") || header == "zephyr/net_buf.h" ? null : ("real", header);
        }

        public string Display(string file) =>
            file.StartsWith(zephyrRoot) ? Path.GetRelativePath(zephyrRoot, file).Replace('\\', '/')
            : file.StartsWith(generated) ? "zephyr_ble/" + Path.GetRelativePath(generated, file).Replace('\\', '/')
            : file;
    }
}
