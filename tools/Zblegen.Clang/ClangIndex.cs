using System.Runtime.InteropServices;
using System.Text;
using Zblegen.Clang.Interop;

namespace Zblegen.Clang;

public enum ParseMode
{
    /// <summary>Preprocess, parse and analyse; any error diagnostic fails the parse.</summary>
    Full,
    /// <summary>Lex one file without following its includes, for tokens and directives only; diagnostics are not errors.</summary>
    LexOnly,
    /// <summary>Parse one file's declarations without its includes (a missing header does not stop the parse), every
    /// branch that names an undefined macro included; diagnostics are not errors.</summary>
    DeclarationsOnly,
    /// <summary>Preprocess, parse and analyse like Full, but hand errors back as diagnostics for the caller to report.</summary>
    Analyse,
}

/// <summary>What to parse: a file (optionally given in memory), the compiler arguments, and the mode.</summary>
public sealed record ParseRequest(string Path, IReadOnlyList<string> Arguments, ParseMode Mode = ParseMode.Full)
{
    /// <summary>Files whose content is given here instead of read from disk (path to text).</summary>
    public IReadOnlyDictionary<string, string> UnsavedFiles { get; init; } = new Dictionary<string, string>();
}

/// <summary>One libclang index. Not thread-safe, like libclang's own index.</summary>
public sealed class ClangIndex : IDisposable
{
    private IntPtr _index;

    public ClangIndex()
    {
        try
        {
            _index = LibClang.clang_createIndex(0, 0);
        }
        catch (DllNotFoundException e)
        {
            throw new ClangUnavailableException($"libclang did not load ({e.Message}); run 'dotnet restore' so the libclang.runtime.linux-x64 package is in place", e);
        }
    }

    /// <summary>libclang's version string, e.g. "clang version 22.1.8".</summary>
    public static string Version
    {
        get
        {
            try { return LibClang.Take(LibClang.clang_getClangVersion()); }
            catch (DllNotFoundException e) { throw new ClangUnavailableException($"libclang did not load ({e.Message}); run 'dotnet restore' so the libclang.runtime.linux-x64 package is in place", e); }
        }
    }

    public unsafe TranslationUnit Parse(ParseRequest request)
    {
        ObjectDisposedException.ThrowIf(_index == IntPtr.Zero, this);
        var pins = new List<IntPtr>();
        IntPtr Utf8(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s + "\0");
            var p = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            pins.Add(p);
            return p;
        }
        try
        {
            // Unsaved contents are kept as bytes: tokens and skipped ranges come back as byte offsets into them.
            var unsavedBytes = new Dictionary<string, byte[]>();
            var unsaved = new CXUnsavedFile[request.UnsavedFiles.Count];
            var i = 0;
            foreach (var (path, text) in request.UnsavedFiles.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                unsavedBytes[path] = bytes;
                unsaved[i++] = new CXUnsavedFile { Filename = Utf8(path), Contents = Utf8(text), Length = (nuint)bytes.Length };
            }
            var args = new List<string>(request.Arguments) { "-ferror-limit=0" };
            var argv = args.Select(Utf8).ToArray();
            var flags = CXTranslationUnitFlags.DetailedPreprocessingRecord;
            if (request.Mode == ParseMode.LexOnly)
                flags |= CXTranslationUnitFlags.SingleFileParse | CXTranslationUnitFlags.SkipFunctionBodies | CXTranslationUnitFlags.Incomplete;
            else if (request.Mode == ParseMode.DeclarationsOnly)
                flags |= CXTranslationUnitFlags.SingleFileParse | CXTranslationUnitFlags.Incomplete | CXTranslationUnitFlags.KeepGoing;
            IntPtr tu;
            CXErrorCode rc;
            fixed (IntPtr* argvPtr = argv)
            fixed (CXUnsavedFile* unsavedPtr = unsaved)
            {
                rc = LibClang.clang_parseTranslationUnit2(_index, (byte*)Utf8(request.Path), (byte**)argvPtr, argv.Length,
                    unsavedPtr, (uint)unsaved.Length, (uint)flags, &tu);
            }
            if (rc != CXErrorCode.Success)
                throw new ClangParseException($"{request.Path}: libclang could not parse it ({rc}); check that the file exists and is C",
                    Array.Empty<Diagnostic>());
            var unit = new TranslationUnit(tu, unsavedBytes);
            if (request.Mode == ParseMode.Full)
            {
                var errors = unit.Diagnostics.Where(d => d.Severity >= CXDiagnosticSeverity.Error).ToArray();
                if (errors.Length > 0)
                {
                    unit.Dispose();
                    throw ClangParseException.From(errors);
                }
            }
            return unit;
        }
        finally
        {
            foreach (var p in pins)
                Marshal.FreeHGlobal(p);
        }
    }

    public void Dispose()
    {
        if (_index != IntPtr.Zero)
        {
            LibClang.clang_disposeIndex(_index);
            _index = IntPtr.Zero;
        }
    }
}
