using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;
using Zblegen.Generator;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

/// <summary>
/// What one multitest instance runs, as --hosts names it: a unix binary with a host stack (nimble, btstack, zephyr),
/// or qemu-STACK, the firmware of the board QEMU emulates (bindings/build.json's port with a qemu entry) under QEMU.
/// </summary>
internal sealed record MultitestHostKind(string Name, HostStack Stack, bool Qemu)
{
    private const string QemuPrefix = MultitestRunner.QemuKindPrefix;

    public static MultitestHostKind Parse(string name)
    {
        if (!name.StartsWith(QemuPrefix, StringComparison.OrdinalIgnoreCase))
            return new MultitestHostKind(name.ToLowerInvariant(), HostStacks.Parse(name), false);
        var stack = HostStacks.Parse(name[QemuPrefix.Length..]);
        if (stack != HostStack.Zephyr)
            throw new ZblegenException($"--hosts {name}: MicroPython's qemu port has no BLE host of its own; use qemu-zephyr");
        return new MultitestHostKind(name.ToLowerInvariant(), stack, true);
    }

    /// <summary>Builds (incrementally) the Zephyr firmware of the registry's QEMU board, as zblegen build does.</summary>
    public static HostBinary BuildQemuFirmware(RepoLayout repo, UpstreamTree micropython, UpstreamTree zephyr, string cacheRoot, string? profile, Action<string> log)
    {
        var board = BoardSpec.Known(TargetRegistry.Load(repo)).FirstOrDefault(b => b.Target.Qemu is not null)
            ?? throw new ZblegenException("bindings/build.json: no board has a \"qemu\" entry; add one to run qemu-zephyr");
        var name = profile ?? ProfileLibrary.DefaultProfile;
        var integration = new IntegrationPipeline(repo).RenderIntoCache(name, board.IntegrationPort, Path.Combine(cacheRoot, "generated"));
        var elf = new BoardBuilder(repo, micropython, cacheRoot, log, zephyr).Build(board, HostStack.Zephyr, integration, name).Elf;
        var qemu = board.Target.Qemu!;
        return new HostBinary($"{QemuPrefix}{HostStack.Zephyr.Name()}", elf, new QemuHost(qemu.System, qemu.Machine, qemu.SeedAddressValue));
    }
}
