using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>One template: where it is, its name relative to templates/, and the output it renders.</summary>
public sealed record TemplateFile(string Path, string Name, string Output);

/// <summary>Every *.sbn under templates/, laid out like the output it renders (the .sbn suffix dropped).</summary>
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
                ? new TemplateFile(f.Path, f.Name, f.Name[..^Suffix.Length])
                : throw new ZblegenException($"templates/{f.Name}: not a template; name it {f.Name}{Suffix} (every file under templates/ is rendered)"))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        return new TemplateSet(templatesDir, files);
    }

    /// <summary>The template rendering this output, or a clear error naming what is missing.</summary>
    public TemplateFile Require(string output) =>
        Files.FirstOrDefault(f => f.Output == output)
        ?? throw new ZblegenException($"templates/{output}{Suffix}: missing template; restore it from git or add it");
}
