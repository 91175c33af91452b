namespace Zblegen.Generator;

internal static class GeneratorPlaceholder { }
