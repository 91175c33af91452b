using System.Runtime.InteropServices;

namespace Zblegen.Clang.Interop;

// The slice of libclang's C API zblegen uses, declared by hand (CXString etc. are passed by value).
// Layouts follow clang-c/Index.h; all are blittable, so LibraryImport needs no marshalling stubs.

[StructLayout(LayoutKind.Sequential)]
public struct CXString { public IntPtr Data; public uint PrivateFlags; }

[StructLayout(LayoutKind.Sequential)]
public struct CXCursor { public int Kind; public int XData; public IntPtr Data0, Data1, Data2; }

[StructLayout(LayoutKind.Sequential)]
public struct CXType { public int Kind; public IntPtr Data0, Data1; }

[StructLayout(LayoutKind.Sequential)]
public struct CXSourceLocation { public IntPtr Ptr0, Ptr1; public uint IntData; }

[StructLayout(LayoutKind.Sequential)]
public struct CXSourceRange { public IntPtr Ptr0, Ptr1; public uint BeginIntData, EndIntData; }

[StructLayout(LayoutKind.Sequential)]
public struct CXToken { public uint I0, I1, I2, I3; public IntPtr Ptr; }

[StructLayout(LayoutKind.Sequential)]
public struct CXUnsavedFile { public IntPtr Filename; public IntPtr Contents; public nuint Length; }

[StructLayout(LayoutKind.Sequential)]
public struct CXSourceRangeList { public uint Count; public IntPtr Ranges; }

public enum CXErrorCode { Success = 0, Failure = 1, Crashed = 2, InvalidArguments = 3, AstReadError = 4 }

public enum CXDiagnosticSeverity { Ignored = 0, Note = 1, Warning = 2, Error = 3, Fatal = 4 }

public enum CXTokenKind { Punctuation = 0, Keyword = 1, Identifier = 2, Literal = 3, Comment = 4 }

[Flags]
public enum CXTranslationUnitFlags : uint
{
    None = 0,
    DetailedPreprocessingRecord = 0x01,
    Incomplete = 0x02,
    SkipFunctionBodies = 0x40,
    KeepGoing = 0x200,
    SingleFileParse = 0x400,
    RetainExcludedConditionalBlocks = 0x8000,
}

public enum CXChildVisitResult { Break = 0, Continue = 1, Recurse = 2 }

internal static unsafe partial class LibClang
{
    private const string Lib = "libclang";

    [LibraryImport(Lib)] public static partial IntPtr clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [LibraryImport(Lib)] public static partial void clang_disposeIndex(IntPtr index);
    [LibraryImport(Lib)] public static partial CXString clang_getClangVersion();
    [LibraryImport(Lib)] public static partial IntPtr clang_getCString(CXString s);
    [LibraryImport(Lib)] public static partial void clang_disposeString(CXString s);

    [LibraryImport(Lib)]
    public static partial CXErrorCode clang_parseTranslationUnit2(IntPtr index, byte* sourceFilename, byte** commandLineArgs, int numCommandLineArgs,
        CXUnsavedFile* unsavedFiles, uint numUnsavedFiles, uint options, IntPtr* outTu);
    [LibraryImport(Lib)] public static partial void clang_disposeTranslationUnit(IntPtr tu);

    [LibraryImport(Lib)] public static partial uint clang_getNumDiagnostics(IntPtr tu);
    [LibraryImport(Lib)] public static partial IntPtr clang_getDiagnostic(IntPtr tu, uint index);
    [LibraryImport(Lib)] public static partial void clang_disposeDiagnostic(IntPtr diag);
    [LibraryImport(Lib)] public static partial CXDiagnosticSeverity clang_getDiagnosticSeverity(IntPtr diag);
    [LibraryImport(Lib)] public static partial CXString clang_getDiagnosticSpelling(IntPtr diag);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getDiagnosticLocation(IntPtr diag);

