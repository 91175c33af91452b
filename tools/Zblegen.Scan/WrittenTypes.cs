using Zblegen.Clang;

namespace Zblegen.Scan;

/// <summary>
/// Types as the header spells them ("bool", "const uint8_t *"), read from its tokens: clang's own
/// spelling expands macros such as bool to _Bool, which is not what generated C should say.
/// </summary>
internal sealed class WrittenTypes
{
    private static readonly HashSet<string> Specifiers = new(StringComparer.Ordinal) { "static", "inline", "extern", "__inline", "__inline__" };
    private readonly IReadOnlyList<Token> _tokens;

    public WrittenTypes(IReadOnlyList<Token> tokens) => _tokens = tokens;

    /// <summary>The tokens from the declaration's start up to its name, less storage and inline specifiers.</summary>
    public string ReturnType(Cursor function)
    {
        var (start, _) = function.Extent;
        var before = Between(start.Offset, function.Position.Offset).SkipWhile(t => Specifiers.Contains(t.Spelling)).ToArray();
        return PreprocessorMap.Join(before);
    }

    /// <summary>The parameter's tokens less its name; an array suffix stays after the type ("uint8_t [6]").</summary>
    public string ParameterType(Cursor parameter)
    {
        var (start, end) = parameter.Extent;
        var tokens = Between(start.Offset, end.Offset).ToList();
        if (parameter.Spelling.Length > 0)
            tokens.RemoveAll(t => t.Position.Offset == parameter.Position.Offset && t.Spelling == parameter.Spelling);
        return PreprocessorMap.Join(tokens);
    }

    private IEnumerable<Token> Between(int start, int end) => _tokens.Where(t => t.Position.Offset >= start && t.Position.Offset < end);
}
