namespace Zblegen.Kconfig;

internal static class KconfigPlaceholder { }
