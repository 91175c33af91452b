using Zblegen.Generator;
using Zblegen.Generator.Usage;

namespace Zblegen.Tests;

/// <summary>
/// zephyr_ble_sections.ld from the committed snapshots (no tree needed): which iterable types each port keeps in
/// flash, and how the writable ones are loaded.
/// </summary>
[TestFixture]
public class SectionsScriptTests
{
    private static string Script(string profile, string port, IReadOnlyList<IterableSection>? iterables = null)
    {
        var model = new ModelLoader(TestPaths.Repo).Load(profile, port);
        if (iterables != null)
            model = model with { Iterables = iterables };
        return new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(model).Files["zephyr_ble_sections.ld"];
    }

    [TestCase("unix")]
    [TestCase("pybd_sf6")]
    [TestCase("rpi_pico_w")]
    [TestCase("mps2_an500")]
    public void Every_scanned_type_has_bounds_once(string port)
    {
        var usage = new ModelLoader(TestPaths.Repo).Load("full", port).Iterables;
        Assert.That(usage.Select(i => i.Name), Is.SupersetOf(new[] { "net_buf_pool", "bt_conn_cb", "bt_l2cap_fixed_chan", "zb_init_entry" }));
        var script = Script("full", port);
        foreach (var it in usage)
        {
            Assert.That(script.Split($"__start_zb_it_{it.Name} = .;").Length - 1, Is.EqualTo(1), it.Name);
            Assert.That(script, Does.Contain($"KEEP(*(SORT_BY_NAME(zb_it_{it.Name}.*)))"));
        }
    }

    [Test]
    public void Unix_keeps_everything_beside_data_and_loads_it_in_place()
    {
        var script = Script("gatt", "unix");
        Assert.That(script, Does.Not.Contain("zb_it_rodata"));
        Assert.That(script, Does.Contain("    zb_it_data :\n"));
        Assert.That(script, Does.Contain("INSERT AFTER .data;"));
        Assert.That(script, Does.Not.Contain("ORIGIN("));
    }

    [Test]
    public void Pybd_sf6_loads_the_data_from_flash_after_data_and_bounds_it_by_flash_app()
    {
        var script = Script("gatt", "pybd_sf6");
        Assert.That(script, Does.Contain("zb_it_data : AT(ALIGN(LOADADDR(.data) + SIZEOF(.data), 8))"));
        Assert.That(script, Does.Contain("ORIGIN(FLASH_APP) + LENGTH(FLASH_APP)"));
        Assert.That(script, Does.Not.Contain("zb_it_rodata"));
    }

    [Test]
    public void Mps2_an500_names_its_one_ram_region_and_loads_the_data_after_data()
    {
        // mps2.ld's RAM has no attributes ld could pick it by: without the name, zb_it_data would run at address 0.
        var data = Script("gatt", "mps2_an500").Split("SECTIONS\n{\n")[1];
        Assert.That(data, Does.StartWith("    zb_it_data : AT(ALIGN(LOADADDR(.data) + SIZEOF(.data), 8))\n")
            .And.Contain("    } > RAM\n    __zb_it_data_load = LOADADDR(zb_it_data);\n"));
    }

    [Test]
    public void Rpi_pico_w_runs_the_data_in_ram_and_advances_flash_with_its_image()
    {
        // Composed into memmap_mp_rp2040.ld after its MEMORY: the regions can be named, and AT> moves FLASH's location
        // counter past the image, so .scratch_x/.scratch_y's images and __flash_binary_end come after it.
        var script = Script("gatt", "rpi_pico_w");
        Assert.That(script, Does.Contain("    } > RAM AT> FLASH\n"));
        Assert.That(script, Does.Not.Contain("AT(ALIGN("));
        var cmake = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(new ModelLoader(TestPaths.Repo).Load("gatt", "rpi_pico_w")).Files;
        Assert.That(cmake["zephyr_ble.cmake"], Does.Contain("function(zephyr_ble_compose_linker_script PORT_SCRIPT OUT_VAR)"));
        Assert.That(Script("gatt", "pybd_sf6"), Does.Not.Contain("AT> "));
    }

    [Test]
    public void Only_types_with_const_entries_alone_stay_in_flash()
    {
        var iterables = new[]
        {
            new IterableSection("all_const", 4, 2, 0, new[] { "a.c" }),
            new IterableSection("mixed", 4, 1, 1, new[] { "a.c" }),
            new IterableSection("writable", 4, 0, 3, new[] { "a.c" }),
            new IterableSection("iterated_only", 4, 0, 0, new[] { "a.c" }),
        };
        var script = Script("gatt", "rpi_pico_w", iterables);
        var rodata = script[script.IndexOf("zb_it_rodata :")..script.IndexOf("INSERT AFTER .rodata;")];
        var data = script[script.IndexOf("zb_it_data :")..script.IndexOf("INSERT AFTER .data;")];
        Assert.That(rodata, Does.Contain("__start_zb_it_all_const"));
        foreach (var name in new[] { "mixed", "writable", "iterated_only" })
        {
            Assert.That(rodata, Does.Not.Contain($"__start_zb_it_{name} "), name);
            Assert.That(data, Does.Contain($"__start_zb_it_{name} = .;"), name);
        }
    }
}
