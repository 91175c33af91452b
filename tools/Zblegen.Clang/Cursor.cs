using System.Runtime.InteropServices;
using Zblegen.Clang.Interop;

namespace Zblegen.Clang;

/// <summary>The cursor kinds zblegen looks at (values from clang-c/Index.h).</summary>
public enum CursorKind
{
    StructDecl = 2, UnionDecl = 3, EnumDecl = 5, FieldDecl = 6, EnumConstantDecl = 7, FunctionDecl = 8,
    VarDecl = 9, ParmDecl = 10, TypedefDecl = 20, MemberRefExpr = 102, TranslationUnit = 350,
    MacroDefinition = 501, MacroExpansion = 502, InclusionDirective = 503,
}

public enum StorageClass { Invalid = 0, None = 1, Extern = 2, Static = 3, PrivateExtern = 4, Auto = 6, Register = 7 }

/// <summary>A libclang cursor. Valid only while its translation unit is alive.</summary>
public readonly unsafe struct Cursor
{
    private readonly CXCursor _c;

    internal Cursor(CXCursor c) => _c = c;

    /// <summary>The raw kind; compare with <see cref="CursorKind"/>, other values are kinds zblegen does not name.</summary>
    public CursorKind Kind => (CursorKind)LibClang.clang_getCursorKind(_c);
    public string Spelling => LibClang.Take(LibClang.clang_getCursorSpelling(_c));
    public SourcePosition Position => TranslationUnit.Position(LibClang.clang_getCursorLocation(_c));
    /// <summary>The text the cursor covers, as places in the file being read (macro uses, not their definitions).</summary>
    public (SourcePosition Start, SourcePosition End) Extent
    {
        get
        {
            var r = LibClang.clang_getCursorExtent(_c);
            return (TranslationUnit.ExpansionPosition(LibClang.clang_getRangeStart(r)), TranslationUnit.ExpansionPosition(LibClang.clang_getRangeEnd(r)));
        }
    }
    public string TypeSpelling => LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCursorType(_c)));
    public string ResultTypeSpelling => LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getCursorResultType(_c)));
    public string UnderlyingTypeSpelling => LibClang.Take(LibClang.clang_getTypeSpelling(LibClang.clang_getTypedefDeclUnderlyingType(_c)));
    /// <summary>True when the declared object cannot be written: its type, or an array's element type, is const.</summary>
    public bool IsConstObject
    {
        get
        {
            var t = LibClang.clang_getCursorType(_c);
            for (var element = LibClang.clang_getArrayElementType(t); element.Kind != 0; element = LibClang.clang_getArrayElementType(t))
                t = element;
            return LibClang.clang_isConstQualifiedType(t) != 0;
        }
    }
    /// <summary>Alignment in bytes of the declared type (of an array's element); negative when libclang cannot tell.</summary>
    public long TypeAlignment
    {
        get
        {
            var t = LibClang.clang_getCursorType(_c);
            var element = LibClang.clang_getArrayElementType(t);
            return LibClang.clang_Type_getAlignOf(element.Kind != 0 ? element : t);
        }
    }
    /// <summary>The declaration as clang prints it, attributes included (section names are only visible here).</summary>
    public string PrettyPrinted => LibClang.Take(LibClang.clang_getCursorPrettyPrinted(_c, IntPtr.Zero));
    public StorageClass StorageClass => (StorageClass)LibClang.clang_Cursor_getStorageClass(_c);
    public bool IsInlined => LibClang.clang_Cursor_isFunctionInlined(_c) != 0;
    /// <summary>True when the cursor stands in the translation unit's main file (where a macro was used, for expansions).</summary>
    public bool IsInMainFile => LibClang.clang_Location_isFromMainFile(LibClang.clang_getCursorLocation(_c)) != 0;
    public bool IsDefinition => LibClang.clang_isCursorDefinition(_c) != 0;
    public long EnumValue => LibClang.clang_getEnumConstantDeclValue(_c);

    /// <summary>A function's parameters; empty for other cursors.</summary>
    public IReadOnlyList<Cursor> Arguments
    {
        get
        {
            var n = LibClang.clang_Cursor_getNumArguments(_c);
            var result = new Cursor[Math.Max(n, 0)];
            for (var i = 0; i < result.Length; i++)
                result[i] = new Cursor(LibClang.clang_Cursor_getArgument(_c, (uint)i));
            return result;
        }
    }

    /// <summary>The direct children, in source order.</summary>
    public IReadOnlyList<Cursor> Children
    {
        get
        {
            var sink = new List<Cursor>();
            var handle = GCHandle.Alloc(sink);
            try
            {
                LibClang.clang_visitChildren(_c, &Visit, GCHandle.ToIntPtr(handle));
            }
            finally
            {
                handle.Free();
            }
            return sink;
        }
    }

    [UnmanagedCallersOnly]
    private static CXChildVisitResult Visit(CXCursor cursor, CXCursor parent, IntPtr data)
    {
        ((List<Cursor>)GCHandle.FromIntPtr(data).Target!).Add(new Cursor(cursor));
        return CXChildVisitResult.Continue;
    }

    /// <summary>What this cursor names (a call's function, a type reference's declaration, a macro use's definition), if anything.</summary>
    public Cursor? Referenced
    {
        get
        {
            var r = LibClang.clang_getCursorReferenced(_c);
            return LibClang.clang_Cursor_isNull(r) != 0 ? null : new Cursor(r);
        }
    }

    /// <summary>The declaration this one belongs to (a field's struct), or null at file scope.</summary>
    public Cursor? SemanticParent
    {
        get
        {
            var p = LibClang.clang_getCursorSemanticParent(_c);
            return LibClang.clang_Cursor_isNull(p) != 0 ? null : new Cursor(p);
        }
    }

    /// <summary>
    /// Every cursor of the translation unit's main file that refers to a declaration or macro,
    /// with what it refers to; subtrees from included files are not entered.
    /// </summary>
    public IReadOnlyList<(Cursor Use, Cursor Target)> MainFileReferences()
    {
        var sink = new List<(Cursor, Cursor)>();
        var handle = GCHandle.Alloc(sink);
        try
        {
            LibClang.clang_visitChildren(_c, &VisitReferences, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return sink;
    }

    [UnmanagedCallersOnly]
    private static CXChildVisitResult VisitReferences(CXCursor cursor, CXCursor parent, IntPtr data)
    {
        if (LibClang.clang_Location_isFromMainFile(LibClang.clang_getCursorLocation(cursor)) == 0)
            return CXChildVisitResult.Continue;
        var target = LibClang.clang_getCursorReferenced(cursor);
        if (LibClang.clang_Cursor_isNull(target) == 0 && !Same(target, cursor))
            ((List<(Cursor, Cursor)>)GCHandle.FromIntPtr(data).Target!).Add((new Cursor(cursor), new Cursor(target)));
        return CXChildVisitResult.Recurse;
    }

    /// <summary>
    /// Every variable declaration, at any depth, that the main file declares, directly or through a macro it
    /// uses (section-placing macros declare their variables that way); declarations of included files are not entered.
    /// </summary>
    public IReadOnlyList<Cursor> MainFileVariables()
    {
        var tu = LibClang.clang_Cursor_getTranslationUnit(_c);
        var path = LibClang.Take(LibClang.clang_getCursorSpelling(LibClang.clang_getTranslationUnitCursor(tu)));
        var walk = new ExpansionWalk(MainFileOf(tu, path));
        var handle = GCHandle.Alloc(walk);
        try
        {
            LibClang.clang_visitChildren(_c, &VisitMainFileVariables, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return walk.Found;
    }

    private static IntPtr MainFileOf(IntPtr tu, string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return LibClang.clang_getFile(tu, p);
    }

    private sealed record ExpansionWalk(IntPtr MainFile)
    {
        public List<Cursor> Found { get; } = new();
    }

    [UnmanagedCallersOnly]
    private static CXChildVisitResult VisitMainFileVariables(CXCursor cursor, CXCursor parent, IntPtr data)
    {
        var walk = (ExpansionWalk)GCHandle.FromIntPtr(data).Target!;
        IntPtr file;
        uint line, column, offset;
        LibClang.clang_getExpansionLocation(LibClang.clang_getCursorLocation(cursor), &file, &line, &column, &offset);
        if (file != walk.MainFile)
            return CXChildVisitResult.Continue;
        if ((CursorKind)LibClang.clang_getCursorKind(cursor) == CursorKind.VarDecl)
            walk.Found.Add(new Cursor(cursor));
        return CXChildVisitResult.Recurse;
    }

    private static bool Same(CXCursor a, CXCursor b) =>
        a.Kind == b.Kind && a.XData == b.XData && a.Data0 == b.Data0 && a.Data1 == b.Data1 && a.Data2 == b.Data2;

    public override string ToString() => $"{Kind} {Spelling} at {Position}";
}
