using System.Text.RegularExpressions;
using Zblegen.Clang;

namespace Zblegen.Generator.Usage;

/// <summary>
/// Finds the iterable sections of translation units parsed through the shadow sys/iterable_sections.h:
/// entries are variables placed in a section "zb_it_TYPE.ENTRY", uses refer to __start_zb_it_TYPE.
/// The linker fragment needs every type used and whether its entries may live in flash.
/// </summary>
public sealed partial class IterableCollector
{
    private readonly SortedDictionary<string, (long Align, int Const, int Writable, SortedSet<string> UsedBy)> _types = new(StringComparer.Ordinal);

    [GeneratedRegex("""section\("zb_it_([A-Za-z0-9_]+)\.""")]
    private static partial Regex EntrySection();

    private const string StartPrefix = "__start_zb_it_";

    public void Collect(TranslationUnit tu, string source)
    {
        foreach (var decl in tu.Root.MainFileVariables())
        {
            var name = decl.Spelling;
            if (name.StartsWith(StartPrefix, StringComparison.Ordinal))
            {
                // TYPE_SECTION_FOREACH/GET/COUNT declare the array start where they are used.
                Add(name[StartPrefix.Length..], decl.TypeAlignment, 0, 0, source);
                continue;
            }
            // Entries have static storage: file scope or static locals (pretty-printing every local would be slow).
            if (decl.StorageClass == StorageClass.Extern
                || (decl.StorageClass != StorageClass.Static && decl.SemanticParent?.Kind != CursorKind.TranslationUnit))
                continue;
            var m = EntrySection().Match(decl.PrettyPrinted);
            if (m.Success)
                Add(m.Groups[1].Value, decl.TypeAlignment, decl.IsConstObject ? 1 : 0, decl.IsConstObject ? 0 : 1, source);
        }
    }

    private void Add(string name, long align, int constEntries, int writableEntries, string source)
    {
        var t = _types.TryGetValue(name, out var found) ? found : (Align: align, Const: 0, Writable: 0, UsedBy: new SortedSet<string>(StringComparer.Ordinal));
        t.UsedBy.Add(source);
        _types[name] = (Math.Max(t.Align, align), t.Const + constEntries, t.Writable + writableEntries, t.UsedBy);
    }

    public IReadOnlyList<IterableSection> Result() =>
        _types.Select(t => new IterableSection(t.Key, t.Value.Align, t.Value.Const, t.Value.Writable, t.Value.UsedBy.ToArray())).ToArray();
}
