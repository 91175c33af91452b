using System.Text.RegularExpressions;
using Zblegen.Core;
using Zblegen.Scan;

namespace Zblegen.Generator;

/// <summary>
/// Which backend functions of extmod/modbluetooth.h the rendered binding implements and which
/// still raise OSError(EOPNOTSUPP) (their body is MP_BLUETOOTH_ZEPHYR_NOT_IN_SLICE(name)), read
/// off the rendered modbluetooth_zephyr.c so the count is what was generated, not what was meant.
/// </summary>
public sealed record BindingCoverage(IReadOnlyList<FunctionDeclaration> Implemented, IReadOnlyList<FunctionDeclaration> NotInSlice)
{
    public const string BindingFile = "modbluetooth_zephyr.c";
    private static readonly Regex Stub = new(@"\bMP_BLUETOOTH_ZEPHYR_NOT_IN_SLICE\((\w+)\);", RegexOptions.Compiled);

    /// <summary>Null when the generation has no binding.</summary>
    public static BindingCoverage? Of(GenerationResult result)
    {
        if (!result.Files.TryGetValue(BindingFile, out var text))
            return null;
        var functions = result.Model.BackendFunctions;
        var stubbed = Stub.Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var f in functions)
        {
            var definitions = Regex.Matches(text, $@"^{Regex.Escape(f.Prototype)} \{{$", RegexOptions.Multiline).Count;
            if (definitions != 1)
                throw new ZblegenException($"templates/zephyr_ble/{BindingFile}{TemplateSet.Suffix}: {f.Name} is defined {definitions} times in the rendered binding; each backend function of modbluetooth.h needs exactly one definition with its prototype");
        }
        var unknown = stubbed.Except(functions.Select(f => f.Name)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
            throw new ZblegenException($"templates/zephyr_ble/{BindingFile}{TemplateSet.Suffix}: stub for {string.Join(", ", unknown)}, which modbluetooth.h does not declare for a backend");
        return new BindingCoverage(
            functions.Where(f => !stubbed.Contains(f.Name)).ToArray(),
            functions.Where(f => stubbed.Contains(f.Name)).ToArray());
    }
}
