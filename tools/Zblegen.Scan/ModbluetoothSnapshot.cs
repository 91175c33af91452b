namespace Zblegen.Scan;

/// <summary>What extmod/modbluetooth.h declares, as the backend templates need it.</summary>
public sealed record ModbluetoothSnapshot(
    string Micropython,
    string Header,
    ScanContext Context,
    IReadOnlyList<OptionDefault> Options,
    IReadOnlyList<ConstantDefinition> Constants,
    IReadOnlyList<FunctionDeclaration> Functions,
    IReadOnlyList<TypeDeclaration> Types);

/// <summary>How the header was parsed: the port whose config it was read with and the extra defines.</summary>
public sealed record ScanContext(string Port, IReadOnlyList<string> Defines);

/// <summary>A MICROPY_PY_BLUETOOTH_* option the header defaults when the port leaves it unset.</summary>
public sealed record OptionDefault(string Name, string Default, long? Value, int Line);

/// <summary>An MP_BLUETOOTH_* macro with its value (null when it is not an integer constant).</summary>
public sealed record ConstantDefinition(string Name, string Text, long? Value, string? Guard, int Line);

public sealed record Parameter(string Name, string Type);

/// <summary>Who provides a declared function: the backend, modbluetooth.c, or the header itself (static inline).</summary>
public enum Provider { Backend, Modbluetooth, Header }

public sealed record FunctionDeclaration(string Name, string Returns, IReadOnlyList<Parameter> Parameters, string? Guard, Provider ImplementedBy, int Line)
{
    /// <summary>The C prototype, e.g. "int mp_bluetooth_gatts_read(uint16_t value_handle, const uint8_t **value, size_t *value_len)".</summary>
    public string Prototype =>
        $"{Returns} {Name}({(Parameters.Count == 0 ? "void" : string.Join(", ", Parameters.Select(p => Declarator(p.Type, p.Name))))})";

    private static string Declarator(string type, string name) => type.EndsWith('*') ? type + name : $"{type} {name}";
}

public sealed record TypeDeclaration(string Name, string Underlying, string? Guard, int Line);
