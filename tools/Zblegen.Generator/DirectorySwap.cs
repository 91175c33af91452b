using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>
/// Replaces one output folder as a whole: everything is written to a sibling temporary folder,
/// which then takes the old one's place. A failed run leaves the previous output untouched, and
/// files whose template was removed do not linger.
/// </summary>
public static class DirectorySwap
{
    public static void Replace(string target, IReadOnlyDictionary<string, string> files)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var name = Path.GetFileName(Path.GetFullPath(target));
        var staging = Path.Combine(parent, $".{name}.zblegen-new");
        var retired = Path.Combine(parent, $".{name}.zblegen-old");
        try
        {
            Directory.CreateDirectory(parent);
            Delete(staging);
            Delete(retired);
            var output = new AtomicOutput(staging);
            foreach (var (rel, text) in files)
                output.Stage(rel, text);
            Directory.CreateDirectory(staging);
            output.Commit();
            if (Directory.Exists(target))
                Directory.Move(target, retired);
            Directory.Move(staging, target);
            Delete(retired);
        }
        catch (ZblegenException)
        {
            Delete(staging);
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Delete(staging);
            if (!Directory.Exists(target) && Directory.Exists(retired))
                Directory.Move(retired, target);
            throw new ZblegenException($"{target}: cannot write output there ({e.Message}); choose a writable directory with --out");
        }
    }

    private static void Delete(string dir)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }
}
