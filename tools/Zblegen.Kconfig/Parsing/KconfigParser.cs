using System.Runtime.CompilerServices;
using Zblegen.Core;
using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// Reads a Kconfig tree into menu nodes, line by line, with the language's rules for tokens,
/// help blocks, line continuations and source globbing. One instance parses one tree once.
/// </summary>
internal sealed class KconfigParser : IParseLocation
{
    /// <summary>
    /// A file's text and where its lines start, in pooled buffers that go back when the file is left;
    /// lines become strings only when they need tokens.
    /// </summary>
    private sealed class SourceFile(string name, char[] text, int[] starts, int lineCount)
    {
        public readonly string Name = name;
        private char[] _text = text;
        private int[] _starts = starts; // lineCount + 1 entries: the last is the end of the text
        private int _pos;

        public bool AtEnd => _pos >= lineCount;

        /// <summary>The next line with its newline, without materializing it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ReadOnlySpan<char> NextSpan()
        {
            var start = _starts[_pos];
            return _text.AsSpan(start, _starts[++_pos] - start);
        }

        public string NextString() => new(NextSpan());

        /// <summary>Where the line NextSpan or NextRange returned last starts.</summary>
        public int LastStart => _starts[_pos - 1];

        /// <summary>The next line as a range of the buffer (valid until the file is released).</summary>
        public (char[] Buffer, int Start, int Length) NextRange()
        {
            var start = _starts[_pos];
            return (_text, start, _starts[++_pos] - start);
        }

        public void Release()
        {
            System.Buffers.ArrayPool<char>.Shared.Return(_text);
            System.Buffers.ArrayPool<int>.Shared.Return(_starts);
            _text = Array.Empty<char>();
            _starts = [];
            _pos = 0;
            lineCount = 0;
        }
    }

    private readonly KconfigContext _ctx;
    private readonly string _srctreePrefix;
    private readonly Preprocessor _pre;
    private readonly SourceGlob _glob = new();
    private readonly SourceReader _reader = new();
    // Sized for Zephyr's tree (some 15,000 names) so the table is not rebuilt five times on the way.
    internal readonly Dictionary<string, Symbol> Syms = new(16384, StringComparer.Ordinal);
    internal readonly Dictionary<string, Symbol> ConstSyms = new(StringComparer.Ordinal);
    internal readonly List<Symbol> DefinedSyms = new();
    internal readonly List<Choice> Choices = new();
    private readonly Dictionary<string, Choice> _namedChoices = new(StringComparer.Ordinal);
    internal readonly List<string> Files = new();
    internal readonly List<string> Messages = new();
    internal readonly Symbol N, M, Y, Modules;
    internal readonly MenuNode Top;

    private readonly Stack<(SourceFile File, int Line)> _stack = new();
    private SourceFile _file = null!;
    private int _line;
    // The current line, for messages: a string, or a range of the current file's buffer.
    private string? _textString = "";
    private char[]? _textBuffer;
    private int _textStart, _textLength;

    // A line whose macros were expanded lives here (then it is the current text).
    private readonly LineBuffer _expanded = new();
    private bool _textExpanded;

    private string CurrentText => _textExpanded ? _expanded.ToString() : _textString ?? new string(_textBuffer!, _textStart, _textLength);
    private readonly Dictionary<string, Symbol>.AlternateLookup<ReadOnlySpan<char>> _symLookup;
    private readonly Dictionary<string, Symbol>.AlternateLookup<ReadOnlySpan<char>> _constLookup;
    private readonly List<Token> _tokens = new(16) { Token.End };
    private int _ti;
    private bool _reuse;

