namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// A line being expanded: each $(...) is replaced where it stands, so a line with several macros
/// is copied once instead of once per macro (the reference rebuilds the whole string each time).
/// </summary>
internal sealed class LineBuffer
{
    private char[] _chars = new char[256];

    public int Length { get; private set; }

    public char this[int i] => _chars[i];

    /// <summary>The text; valid until the next change.</summary>
    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public ReadOnlySpan<char> Slice(int start, int end) => _chars.AsSpan(start, end - start);

    public void Set(ReadOnlySpan<char> text)
    {
        if (text.Length > _chars.Length) _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        text.CopyTo(_chars);
        Length = text.Length;
    }

    /// <summary>Replaces [start, end) with value (which must not point into this buffer).</summary>
    public void Replace(int start, int end, ReadOnlySpan<char> value)
    {
        var length = Length - (end - start) + value.Length;
        if (length > _chars.Length)
        {
            var grown = new char[Math.Max(length, _chars.Length * 2)];
            _chars.AsSpan(0, start).CopyTo(grown);
            _chars.AsSpan(end, Length - end).CopyTo(grown.AsSpan(start + value.Length));
            _chars = grown;
        }
        else
        {
            _chars.AsSpan(end, Length - end).CopyTo(_chars.AsSpan(start + value.Length));
        }
        value.CopyTo(_chars.AsSpan(start));
        Length = length;
    }

    public override string ToString() => new(Span);
}
