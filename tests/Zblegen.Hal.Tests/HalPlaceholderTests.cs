namespace Zblegen.Hal.Tests;

internal static class HalPlaceholder { }
