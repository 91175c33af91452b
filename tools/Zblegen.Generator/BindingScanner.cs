using Zblegen.Clang;

namespace Zblegen.Generator;

/// <summary>A function an mp_bluetooth_ name defines in a binding file: its prototype as written, the #if guard
/// around it (the binding-wide condition aside), whether it is static, and where it stands.</summary>
public sealed record BindingDefinition(string Name, string Prototype, string? Guard, bool IsStatic, string File, int Line)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>
/// Finds the functions the binding's plain C files define, with libclang in single-file mode: no include is
/// followed, so no upstream tree is needed, and every branch whose condition names an undefined macro is
/// parsed, so a guarded definition is seen whatever the configuration.
/// </summary>
public static class BindingScanner
{
    /// <summary>The condition every binding file sits in as a whole; it is not part of a function's guard.</summary>
    public const string BindingCondition = "MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR";

    private const string Prefix = "mp_bluetooth_";

    /// <summary>Backend-looking definitions of one file; Name is templates/-relative for messages.</summary>
    public static IReadOnlyList<BindingDefinition> Scan(ClangIndex index, string path, string name)
    {
        using var unit = index.Parse(new ParseRequest(path, new[] { "-x", "c", "-nostdinc" }, ParseMode.DeclarationsOnly));
        var tokens = unit.Tokenize(path);
        var map = PreprocessorMap.Build(tokens, unit.ReadBytes(path), unit.SkippedRanges(path));
        var definitions = new List<BindingDefinition>();
        foreach (var cursor in unit.Root.Children)
        {
            if (cursor.Kind != CursorKind.FunctionDecl || !cursor.IsDefinition || !cursor.Spelling.StartsWith(Prefix) || cursor.Position.File != path)
                continue;
            var start = cursor.Extent.Start.Offset;
            var guards = map.GuardsAt(start).Where(g => g != BindingCondition && g != $"({BindingCondition})").ToArray();
            definitions.Add(new BindingDefinition(cursor.Spelling, PrototypeAt(tokens, start), guards.Length == 0 ? null : Conditions.And(guards),
                cursor.StorageClass == StorageClass.Static, name, cursor.Position.Line));
        }
        return definitions;
    }

    /// <summary>The tokens from a definition's start to its body, as written with white space folded.</summary>
    private static string PrototypeAt(IReadOnlyList<Token> tokens, int start)
    {
        var first = 0;
        while (first < tokens.Count && tokens[first].Position.Offset < start)
            first++;
        var end = first;
        while (end < tokens.Count && tokens[end].Spelling != "{")
            end++;
        return PreprocessorMap.Join(tokens.Skip(first).Take(end - first).ToArray());
    }
}
