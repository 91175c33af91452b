namespace Zblegen.Build;

internal static class BuildPlaceholder { }
