using System.Text;
using Zblegen.Clang;
using Zblegen.Clang.Interop;
using Zblegen.Core;

namespace Zblegen.Scan;

/// <summary>
/// Reads extmod/modbluetooth.h with libclang in the unix port's configuration, every optional
/// feature switched on so that each guarded declaration is parsed, and records the guards from tokens.
/// </summary>
public sealed class ModbluetoothScanner
{
    private const string HeaderPath = "extmod/modbluetooth.h";
    private const string ModbluetoothC = "extmod/modbluetooth.c";
    private const string OptionPrefix = "MICROPY_PY_BLUETOOTH_";
    private const string ConstantPrefix = "MP_BLUETOOTH_";
    private const string FunctionPrefix = "mp_bluetooth_";

    private readonly ClangIndex _index;
    private readonly IReadOnlyList<string> _compilerArgs;

    public ModbluetoothScanner(ClangIndex index, IReadOnlyList<string> compilerArgs)
    {
        _index = index;
        _compilerArgs = compilerArgs;
    }

    public ModbluetoothSnapshot Scan(UpstreamTree micropython)
    {
        var root = micropython.Root;
        var header = Path.Combine(root, HeaderPath);
        if (!File.Exists(header))
            throw new ZblegenException($"{header}: missing; is {root} a MicroPython tree?");

        // Pass 1: lex the header alone to learn its options and which of them guard code.
        PreprocessorMap lexed;
        using (var tu = _index.Parse(new ParseRequest(header, new[] { "-x", "c" }, ParseMode.LexOnly)))
            lexed = PreprocessorMap.Build(tu.Tokenize(header), tu.ReadBytes(header), Array.Empty<(int, int)>());
        var options = OptionDefaults(lexed, header);
        var switches = lexed.Directives
            .Where(d => d.Kind is DirectiveKind.If or DirectiveKind.Elif)
            .SelectMany(d => d.Body.Where(t => t.Kind == CXTokenKind.Identifier && t.Spelling.StartsWith(OptionPrefix)).Select(t => t.Spelling))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var defines = new[] { "NO_QSTR", "MICROPY_PY_BLUETOOTH=1" }.Concat(switches.Select(s => s + "=1")).ToArray();

        // Pass 2: parse it for real through a probe that also asks the compiler for each constant's value.
        var constantsLexed = lexed.Directives
            .Where(d => d.Kind == DirectiveKind.Define && !d.IsFunctionLike && d.MacroName!.StartsWith(ConstantPrefix))
            .GroupBy(d => d.MacroName!).Select(g => g.First()).ToArray();
        var integerNames = constantsLexed.Where(d => LooksInteger(d.Replacement, constantsLexed.Select(c => c.MacroName!))).Select(d => d.MacroName!).ToArray();
        var probe = Path.Combine(root, "zblegen-probe.c");
        var probeText = new StringBuilder($"#include \"{HeaderPath}\"\nenum zblegen_probe {{\n");
        for (var i = 0; i < integerNames.Length; i++)
            probeText.Append($"    zblegen_probe_{i} = ({integerNames[i]}),\n");
        probeText.Append("};\n");
        var args = _compilerArgs
            .Concat(new[] { "-I", root, "-I", Path.Combine(root, "ports", "unix"), "-I", Path.Combine(root, "ports", "unix", "variants", "standard") })
            .Concat(defines.Select(d => "-D" + d)).ToArray();
        using var unit = _index.Parse(new ParseRequest(probe, args) { UnsavedFiles = new Dictionary<string, string> { [probe] = probeText.ToString() } });
        var headerFile = unit.Inclusions().Select(i => i.File).FirstOrDefault(f => Path.GetFullPath(f) == Path.GetFullPath(header))
            ?? throw new ZblegenException($"{header}: the probe did not include it; check the include paths");
        var headerTokens = unit.Tokenize(headerFile);
        var map = PreprocessorMap.Build(headerTokens, unit.ReadBytes(headerFile), unit.SkippedRanges(headerFile));
        RequireEverythingParsed(headerTokens, map, header);
        var written = new WrittenTypes(headerTokens);

        var probeValues = unit.Root.Children.Where(c => c.Kind == CursorKind.EnumDecl && c.Position.File == probe)
            .SelectMany(c => c.Children).Select(c => c.EnumValue).ToArray();
        var values = integerNames.Zip(probeValues).ToDictionary(p => p.First, p => p.Second);
        var constants = constantsLexed
            .Select(d => new ConstantDefinition(d.MacroName!, PreprocessorMap.Join(d.Replacement), values.TryGetValue(d.MacroName!, out var v) ? v : null, map.GuardAt(d.Position.Offset), d.Position.Line))
            .ToArray();

        var definedInC = FunctionDefinitions(Path.Combine(root, ModbluetoothC));
        var decls = unit.Root.Children.Where(c => c.Position.File == headerFile).ToArray();
        var functions = decls
            .Where(c => c.Kind == CursorKind.FunctionDecl && c.Spelling.StartsWith(FunctionPrefix))
            .Select(c => new FunctionDeclaration(c.Spelling, written.ReturnType(c),
                c.Arguments.Select(a => new Parameter(a.Spelling, written.ParameterType(a))).ToArray(), map.GuardAt(c.Position.Offset),
                c.IsDefinition ? Provider.Header : definedInC.Contains(c.Spelling) ? Provider.Modbluetooth : Provider.Backend, c.Position.Line))
            .ToArray();
        var types = decls
            .Where(c => c.Kind == CursorKind.TypedefDecl && (c.Spelling.StartsWith("mp_bluetooth_") || c.Spelling.StartsWith("mp_obj_bluetooth_") || c.Spelling.StartsWith("mp_gatts_")))
            .Select(c => new TypeDeclaration(c.Spelling, c.UnderlyingTypeSpelling, map.GuardAt(c.Position.Offset), c.Position.Line))
            .ToArray();
        return new ModbluetoothSnapshot(micropython.Version, HeaderPath, new ScanContext("unix", defines), options, constants, functions, types);
    }

