using System.Runtime.InteropServices;
using System.Text;
using Zblegen.Clang.Interop;

namespace Zblegen.Clang;

public sealed record Token(CXTokenKind Kind, string Spelling, SourcePosition Position)
{
    /// <summary>Byte offset just past the token.</summary>
    public int End => Position.Offset + Encoding.UTF8.GetByteCount(Spelling);
}

/// <summary>An #include that the preprocessor entered: the file and the chain of files that included it.</summary>
public sealed record Inclusion(string File, IReadOnlyList<SourcePosition> IncludedFrom);

/// <summary>A parsed translation unit. Cursors and tokens are read out into managed values.</summary>
public sealed unsafe class TranslationUnit : IDisposable
{
    private IntPtr _tu;
    private readonly IReadOnlyDictionary<string, byte[]> _unsaved;

    internal TranslationUnit(IntPtr tu, IReadOnlyDictionary<string, byte[]> unsaved)
    {
        _tu = tu;
        _unsaved = unsaved;
        Diagnostics = ReadDiagnostics();
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public Cursor Root => new(LibClang.clang_getTranslationUnitCursor(Handle));

    private IntPtr Handle => _tu != IntPtr.Zero ? _tu : throw new ObjectDisposedException(nameof(TranslationUnit));

    /// <summary>The bytes of a file of this unit: the unsaved copy if one was given, else the file on disk.</summary>
    public byte[] ReadBytes(string path) => _unsaved.TryGetValue(path, out var b) ? b : File.ReadAllBytes(path);

    /// <summary>Every token of a file, in order, including those in #if branches that were skipped.</summary>
    public IReadOnlyList<Token> Tokenize(string path)
    {
        var file = GetFile(path);
        var length = (uint)ReadBytes(path).Length;
        var range = LibClang.clang_getRange(LibClang.clang_getLocationForOffset(Handle, file, 0), LibClang.clang_getLocationForOffset(Handle, file, length));
        CXToken* tokens;
        uint count;
        LibClang.clang_tokenize(Handle, range, &tokens, &count);
        try
        {
            var result = new Token[count];
            for (var i = 0; i < count; i++)
            {
                var t = tokens[i];
                result[i] = new Token(LibClang.clang_getTokenKind(t), LibClang.Take(LibClang.clang_getTokenSpelling(Handle, t)),
                    Position(LibClang.clang_getTokenLocation(Handle, t)));
            }
            return result;
        }
        finally
        {
            LibClang.clang_disposeTokens(Handle, tokens, count);
        }
    }

    /// <summary>Byte ranges of a file that the preprocessor skipped (inactive #if branches).</summary>
    public IReadOnlyList<(int Start, int End)> SkippedRanges(string path)
    {
        var list = LibClang.clang_getSkippedRanges(Handle, GetFile(path));
        try
        {
            var result = new List<(int, int)>();
            var ranges = (CXSourceRange*)list->Ranges;
            for (var i = 0; i < list->Count; i++)
                result.Add((Position(LibClang.clang_getRangeStart(ranges[i])).Offset, Position(LibClang.clang_getRangeEnd(ranges[i])).Offset));
            return result;
        }
        finally
        {
            LibClang.clang_disposeSourceRangeList(list);
        }
    }

    /// <summary>Every file the preprocessor entered, with its include stack (innermost includer first).</summary>
    public IReadOnlyList<Inclusion> Inclusions()
    {
        var sink = new List<Inclusion>();
        var handle = GCHandle.Alloc(sink);
        try
        {
            LibClang.clang_getInclusions(Handle, &VisitInclusion, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return sink;
    }

    [UnmanagedCallersOnly]
    private static void VisitInclusion(IntPtr file, CXSourceLocation* stack, uint depth, IntPtr data)
    {
        var sink = (List<Inclusion>)GCHandle.FromIntPtr(data).Target!;
        var chain = new SourcePosition[depth];
        for (var i = 0; i < depth; i++)
            chain[i] = Position(stack[i]);
        sink.Add(new Inclusion(LibClang.Take(LibClang.clang_getFileName(file)), chain));
    }

    private IntPtr GetFile(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var file = LibClang.clang_getFile(Handle, p);
            return file != IntPtr.Zero ? file : throw new ArgumentException($"{path} is not part of this translation unit", nameof(path));
        }
    }

    /// <summary>Where the text was spelled (inside a macro definition, for expanded tokens).</summary>
    internal static SourcePosition Position(CXSourceLocation loc) => Resolve(loc, expansion: false);

    /// <summary>Where the text stands in the file being read (the macro's use, for expanded tokens).</summary>
    internal static SourcePosition ExpansionPosition(CXSourceLocation loc) => Resolve(loc, expansion: true);

    private static SourcePosition Resolve(CXSourceLocation loc, bool expansion)
    {
        IntPtr file;
        uint line, column, offset;
        if (expansion)
            LibClang.clang_getExpansionLocation(loc, &file, &line, &column, &offset);
        else
            LibClang.clang_getSpellingLocation(loc, &file, &line, &column, &offset);
        var name = file == IntPtr.Zero ? "" : LibClang.Take(LibClang.clang_getFileName(file));
        return new SourcePosition(name, (int)line, (int)column, (int)offset);
    }

    private IReadOnlyList<Diagnostic> ReadDiagnostics()
    {
        var n = LibClang.clang_getNumDiagnostics(Handle);
        var result = new List<Diagnostic>((int)n);
        for (uint i = 0; i < n; i++)
        {
            var d = LibClang.clang_getDiagnostic(Handle, i);
            try
            {
                result.Add(new Diagnostic(LibClang.clang_getDiagnosticSeverity(d), Position(LibClang.clang_getDiagnosticLocation(d)),
                    LibClang.Take(LibClang.clang_getDiagnosticSpelling(d))));
            }
            finally
            {
                LibClang.clang_disposeDiagnostic(d);
            }
        }
        return result;
    }

    public void Dispose()
    {
        if (_tu != IntPtr.Zero)
        {
            LibClang.clang_disposeTranslationUnit(_tu);
            _tu = IntPtr.Zero;
        }
    }
}
