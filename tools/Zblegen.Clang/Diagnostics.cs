using Zblegen.Clang.Interop;
using Zblegen.Core;

namespace Zblegen.Clang;

/// <summary>A place in a source file; Offset is in bytes, Line and Column count from 1.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column, int Offset)
{
    public override string ToString() => $"{File}:{Line}";
}

public sealed record Diagnostic(CXDiagnosticSeverity Severity, SourcePosition Position, string Message)
{
    public override string ToString() => Position.File.Length == 0 ? Message : $"{Position.File}:{Position.Line}: {Message}";
}

/// <summary>A source did not parse: the message is the first error as file:line: message.</summary>
public sealed class ClangParseException : ZblegenException
{
    public ClangParseException(string message, IReadOnlyList<Diagnostic> errors) : base(message) => Errors = errors;

    public IReadOnlyList<Diagnostic> Errors { get; }

    public static ClangParseException From(IReadOnlyList<Diagnostic> errors)
    {
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more errors)" : "";
        return new ClangParseException($"{errors[0]}{more}; fix the include paths or defines that reach it", errors);
    }
}

/// <summary>libclang could not be loaded at all.</summary>
public sealed class ClangUnavailableException : ZblegenException
{
    public ClangUnavailableException(string message, Exception inner) : base(message, inner) { }
}