    /// <summary>The header's "#ifndef OPTION / #define OPTION default" pairs, with defaults evaluated as the header alone gives them.</summary>
    private IReadOnlyList<OptionDefault> OptionDefaults(PreprocessorMap lexed, string header)
    {
        var found = new List<Directive>();
        var ds = lexed.Directives;
        for (var i = 0; i + 1 < ds.Count; i++)
            if (ds[i].Kind == DirectiveKind.Ifndef && ds[i].BodyText.StartsWith(OptionPrefix) && ds[i + 1].Kind == DirectiveKind.Define && ds[i + 1].MacroName == ds[i].BodyText)
                found.Add(ds[i + 1]);
        var names = found.Select(d => d.MacroName!).ToArray();
        var integer = found.Where(d => LooksInteger(d.Replacement, names)).ToArray();
        var probe = Path.Combine(Path.GetDirectoryName(header)!, "zblegen-defaults.c");
        var text = new StringBuilder();
        foreach (var d in found.Where(d => integer.Contains(d)))
            text.Append($"#define {d.MacroName} {PreprocessorMap.Join(d.Replacement)}\n");
        text.Append("enum zblegen_defaults {\n");
        for (var i = 0; i < integer.Length; i++)
            text.Append($"    zblegen_default_{i} = ({integer[i].MacroName}),\n");
        text.Append("};\n");
        using var tu = _index.Parse(new ParseRequest(probe, new[] { "-x", "c" }) { UnsavedFiles = new Dictionary<string, string> { [probe] = text.ToString() } });
        var values = tu.Root.Children.Where(c => c.Kind == CursorKind.EnumDecl).SelectMany(c => c.Children).Select(c => c.EnumValue).ToArray();
        var byName = integer.Select(d => d.MacroName!).Zip(values).ToDictionary(p => p.First, p => p.Second);
        return found.Select(d => new OptionDefault(d.MacroName!, PreprocessorMap.Join(d.Replacement), byName.TryGetValue(d.MacroName!, out var v) ? v : null, d.Position.Line)).ToArray();
    }

    /// <summary>True when a macro body is an integer constant expression of literals and the named macros.</summary>
    private static bool LooksInteger(IReadOnlyList<Token> body, IEnumerable<string> knownMacros)
    {
        var known = knownMacros.ToHashSet();
        return body.Count > 0 && body.All(t => t.Kind switch
        {
            CXTokenKind.Literal => char.IsAsciiDigit(t.Spelling[0]),
            CXTokenKind.Punctuation => "()+-*/%<<>>|&^~!?:".Contains(t.Spelling) || t.Spelling is "<<" or ">>" or "&&" or "||" or "==" or "!=" or "<=" or ">=",
            CXTokenKind.Identifier => known.Contains(t.Spelling),
            _ => false,
        });
    }

    /// <summary>A declaration in a branch this scan left inactive would be silently missing: refuse that.</summary>
    private static void RequireEverythingParsed(IReadOnlyList<Token> tokens, PreprocessorMap map, string header)
    {
        var missed = tokens.FirstOrDefault(t => t.Kind == CXTokenKind.Identifier && t.Spelling.StartsWith(FunctionPrefix) && !map.IsActive(t.Position.Offset));
        if (missed != null)
            throw new ZblegenException($"{header}:{missed.Position.Line}: {missed.Spelling} is in a branch the scan leaves inactive ({map.GuardAt(missed.Position.Offset)}); the scanner must learn to enable it");
    }

    /// <summary>Names of the functions a C file defines at file scope (lexically: name, balanced parameters, then a body).</summary>
    private HashSet<string> FunctionDefinitions(string path)
    {
        using var tu = _index.Parse(new ParseRequest(path, new[] { "-x", "c" }, ParseMode.LexOnly));
        var tokens = tu.Tokenize(path);
        var map = PreprocessorMap.Build(tokens, tu.ReadBytes(path), Array.Empty<(int, int)>());
        var inDirective = map.Directives.Select(d => (d.Position.Offset, d.EndOffset)).ToArray();
        var code = tokens.Where(t => !inDirective.Any(r => r.Offset <= t.Position.Offset && t.Position.Offset < r.EndOffset)).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        for (var i = 0; i < code.Length; i++)
        {
            var s = code[i].Spelling;
            if (s == "{") depth++;
            else if (s == "}") depth--;
            else if (depth == 0 && code[i].Kind == CXTokenKind.Identifier && i + 1 < code.Length && code[i + 1].Spelling == "(")
            {
                var j = i + 1;
                var parens = 0;
                do
                {
                    parens += code[j].Spelling == "(" ? 1 : code[j].Spelling == ")" ? -1 : 0;
                    j++;
                } while (j < code.Length && parens > 0);
                if (j < code.Length && code[j].Spelling == "{")
                    names.Add(code[i].Spelling);
            }
        }
        return names;
    }
}
