namespace Zblegen.Emulator;

internal static class EmulatorPlaceholder { }
