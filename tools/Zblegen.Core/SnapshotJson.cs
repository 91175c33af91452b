using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zblegen.Core;

/// <summary>The one JSON style of every snapshot: indented, camelCase, readable characters, LF, trailing newline.</summary>
public static class SnapshotJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    public static T Deserialize<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new ZblegenException($"{path}: cannot read snapshot ({e.Message}); regenerate it with zblegen scan or restore it from git");
        }
    }
}
