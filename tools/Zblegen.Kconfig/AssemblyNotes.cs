namespace Zblegen.Kconfig;

// Why the hot paths carry [MethodImpl(MethodImplOptions.AggressiveOptimization)]: a zblegen run
// parses the Zephyr tree once, so tiered compilation would run the parser in unoptimized tier-0
// code and then spend more time re-compiling it than the parse itself takes (measured: about a
// third less CPU per run with the hot methods fully optimized from the start).
internal static class AssemblyNotes
{
}
