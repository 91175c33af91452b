namespace Zblegen.Core;

/// <summary>The process environment as an input, so discovery is testable without touching the real one.</summary>
public interface IEnvironment
{
    string? Get(string name);
    string CurrentDirectory { get; }
    string HomeDirectory { get; }
}

public sealed class ProcessEnvironment : IEnvironment
{
    public static readonly ProcessEnvironment Instance = new();
    public string? Get(string name) => System.Environment.GetEnvironmentVariable(name);
    public string CurrentDirectory => Directory.GetCurrentDirectory();
    public string HomeDirectory => System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
}

/// <summary>A fixed environment for tests.</summary>
public sealed record FakeEnvironment(IReadOnlyDictionary<string, string> Variables, string CurrentDirectory, string HomeDirectory) : IEnvironment
{
    public string? Get(string name) => Variables.TryGetValue(name, out var v) ? v : null;
}
