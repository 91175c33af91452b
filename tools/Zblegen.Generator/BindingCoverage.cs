using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Scan;

namespace Zblegen.Generator;

/// <summary>
/// Which backend functions of extmod/modbluetooth.h the binding's plain C files define, and which the
/// generated modbluetooth_zephyr_stubs.c makes raise OSError(EOPNOTSUPP). Read off the C itself, and held
/// to the snapshot: each definition has the header's prototype and #if guard, each is defined once, and no
/// file defines an mp_bluetooth_ function the header does not ask a backend for.
/// </summary>
public sealed record BindingCoverage(IReadOnlyList<BindingDefinition> Implemented, IReadOnlyList<FunctionDeclaration> Stubs)
{
    /// <summary>The binding's hand-written files: plain C at the top of the output named like the backend.</summary>
    public static bool IsBindingFile(TemplateFile file) =>
        !file.IsTemplate && file.Output.StartsWith($"{Generation.OutputFolder}/modbluetooth_zephyr") && file.Output.EndsWith(".c")
        && !file.Output[(Generation.OutputFolder.Length + 1)..].Contains('/');

    /// <summary>Every mp_bluetooth_ definition of the binding's files, in file order.</summary>
    public static IReadOnlyList<BindingDefinition> Scan(TemplateSet templates)
    {
        using var index = new ClangIndex();
        return templates.Files.Where(IsBindingFile).SelectMany(f => BindingScanner.Scan(index, f.Path, $"templates/{f.Name}")).ToArray();
    }

    /// <summary>Holds the definitions to the snapshot; the first disagreement is one line naming the file and line.</summary>
    public static BindingCoverage Check(IReadOnlyList<BindingDefinition> definitions, ModbluetoothSnapshot snapshot, string snapshotPath)
    {
        var declared = snapshot.Functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var header = $"MicroPython {snapshot.Micropython}'s {snapshot.Header} ({snapshotPath})";
        var problems = new List<string>();
        var first = new Dictionary<string, BindingDefinition>(StringComparer.Ordinal);
        foreach (var d in definitions)
        {
            if (!declared.TryGetValue(d.Name, out var f))
            {
                if (!d.IsStatic && !d.Name.StartsWith("mp_bluetooth_zephyr_"))
                    problems.Add($"{d.Where}: {d.Name} is not a backend function of {header}; rename it (mp_zb_ or mp_bluetooth_zephyr_), make it static, or remove it");
                continue;
            }
            if (f.ImplementedBy != Provider.Backend)
                problems.Add($"{d.Where}: {d.Name} is provided by {(f.ImplementedBy == Provider.Header ? snapshot.Header : "extmod/modbluetooth.c")}, not by a backend; remove it");
            else if (first.TryGetValue(d.Name, out var earlier))
                problems.Add($"{d.Where}: {d.Name} is defined again (first at {earlier.Where}); keep one");
            else if (d.Prototype != f.Prototype)
                problems.Add($"{d.Where}: {d.Name} is defined as '{d.Prototype}' but {header} declares '{f.Prototype}'; write the header's prototype");
            else if (d.Guard != f.Guard)
                problems.Add($"{d.Where}: {d.Name} is defined {Under(d.Guard)} but {header} declares it {Under(f.Guard)}; define it under the header's guard");
            first.TryAdd(d.Name, d);
        }
        if (problems.Count > 0)
            throw new ZblegenException(problems.Count == 1 ? problems[0] : $"{problems[0]} (and {problems.Count - 1} more)");
        var backend = snapshot.Functions.Where(f => f.ImplementedBy == Provider.Backend).ToArray();
        return new BindingCoverage(
            backend.Where(f => first.ContainsKey(f.Name)).Select(f => first[f.Name]).ToArray(),
            backend.Where(f => !first.ContainsKey(f.Name)).ToArray());
    }

    private static string Under(string? guard) => guard is null ? "unconditionally" : $"under #if {guard}";
}
