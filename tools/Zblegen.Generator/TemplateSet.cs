using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>One file under templates/: where it is, its name relative to templates/, the output it becomes, and
/// whether it is rendered (a Scriban .sbn) or copied as it is (plain C, headers, scripts).</summary>
public sealed record TemplateFile(string Path, string Name, string Output, bool IsTemplate);

/// <summary>
/// Every file under templates/, laid out like the output: a *.sbn is rendered (the suffix dropped), any
/// other file is copied byte for byte, so fixed C stays a file the compiler and its tools can read.
/// </summary>
public sealed class TemplateSet
{
    public const string Suffix = ".sbn";

    private TemplateSet(string root, IReadOnlyList<TemplateFile> files)
    {
        Root = root;
        Files = files;
    }

    public string Root { get; }
    public IReadOnlyList<TemplateFile> Files { get; }

    public static TemplateSet Load(string templatesDir)
    {
        if (!Directory.Exists(templatesDir))
            throw new ZblegenException($"{templatesDir}: no templates folder; restore templates/ from git");
        var files = Directory.EnumerateFiles(templatesDir, "*", SearchOption.AllDirectories)
            .Select(p => (Path: p, Name: System.IO.Path.GetRelativePath(templatesDir, p).Replace('\\', '/')))
            .Where(f => !f.Name.Split('/').Any(part => part.StartsWith('.')))
            .Select(f => f.Name.EndsWith(Suffix)
                ? new TemplateFile(f.Path, f.Name, f.Name[..^Suffix.Length], IsTemplate: true)
                : new TemplateFile(f.Path, f.Name, f.Name, IsTemplate: false))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        var clash = files.GroupBy(f => f.Output).FirstOrDefault(g => g.Count() > 1);
        if (clash != null)
            throw new ZblegenException($"templates/{clash.Key}: both a plain file and a template ({clash.Key}{Suffix}) make it; keep one");
        return new TemplateSet(templatesDir, files);
    }

    /// <summary>The file making this output, or a clear error naming what is missing.</summary>
    public TemplateFile Require(string output) =>
        Files.FirstOrDefault(f => f.Output == output)
        ?? throw new ZblegenException($"templates/{output}: missing; restore it from git or add it (plain, or as {System.IO.Path.GetFileName(output)}{Suffix} where it has substitutions)");
}