    [LibraryImport(Lib)] public static partial CXCursor clang_getTranslationUnitCursor(IntPtr tu);
    [LibraryImport(Lib)] public static partial uint clang_visitChildren(CXCursor parent, delegate* unmanaged<CXCursor, CXCursor, IntPtr, CXChildVisitResult> visitor, IntPtr clientData);
    [LibraryImport(Lib)] public static partial int clang_getCursorKind(CXCursor c);
    [LibraryImport(Lib)] public static partial CXString clang_getCursorSpelling(CXCursor c);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getCursorLocation(CXCursor c);
    [LibraryImport(Lib)] public static partial CXSourceRange clang_getCursorExtent(CXCursor c);
    [LibraryImport(Lib)] public static partial CXType clang_getCursorType(CXCursor c);
    [LibraryImport(Lib)] public static partial CXType clang_getCursorResultType(CXCursor c);
    [LibraryImport(Lib)] public static partial CXType clang_getTypedefDeclUnderlyingType(CXCursor c);
    [LibraryImport(Lib)] public static partial CXString clang_getTypeSpelling(CXType t);
    [LibraryImport(Lib)] public static partial uint clang_isConstQualifiedType(CXType t);
    [LibraryImport(Lib)] public static partial CXType clang_getArrayElementType(CXType t);
    [LibraryImport(Lib)] public static partial long clang_Type_getAlignOf(CXType t);
    [LibraryImport(Lib)] public static partial CXString clang_getCursorPrettyPrinted(CXCursor c, IntPtr policy);
    [LibraryImport(Lib)] public static partial int clang_Cursor_getNumArguments(CXCursor c);
    [LibraryImport(Lib)] public static partial CXCursor clang_Cursor_getArgument(CXCursor c, uint i);
    [LibraryImport(Lib)] public static partial int clang_Cursor_getStorageClass(CXCursor c);
    [LibraryImport(Lib)] public static partial uint clang_Cursor_isFunctionInlined(CXCursor c);
    [LibraryImport(Lib)] public static partial uint clang_isCursorDefinition(CXCursor c);
    [LibraryImport(Lib)] public static partial long clang_getEnumConstantDeclValue(CXCursor c);
    [LibraryImport(Lib)] public static partial CXCursor clang_getCursorReferenced(CXCursor c);
    [LibraryImport(Lib)] public static partial CXCursor clang_getCursorSemanticParent(CXCursor c);
    [LibraryImport(Lib)] public static partial int clang_Cursor_isNull(CXCursor c);
    [LibraryImport(Lib)] public static partial int clang_Location_isFromMainFile(CXSourceLocation loc);
    [LibraryImport(Lib)] public static partial IntPtr clang_Cursor_getTranslationUnit(CXCursor c);

    [LibraryImport(Lib)] public static partial void clang_getSpellingLocation(CXSourceLocation loc, IntPtr* file, uint* line, uint* column, uint* offset);
    [LibraryImport(Lib)] public static partial void clang_getExpansionLocation(CXSourceLocation loc, IntPtr* file, uint* line, uint* column, uint* offset);
    [LibraryImport(Lib)] public static partial CXString clang_getFileName(IntPtr file);
    [LibraryImport(Lib)] public static partial IntPtr clang_getFile(IntPtr tu, byte* fileName);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getLocationForOffset(IntPtr tu, IntPtr file, uint offset);
    [LibraryImport(Lib)] public static partial CXSourceRange clang_getRange(CXSourceLocation begin, CXSourceLocation end);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getRangeStart(CXSourceRange range);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getRangeEnd(CXSourceRange range);
    [LibraryImport(Lib)] public static partial CXSourceRangeList* clang_getSkippedRanges(IntPtr tu, IntPtr file);
    [LibraryImport(Lib)] public static partial void clang_disposeSourceRangeList(CXSourceRangeList* ranges);

    [LibraryImport(Lib)] public static partial void clang_tokenize(IntPtr tu, CXSourceRange range, CXToken** tokens, uint* numTokens);
    [LibraryImport(Lib)] public static partial void clang_disposeTokens(IntPtr tu, CXToken* tokens, uint numTokens);
    [LibraryImport(Lib)] public static partial CXTokenKind clang_getTokenKind(CXToken token);
    [LibraryImport(Lib)] public static partial CXString clang_getTokenSpelling(IntPtr tu, CXToken token);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getTokenLocation(IntPtr tu, CXToken token);

    [LibraryImport(Lib)]
    public static partial void clang_getInclusions(IntPtr tu, delegate* unmanaged<IntPtr, CXSourceLocation*, uint, IntPtr, void> visitor, IntPtr clientData);

    /// <summary>Copies a CXString into a managed string and frees it.</summary>
    public static string Take(CXString s)
    {
        try { return Marshal.PtrToStringUTF8(clang_getCString(s)) ?? ""; }
        finally { clang_disposeString(s); }
    }
}
