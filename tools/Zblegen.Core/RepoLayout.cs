namespace Zblegen.Core;

/// <summary>Where the zblegen repository is: bindings/, templates/, extmod-out/ hang off it.</summary>
public sealed record RepoLayout(string Root)
{
    public string Bindings => Path.Combine(Root, "bindings");
    public string Snapshots => Path.Combine(Bindings, "snapshots");
    public string Templates => Path.Combine(Root, "templates");
    public string ExtmodOut => Path.Combine(Root, "extmod-out");
    public string Ports => Path.Combine(Root, "ports");

    /// <summary>
    /// ZBLEGEN_REPO, else the nearest folder holding Generator.sln above the working directory,
    /// else above the tool's own binaries (the wrapper runs it from the repository's tools/).
    /// </summary>
    public static RepoLayout Find(IEnvironment env)
    {
        var fromEnv = env.Get("ZBLEGEN_REPO");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            if (!IsRepo(fromEnv))
                throw new ZblegenException($"ZBLEGEN_REPO={fromEnv}: no Generator.sln and bindings/ there; point it at the zblegen checkout or unset it");
            return new RepoLayout(Path.GetFullPath(fromEnv));
        }
        foreach (var start in new[] { env.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (IsRepo(dir.FullName))
                    return new RepoLayout(dir.FullName);
        }
        throw new ZblegenException("cannot find the zblegen repository (Generator.sln with bindings/); run zblegen inside the checkout or set ZBLEGEN_REPO");
    }

    private static bool IsRepo(string dir) =>
        File.Exists(Path.Combine(dir, "Generator.sln")) && Directory.Exists(Path.Combine(dir, "bindings"));
}
