using System.Text;

namespace Zblegen.Core;

/// <summary>
/// Files staged in memory and written all at once: each goes to a temporary file beside its
/// destination and is renamed into place, so a failed run leaves no half-written output.
/// </summary>
public sealed class AtomicOutput
{
    private readonly string _root;
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public AtomicOutput(string root) => _root = Path.GetFullPath(root);

    public string Root => _root;

    /// <summary>Fails now, before any long work, when the root cannot be created or written.</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(_root);
            var probe = Path.Combine(_root, $".zblegen-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, Array.Empty<byte>());
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZblegenException($"{_root}: cannot write output there ({e.Message}); choose a writable directory with --out");
        }
    }

    public void Stage(string relativePath, string text) => _files[relativePath] = new UTF8Encoding(false).GetBytes(text);

    /// <summary>Writes every staged file; returns the paths written, relative to the root.</summary>
    public IReadOnlyList<string> Commit()
    {
        var temps = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (rel, bytes) in _files)
            {
                var final = Path.Combine(_root, rel);
                var dir = Path.GetDirectoryName(final)!;
                Directory.CreateDirectory(dir);
                var temp = Path.Combine(dir, $".{Path.GetFileName(final)}.zblegen-tmp");
                File.WriteAllBytes(temp, bytes);
                temps.Add((temp, final));
            }
            foreach (var (temp, final) in temps)
                File.Move(temp, final, overwrite: true);
            return _files.Keys.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var (temp, _) in temps)
                TryDelete(temp);
            throw new ZblegenException($"{_root}: cannot write output there ({e.Message}); choose a writable directory with --out");
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