    public KconfigParser(KconfigContext ctx)
    {
        _ctx = ctx;
        _srctreePrefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(ctx.SourceTree)) + "/";
        _pre = new Preprocessor(ctx.Environment, ctx.Functions, this);
        _symLookup = Syms.GetAlternateLookup<ReadOnlySpan<char>>();
        _constLookup = ConstSyms.GetAlternateLookup<ReadOnlySpan<char>>();
        Symbol Tri(string name, int v)
        {
            var s = new Symbol(name, true) { Type = KconfigType.Tristate, ConstantTri = v };
            ConstSyms[name] = s;
            return s;
        }
        N = Tri("n", 0);
        M = Tri("m", 1);
        Y = Tri("y", 2);
        foreach (var s in new[] { N, M, Y })
            s.RevDep = s.WeakRevDep = s.DirectDep = N;
        Modules = LookupSym("MODULES");
        Top = new MenuNode { Kind = NodeKind.Menu, IsMenuconfig = true, Visibility = Y, Prompt = "Main menu", PromptCondition = Y, Dep = Y, File = ctx.RootFile, Line = 1 };
    }

    public IReadOnlySet<string> EnvironmentUsed => _pre.EnvironmentUsed;

    string IParseLocation.File => _file?.Name ?? _ctx.RootFile;
    int IParseLocation.Line => _line;

    public ZblegenException Error(string message) => CurrentText.Trim().Length == 0
        ? new($"{_file?.Name ?? _ctx.RootFile}:{_line}: {message}; fix the Kconfig file")
        : new($"{_file?.Name ?? _ctx.RootFile}:{_line}: {message} in '{CurrentText.Trim()}'; fix the Kconfig file");

    private ZblegenException ParseError(string message) =>
        new($"{_file.Name}:{_line}: {message} in '{CurrentText.Trim()}'; fix the Kconfig syntax");

    void IParseLocation.Info(string message) => Messages.Add($"{_file.Name}:{_line}: {message}");

    public void Parse()
    {
        var rootPath = Path.IsPathRooted(_ctx.RootFile) ? _ctx.RootFile : Path.Combine(_srctreePrefix, _ctx.RootFile);
        Files.Add(_ctx.RootFile);
        try
        {
            _file = ReadFile(_ctx.RootFile, rootPath)
                ?? throw new ZblegenException($"{rootPath}: no such Kconfig file; check --zephyr or the fixture path");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZblegenException($"{rootPath}: cannot open the top Kconfig file; check --zephyr or the fixture path");
        }
        var last = ParseBlock(T.None, Top, Top);
        _file.Release();
        last.Next = null;
        Top.FirstChild = Top.Next;
        Top.Next = null;
    }

    /// <summary>The file, or null when it does not exist; IOException or UnauthorizedAccessException when it cannot be read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SourceFile? ReadFile(string name, string path)
    {
        if (!_reader.TryRead(path, out var span)) return null;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(System.Text.Encoding.UTF8.GetMaxCharCount(span.Length), 1));
        var count = System.Text.Encoding.UTF8.GetChars(span, chars);
        if (chars.AsSpan(0, count).Contains('\r'))
        {
            // Universal newlines, as the reference reads files in text mode (rare: take the slow path).
            var text = new string(chars, 0, count).Replace("\r\n", "\n").Replace('\r', '\n');
            text.CopyTo(chars);
            count = text.Length;
        }
        return Index(name, chars, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SourceFile Index(string name, char[] chars, int count)
    {
        var text = chars.AsSpan(0, count);
        var lines = text.Count('\n') + 1;
        var starts = System.Buffers.ArrayPool<int>.Shared.Rent(lines + 1);
        var n = 0;
        starts[0] = 0;
        var at = 0;
        while (true)
        {
            var nl = text[at..].IndexOf('\n');
            if (nl < 0) break;
            at += nl + 1;
            starts[++n] = at;
        }
        if (starts[n] != count) starts[++n] = count;
        return new SourceFile(name, chars, starts, n);
    }

    private string? ReadRaw() => _file.AtEnd ? null : _file.NextString();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NextLine()
    {
        if (_reuse)
        {
            _reuse = false;
            return true;
        }
        if (_file.AtEnd) return false;
        _line++;
        var (buffer, start, length) = _file.NextRange();
        var span = buffer.AsSpan(start, length);
        _ti = 1;
        if (span.EndsWith("\\\n"))
        {
            TokenizeContinued(span);
            return true;
        }
        if (IsBlankOrComment(span))
        {
            // Most lines: nothing to tokenize, nothing to allocate.
            _tokens.Clear();
            _tokens.Add(Token.End);
            return true;
        }
        // Tokenized straight from the file's buffer; a string is made only if the line needs expanding.
        _textBuffer = buffer;
        _textStart = start;
        _textLength = length;
        Tokenize(span, null);
        return true;
    }

    /// <summary>Joins a line ending in backslash-newline with the lines it continues into, and tokenizes the whole.</summary>
    private void TokenizeContinued(ReadOnlySpan<char> span)
    {
        var line = span.ToString();
        while (line.EndsWith("\\\n", StringComparison.Ordinal))
        {
            line = line[..^2] + (ReadRaw() ?? "");
            _line++;
        }
        Tokenize(line, line);
    }

    /// <summary>Tokenizes the line that ended a help block (just read from the file) for the next NextLine.</summary>
    private void LineAfterHelp(ReadOnlySpan<char> span, char[] buffer, int start)
    {
        _reuse = true;
        if (span.EndsWith("\\\n"))
        {
            TokenizeContinued(span);
            return;
        }
        _textBuffer = buffer;
        _textStart = start;
        _textLength = span.Length;
        Tokenize(span, null);
    }

    private Symbol LookupSym(ReadOnlySpan<char> name) =>
        _symLookup.TryGetValue(name, out var s) ? s : LookupSym(name.ToString());

    internal Symbol LookupSym(string name)
    {
        if (Syms.TryGetValue(name, out var s)) return s;
        s = new Symbol(name, false);
        s.RevDep = s.WeakRevDep = s.DirectDep = N;
        Syms[name] = s;
        return s;
    }

    private Symbol LookupConstSym(ReadOnlySpan<char> name) =>
        _constLookup.TryGetValue(name, out var s) ? s : LookupConstSym(name.ToString());

    private Symbol LookupConstSym(string name)
    {
        if (ConstSyms.TryGetValue(name, out var s)) return s;
        s = new Symbol(name, true);
        s.RevDep = s.WeakRevDep = s.DirectDep = N;
        ConstSyms[name] = s;
        return s;
    }

    private static bool IsCommandChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c == '-';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsBlankOrComment(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c == '#') return true;
            if (!PyStr.IsWs(c)) return false;
        }
        return true;
    }

    /// <summary>Fills _tokens with the line's tokens, ending with Token.End.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tokenize(ReadOnlySpan<char> s, string? owned)
    {
        _tokens.Clear();
        // Lines keep their newline, as in the reference; it only matters as whitespace.
        _textString = owned;
        _textExpanded = false;
        var i = 0;
        while (i < s.Length && PyStr.IsWs(s[i])) i++;
        var start = i;
        while (i < s.Length && IsCommandChar(s[i])) i++;
        if (i == start)
        {
            // Blank and comment lines are most lines: no allocation for them.
            if (i >= s.Length || s[i] == '#' || char.IsWhiteSpace(s[i]) && PyStr.IsSpace(s))
            {
                _tokens.Add(Token.End);
                return;
            }
            throw ParseError("unknown token at start of line");
        }
        var first = Keywords.Get(s.Slice(start, i - start));
        while (i < s.Length && PyStr.IsWs(s[i])) i++;
        if (first == T.None)
        {
            if (s.Trim(" \t\n-").SequenceEqual("help")) _tokens.Add(new Token(T.Help));
            else _pre.ParseAssignment(s);
            _tokens.Add(Token.End);
            return;
        }

        var tokens = _tokens;
        tokens.Add(new Token(first));
        var prev = first;
        while (i < s.Length)
        {
            Token token;
            var j = i;
            var rest = s[i..].IndexOfAnyExcept(Preprocessor.NameChars);
            j = rest < 0 ? s.Length : i + rest;
            if (j > i)
            {
                var span = s.Slice(i, j - i);
                var kw = span[0] is >= 'a' and <= 'z' or '-' ? Keywords.Get(span) : T.None;
                if (kw != T.None)
                {
                    token = new Token(kw);
                    i = j;
                    while (i < s.Length && PyStr.IsWs(s[i])) i++;
                }
                else if (!Keywords.IsStringLex(prev))
                {
                    Symbol sym;
                    if (span.Contains('$'))
                    {
                        if (!_textExpanded) _expanded.Set(s);
                        var (end, next) = _pre.ExpandName(_expanded, i);
                        _textExpanded = true;
                        s = _expanded.Span;
                        var name = s[i..end];
                        i = next;
                        sym = name.Length == 1 && name[0] is 'n' or 'm' or 'y' ? ConstSyms[name.ToString()] : LookupSym(name);
                    }
                    else
                    {
                        sym = span.Length != 1 ? LookupSym(span) : span[0] switch { 'n' => N, 'm' => M, 'y' => Y, _ => LookupSym(span) };
                        i = j;
                        while (i < s.Length && PyStr.IsWs(s[i])) i++;
                    }
                    token = new Token(T.Sym, sym);
                }
                else
                {
                    var name = span.ToString();
                    if (prev != T.Choice)
                        Messages.Add($"{_file.Name}:{_line}: style: quotes recommended around '{name}'");
                    token = new Token(T.Str, Text: name);
                    i = j;
                    while (i < s.Length && PyStr.IsWs(s[i])) i++;
                }
            }
            else
            {
                var c = s[i];
                if (c is '"' or '\'')
                {
                    string val;
                    var isText = Keywords.IsStringLex(prev) || first == T.Option;
                    if (!s.Contains('$') && !s.Contains('\\'))
                    {
                        var end = s[(i + 1)..].IndexOf(c);
                        if (end < 0) throw ParseError("unterminated string");
                        var text = s.Slice(i + 1, end);
                        i += end + 2;
                        if (!isText)
                        {
                            // A constant ("foo", "0x10"): most are seen before, so no string for them.
                            token = new Token(T.Sym, LookupConstSym(text));
                            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                            tokens.Add(token);
                            prev = token.Kind;
                            continue;
                        }
                        val = text.ToString();
                    }
                    else
                    {
                        if (!_textExpanded) _expanded.Set(s);
                        var endI = _pre.ExpandString(_expanded, i);
                        _textExpanded = true;
                        s = _expanded.Span;
                        val = _pre.ExpandEnvironment(s[(i + 1)..(endI - 1)].ToString().Replace("$UNAME_RELEASE", _ctx.UnameRelease));
                        i = endI;
                    }
                    token = isText ? new Token(T.Str, Text: val) : new Token(T.Sym, LookupConstSym(val));
                }
                else if (Starts(s, i, "&&")) { token = new Token(T.And); i += 2; }
                else if (Starts(s, i, "||")) { token = new Token(T.Or); i += 2; }
                else if (c == '=') { token = new Token(T.Equal); i += 1; }
                else if (Starts(s, i, "!=")) { token = new Token(T.Unequal); i += 2; }
                else if (c == '!') { token = new Token(T.Not); i += 1; }
                else if (c == '(') { token = new Token(T.OpenParen); i += 1; }
                else if (c == ')') { token = new Token(T.CloseParen); i += 1; }
                else if (c == '#') break;
                else if (Starts(s, i, "<=")) { token = new Token(T.LessEqual); i += 2; }
                else if (c == '<') { token = new Token(T.Less); i += 1; }
                else if (Starts(s, i, ">=")) { token = new Token(T.GreaterEqual); i += 2; }
                else if (c == '>') { token = new Token(T.Greater); i += 1; }
                else throw ParseError("unknown tokens in line");
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            }
            tokens.Add(token);
            prev = token.Kind;
        }
        tokens.Add(Token.End);
    }

    private static bool Starts(ReadOnlySpan<char> s, int i, string what) => s[i..].StartsWith(what, StringComparison.Ordinal);

    private Token Peek => _ti < _tokens.Count ? _tokens[_ti] : Token.End;

    private bool Check(T kind)
    {
        if (_tokens[_ti].Kind != kind || kind == T.None) return false;
        _ti++;
        return true;
    }

    private Symbol ExpectSym()
    {
        var t = _tokens[_ti++];
        if (t.Kind != T.Sym) throw ParseError("expected symbol");
        return t.Symbol!;
    }

    private Symbol ExpectNonConstSym()
    {
        var t = _tokens[1];
        _ti = 2;
        if (t.Kind != T.Sym || t.Symbol!.IsConstant) throw ParseError("expected nonconstant symbol");
        return t.Symbol;
    }

    private string ExpectStrAndEol()
    {
        var t = _tokens[_ti++];
        if (t.Kind != T.Str) throw ParseError("expected string");
        if (Peek.Kind != T.None) throw ParseError("extra tokens at end of line");
        return t.Text!;
    }

    private Expr ExpectExprAndEol()
    {
        var e = ParseExpr(true);
        if (Peek.Kind != T.None) throw ParseError("extra tokens at end of line");
        return e;
    }

    private Expr ParseCond()
    {
        var e = Check(T.If) ? ParseExpr(true) : Y;
        if (Peek.Kind != T.None) throw ParseError("extra tokens at end of line");
        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expr ParseExpr(bool transformM)
    {
        var and = ParseAndExpr(transformM);
        return Check(T.Or) ? new OrExpr(and, ParseExpr(transformM)) : and;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expr ParseAndExpr(bool transformM)
    {
        var f = ParseFactor(transformM);
        return Check(T.And) ? new AndExpr(f, ParseAndExpr(transformM)) : f;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Expr ParseFactor(bool transformM)
    {
        var t = _tokens[_ti++];
        if (t.Kind == T.Sym)
        {
            if (!Keywords.IsRelation(Peek.Kind))
                return transformM && ReferenceEquals(t.Symbol, M) ? new AndExpr(M, Modules) : t.Symbol!;
            var rel = Keywords.RelationOf(_tokens[_ti++].Kind);
            return new RelationExpr(rel, t.Symbol!, ExpectSym());
        }
        if (t.Kind == T.Not) return new NotExpr(ParseFactor(transformM));
        if (t.Kind == T.OpenParen)
        {
            var e = ParseExpr(transformM);
            if (Check(T.CloseParen)) return e;
        }
        throw ParseError("malformed expression");
    }

    private MenuNode NewNode(NodeKind kind, MenuNode parent) => new()
    {
        Kind = kind, Parent = parent, File = _file.Name, Line = _line,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private MenuNode ParseBlock(T endToken, MenuNode parent, MenuNode prev)
    {
        while (NextLine())
        {
            var t0 = _tokens[0].Kind;
            switch (t0)
            {
                case T.Config or T.MenuConfig or T.ConfigDefault:
                    {
                        var symTok = _tokens[1];
                        if (symTok.Kind != T.Sym || symTok.Symbol!.IsConstant) throw ParseError("missing or bad symbol name");
                        if (_tokens[2].Kind != T.None) throw ParseError("extra tokens at end of line");
                        var sym = symTok.Symbol;
                        DefinedSyms.Add(sym);
                        var node = NewNode(NodeKind.Symbol, parent);
                        node.Item = sym;
                        node.IsMenuconfig = t0 == T.MenuConfig;
                        node.IsConfigDefault = t0 == T.ConfigDefault;
                        Item.Append(ref sym.NodeItems, node);
                        ParseProps(node);
                        if (node.IsConfigDefault && (node.HasPrompt || !ReferenceEquals(node.Dep, Y) || node.Ranges is not null || node.Selects is not null || node.Implies is not null))
                            throw new ZblegenException($"{node.File}:{node.Line}: configdefault can only contain 'default'; move other properties to the symbol's config entry");
                        prev.Next = node;
                        prev = node;
                        break;
                    }
                case T.None:
                    break;
                case T.Source or T.RSource or T.OSource or T.OrSource:
                    {
                        var pattern = ExpectStrAndEol();
                        if (t0 is T.RSource or T.OrSource)
                            pattern = PathJoin(Path.GetDirectoryName(_file.Name) ?? "", pattern);
                        var files = _glob.Expand(PathJoin(_srctreePrefix, pattern));
                        var entered = 0;
                        foreach (var f in files)
                        {
                            if (!EnterFile(f)) continue;
                            entered++;
                            prev = ParseBlock(T.None, parent, prev);
                            LeaveFile();
                        }
                        if (entered == 0 && t0 is T.Source or T.RSource)
                            throw new ZblegenException($"{_file.Name}:{_line}: '{pattern}' not found (in '{CurrentText.Trim()}'); check that the environment variables it uses are set (srctree is '{_ctx.SourceTree}'), or use osource for an optional file");
                        break;
                    }
                case T.If:
                    {
                        var node = NewNode(NodeKind.If, parent);
                        node.Dep = ExpectExprAndEol();
                        ParseBlock(T.EndIf, node, node);
                        node.FirstChild = node.Next;
                        prev.Next = node;
                        prev = node;
                        break;
                    }
                case T.Menu:
                    {
                        var node = NewNode(NodeKind.Menu, parent);
                        node.IsMenuconfig = true;
                        node.Prompt = ExpectStrAndEol();
                        node.PromptCondition = Y;
                        node.Visibility = Y;
                        ParseProps(node);
                        ParseBlock(T.EndMenu, node, node);
                        node.FirstChild = node.Next;
                        prev.Next = node;
                        prev = node;
                        break;
                    }
                case T.Comment:
                    {
                        var node = NewNode(NodeKind.Comment, parent);
                        node.Prompt = ExpectStrAndEol();
                        node.PromptCondition = Y;
                        ParseProps(node);
                        prev.Next = node;
                        prev = node;
                        break;
                    }
                case T.Choice:
                    {
                        Choice choice;
                        if (_tokens[1].Kind == T.None)
                        {
                            choice = new Choice { DirectDep = N };
                        }
                        else
                        {
                            var name = ExpectStrAndEol();
                            if (!_namedChoices.TryGetValue(name, out choice!))
                            {
                                choice = new Choice { Name = name, DirectDep = N };
                                _namedChoices[name] = choice;
                            }
                        }
                        Choices.Add(choice);
                        var node = NewNode(NodeKind.Choice, parent);
                        node.Item = choice;
                        node.IsMenuconfig = true;
                        Item.Append(ref choice.NodeItems, node);
                        ParseProps(node);
                        ParseBlock(T.EndChoice, node, node);
                        node.FirstChild = node.Next;
                        prev.Next = node;
                        prev = node;
                        break;
                    }
                case T.MainMenu:
                    Top.Prompt = ExpectStrAndEol();
                    Top.PromptCondition = Y;
                    break;
                default:
                    if (t0 == endToken && endToken != T.None)
                    {
                        if (_tokens[1].Kind != T.None) throw ParseError("extra tokens at end of line");
                        prev.Next = null;
                        return prev;
                    }
                    throw ParseError(t0 switch
                    {
                        T.EndChoice => "'endchoice' without a matching 'choice'",
                        T.EndIf => "'endif' without a matching 'if'",
                        T.EndMenu => "'endmenu' without a matching 'menu'",
                        _ => "unrecognized construct",
                    });
            }
        }
        if (endToken != T.None)
        {
            var word = endToken == T.EndChoice ? "endchoice" : endToken == T.EndIf ? "endif" : "endmenu";
            throw new ZblegenException($"{_file.Name}:{_line}: expected '{word}' at end of '{_file.Name}'; close the block opened at {parent.File}:{parent.Line}");
        }
        return prev;
    }

    private static string PathJoin(string a, string b) =>
        Path.IsPathRooted(b) ? b : a.Length == 0 ? b : a.EndsWith('/') ? a + b : a + "/" + b;

    /// <summary>Starts reading a sourced file; false when it does not exist.</summary>
    private bool EnterFile(string fullPath)
    {
        var rel = fullPath.StartsWith(_srctreePrefix, StringComparison.Ordinal) ? fullPath[_srctreePrefix.Length..] : fullPath;
        SourceFile? file;
        try
        {
            file = ReadFile(rel, fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZblegenException($"{_file.Name}:{_line}: cannot open '{fullPath}'; check its permissions");
        }
        if (file is null) return false;
        // The include path is the files being read: the stack and the current one.
        var recursive = _file.Name == rel;
        foreach (var (f, _) in _stack) recursive |= f.Name == rel;
        if (recursive)
        {
            file.Release();
            var path = _stack.Reverse().Select(p => $"{p.File.Name}:{p.Line}").Append($"{_file.Name}:{_line}");
            throw new ZblegenException($"{_file.Name}:{_line}: recursive 'source' of '{rel}' (include path: {string.Join(" -> ", path)}); check the environment variables the source statement uses");
        }
        Files.Add(rel);
        _stack.Push((_file, _line));
        _file = file;
        _line = 0;
        return true;
    }

    private void LeaveFile()
    {
        _file.Release();
        (_file, _line) = _stack.Pop();
    }

    private void SetType(Item item, KconfigType type)
    {
        if (item.Type != KconfigType.Unknown && item.Type != type)
            Messages.Add($"{_file.Name}:{_line}: warning: {item} defined with multiple types, {type.ToString().ToLowerInvariant()} will be used");
        item.Type = type;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseProps(MenuNode node)
    {
        node.Dep = Y;
        while (NextLine())
        {
            var t0 = _tokens[0].Kind;
            if (Keywords.IsType(t0))
            {
                if (node.Item is null) throw ParseError("a type needs a config or choice");
                SetType(node.Item, Keywords.TypeOf(t0));
                if (_tokens[1].Kind != T.None) ParsePrompt(node);
            }
            else if (t0 == T.Depends)
            {
                if (!Check(T.On)) throw ParseError("expected 'on' after 'depends'");
                node.Dep = ExprBuild.And(node.Dep, ExpectExprAndEol(), N, Y);
            }
            else if (t0 == T.Help)
            {
                ParseHelp(node);
            }
            else if (t0 == T.Select)
            {
                if (node.Item is not Symbol) throw ParseError("only symbols can select");
                Item.Add(ref node.Selects, new Reverse(ExpectNonConstSym(), ParseCond()));
            }
            else if (t0 == T.None)
            {
            }
            else if (t0 == T.Default)
            {
                Item.Add(ref node.Defaults, new Default(ParseExpr(false), ParseCond()));
            }
            else if (t0 is T.DefBool or T.DefTristate or T.DefInt or T.DefHex or T.DefString)
            {
                if (node.Item is null) throw ParseError("a type needs a config or choice");
                SetType(node.Item, Keywords.TypeOf(t0));
                Item.Add(ref node.Defaults, new Default(ParseExpr(false), ParseCond()));
            }
            else if (t0 == T.Prompt)
            {
                ParsePrompt(node);
            }
            else if (t0 == T.Range)
            {
                var low = ExpectSym();
                var high = ExpectSym();
                Item.Add(ref node.Ranges, new ValueRange(low, high, ParseCond()));
            }
            else if (t0 == T.Imply)
            {
                if (node.Item is not Symbol) throw ParseError("only symbols can imply");
                Item.Add(ref node.Implies, new Reverse(ExpectNonConstSym(), ParseCond()));
            }
            else if (t0 == T.Visible)
            {
                if (!Check(T.If)) throw ParseError("expected 'if' after 'visible'");
                node.Visibility = ExprBuild.And(node.Visibility ?? Y, ExpectExprAndEol(), N, Y);
            }
            else if (t0 == T.Option)
            {
                ParseOption(node);
            }
            else if (t0 == T.Optional)
            {
                if (node.Item is not Choice c) throw ParseError("\"optional\" is only valid for choices");
                c.IsOptional = true;
            }
            else if (t0 == T.Modules)
            {
                // Newer Kconfig spells 'option modules' as a bare 'modules'; MODULES is assumed either way.
            }
            else if (t0 == T.Transitional)
            {
                if (node.Item is not Symbol s) throw ParseError("'transitional' is only valid for symbols");
                s.IsTransitional = true;
            }
            else
            {
                _reuse = true;
                return;
            }
        }
    }

    private void ParseOption(MenuNode node)
    {
        if (Check(T.Env))
        {
            if (!Check(T.Equal)) throw ParseError("expected '=' after 'env'");
            var env = ExpectStrAndEol();
            if (node.Item is not Symbol s) throw ParseError("'option env' is only valid for symbols");
            s.EnvVar = env;
            if (_ctx.Environment.TryGetValue(env, out var v))
                Item.Add(ref node.Defaults, new Default(LookupConstSym(v), Y));
        }
        else if (Check(T.DefconfigList))
        {
            // Only affects where a default configuration is looked for; zblegen never does that.
            if (node.Item is Symbol s) s.IsDefconfigList = true;
        }
        else if (Check(T.Modules))
        {
        }
        else if (Check(T.AllnoconfigY))
        {
            if (node.Item is not Symbol) throw ParseError("the 'allnoconfig_y' option is only valid for symbols");
        }
        else
        {
            throw ParseError("unrecognized option");
        }
    }

    private void ParsePrompt(MenuNode node)
    {
        var t = _tokens[1];
        _ti = 2;
        if (t.Kind != T.Str) throw ParseError("expected prompt string");
        var prompt = t.Text!.Trim();
        node.Prompt = prompt;
        node.PromptCondition = ParseCond();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseHelp(MenuNode node)
    {
        // Skips the help block with the reference's rules (first text line sets the indentation;
        // blank lines and deeper lines belong to it) and keeps line numbers exact.
        ReadOnlySpan<char> line = default;
        char[] buffer = null!;
        var found = false;
        while (!_file.AtEnd)
        {
            (buffer, var start, var length) = _file.NextRange();
            line = buffer.AsSpan(start, length);
            _line++;
            if (!PyStr.IsSpace(line))
            {
                found = true;
                break;
            }
        }
        if (!found)
        {
            _line++; // the reference counts the read that hit the end of the file
            return;
        }
        var indent = PyStr.Indent(line);
        if (indent == 0)
        {
            LineAfterHelp(line, buffer, _file.LastStart);
            return;
        }
        node.HelpLine = _line;
        var count = 1;
        var ended = false;
        while (!_file.AtEnd)
        {
            (buffer, var start, var length) = _file.NextRange();
            line = buffer.AsSpan(start, length);
            if (!PyStr.IsSpace(line) && PyStr.Indent(line) < indent)
            {
                ended = true;
                break;
            }
            count++;
        }
        _line += count;
        if (ended) LineAfterHelp(line, buffer, _file.LastStart);
    }
}
