using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Tests;

[TestFixture]
public class GeneratorTests
{
    private static GenerationModel DefaultModel() => new ModelLoader(TestPaths.Repo).Load(ProfileLibrary.DefaultProfile, "unix");

    private static TemplateSet TemplatesWith(params (string Name, string Text)[] files)
    {
        var dir = TestPaths.NewTempDir();
        foreach (var (name, text) in files.Append(("zephyr_ble/include/zephyr/autoconf.h.sbn", "{{ profile }}\n")))
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        return TemplateSet.Load(dir);
    }

    [Test]
    public void Committed_extmod_out_is_what_the_templates_render()
    {
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(DefaultModel());
        var committed = Path.Combine(TestPaths.Repo.ExtmodOut, Generation.OutputFolder);
        var onDisk = Directory.EnumerateFiles(committed, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(committed, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        Assert.That(onDisk, Is.EqualTo(result.Files.Keys.ToArray()), "run ./zblegen generate and commit extmod-out/");
        foreach (var (rel, text) in result.Files)
            Assert.That(File.ReadAllBytes(Path.Combine(committed, rel)), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(text)), $"{rel} differs: run ./zblegen generate and commit extmod-out/");
    }

    [Test]
    public void The_config_header_is_the_profiles_autoconf()
    {
        var model = DefaultModel();
        var header = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(model).Files["include/zephyr/autoconf.h"];
        var defines = header.Split('\n').Where(l => l.StartsWith("#define ")).ToArray();
        Assert.That(defines, Is.EqualTo(model.Config.Autoconf));
        Assert.That(defines, Does.Contain("#define CONFIG_BT_GATT_DYNAMIC_DB 1"), "gatt profile");
    }

    [Test]
    public void The_binding_defines_each_backend_function_of_modbluetooth_h_once_under_its_guard()
    {
        var model = DefaultModel();
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(model);
        Assert.That(model.BackendFunctions, Has.Count.EqualTo(41), "MicroPython 1.28.0 asks a backend for 41 functions");
        var coverage = result.Coverage;
        Assert.That(coverage.Implemented.Select(d => d.Name).Concat(coverage.Stubs.Select(f => f.Name)), Is.EquivalentTo(model.BackendFunctions.Select(f => f.Name)));
        foreach (var d in coverage.Implemented)
        {
            var f = model.BackendFunctions.Single(f => f.Name == d.Name);
            Assert.That((d.Prototype, d.Guard), Is.EqualTo((f.Prototype, f.Guard)), d.Where);
            var file = result.Files[d.File["templates/zephyr_ble/".Length..]].Split('\n');
            Assert.That(file[d.Line - 1], Does.StartWith(f.Prototype + " {"), $"{d.Where} is the definition's line");
        }
        // The first-light slice (issue 9); everything else may raise EOPNOTSUPP for now.
        Assert.That(coverage.Implemented.Select(f => f.Name), Is.SupersetOf(new[]
        {
            "mp_bluetooth_init", "mp_bluetooth_deinit", "mp_bluetooth_is_active", "mp_bluetooth_get_current_address",
            "mp_bluetooth_set_address_mode", "mp_bluetooth_gap_get_device_name", "mp_bluetooth_gap_set_device_name",
            "mp_bluetooth_gap_advertise_start", "mp_bluetooth_gap_advertise_stop", "mp_bluetooth_gap_scan_start",
            "mp_bluetooth_gap_scan_stop", "mp_bluetooth_gap_peripheral_connect", "mp_bluetooth_gap_disconnect",
            "mp_bluetooth_gatts_register_service_begin", "mp_bluetooth_gatts_register_service", "mp_bluetooth_gatts_register_service_end",
            "mp_bluetooth_gatts_read", "mp_bluetooth_gatts_write", "mp_bluetooth_gatts_notify_indicate",
            "mp_bluetooth_gattc_discover_primary_services", "mp_bluetooth_gattc_discover_characteristics",
            "mp_bluetooth_gattc_discover_descriptors", "mp_bluetooth_gattc_read", "mp_bluetooth_gattc_write",
            "mp_bluetooth_get_preferred_mtu", "mp_bluetooth_set_preferred_mtu", "mp_bluetooth_gattc_exchange_mtu",
        }));
        var stubs = result.Files["modbluetooth_zephyr_stubs.c"];
        foreach (var f in coverage.Stubs)
            Assert.That(stubs, Does.Contain(f.Guard is null ? $"\n{f.Prototype} {{\n    mp_raise_OSError(MP_EOPNOTSUPP);\n}}\n"
                : $"#if {f.Guard}\n{f.Prototype} {{\n    mp_raise_OSError(MP_EOPNOTSUPP);\n}}\n#endif // {f.Guard}\n"), f.Name);
        Assert.That(coverage.Implemented.Where(d => stubs.Contains($"{d.Prototype} {{")), Is.Empty, "no function is both defined and stubbed");
    }

    [Test]
    public void The_host_recipe_leaves_the_binding_to_the_ports_build()
    {
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(DefaultModel());
        var recipe = HostCompile.For(result);
        Assert.That(recipe.GeneratedSources, Has.None.Contains("modbluetooth_zephyr"));
        Assert.That(recipe.GeneratedSources, Has.One.EndsWith("/zephyr_ble_crypto.c"));
        Assert.That(recipe.BindingSources, Is.EqualTo(result.Files.Keys.Where(k => k.StartsWith("modbluetooth_zephyr") && k.EndsWith(".c")).Select(k => $"$(ZEPHYR_BLE_DIR)/{k}")));
        Assert.That(recipe.BindingSources, Does.Contain("$(ZEPHYR_BLE_DIR)/modbluetooth_zephyr_stubs.c").And.Contain("$(ZEPHYR_BLE_DIR)/modbluetooth_zephyr_gattc.c"));
        var module = result.Files["micropython.mk"];
        Assert.That(module, Does.Contain("SRC_USERMOD_C += \\\n" + string.Concat(recipe.BindingSources.Select(s => $"\t{s} \\\n"))));
        var cmake = result.Files["micropython.cmake"];
        Assert.That(cmake, Does.Contain("target_sources(usermod_zephyr_ble INTERFACE\n" + string.Concat(recipe.BindingSources.Select(s => $"    {s.Replace("$(", "${").Replace(")", "}")}\n")) + ")"));
        Assert.That(module, Does.Contain("SRC_USERMOD_LIB_C += $(ZEPHYR_BLE_SRC_C) $(ZEPHYR_BLE_GEN_SRC_C)"));
        Assert.That(module, Does.Contain("-DMICROPY_PY_BLUETOOTH=1"));
    }

    [Test]
    public void Rendering_twice_is_byte_identical()
    {
        var generation = new Generation(TemplateSet.Load(TestPaths.Repo.Templates));
        Assert.That(generation.Render(DefaultModel()).Files, Is.EqualTo(generation.Render(DefaultModel()).Files));
    }

    [Test]
    public void A_template_syntax_error_names_template_line_and_column()
    {
        var set = TemplatesWith(("zephyr_ble/bad.h.sbn", "line one\n{{ if profile }}\nno end\n"));
        var e = Assert.Throws<ZblegenException>(() => new Generation(set).Render(DefaultModel()))!;
        Assert.That(e.Message, Does.Match(@"^templates/zephyr_ble/bad\.h\.sbn:\d+:\d+: .*; fix the template$"));
    }

    [Test]
    public void An_unknown_model_member_is_an_error_not_empty_text()
    {
        var set = TemplatesWith(("zephyr_ble/x.h.sbn", "ok\n{{ no_such_thing }}\n"));
        var e = Assert.Throws<ZblegenException>(() => new Generation(set).Render(DefaultModel()))!;
        Assert.That(e.Message, Does.StartWith("templates/zephyr_ble/x.h.sbn:2:4:"));
    }

    [Test]
    public void A_missing_required_template_is_named()
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "zephyr_ble"));
        File.WriteAllText(Path.Combine(dir, "zephyr_ble", "other.h.sbn"), "x\n");
        var e = Assert.Throws<ZblegenException>(() => new Generation(TemplateSet.Load(dir)).Render(DefaultModel()))!;
        Assert.That(e.Message, Is.EqualTo("templates/zephyr_ble/include/zephyr/autoconf.h: missing; restore it from git or add it (plain, or as autoconf.h.sbn where it has substitutions)"));
    }

    [Test]
    public void A_plain_file_is_copied_byte_for_byte_even_where_it_looks_like_a_template()
    {
        var text = "// {{ profile }} stays as written\r\nint x;\n";
        var result = new Generation(TemplatesWith(("zephyr_ble/plain.c", text))).Render(DefaultModel());
        Assert.That(result.Files["plain.c"], Is.EqualTo(text));
    }

    [Test]
    public void A_plain_file_and_a_template_for_the_same_output_are_refused()
    {
        var e = Assert.Throws<ZblegenException>(() => TemplatesWith(("zephyr_ble/a.h", "a\n"), ("zephyr_ble/a.h.sbn", "{{ profile }}\n")))!;
        Assert.That(e.Message, Is.EqualTo("templates/zephyr_ble/a.h: both a plain file and a template (zephyr_ble/a.h.sbn) make it; keep one"));
    }

    [Test]
    public void Every_template_under_templates_has_a_substitution()
    {
        var untagged = TemplateSet.Load(TestPaths.Repo.Templates).Files
            .Where(f => f.IsTemplate && !File.ReadAllText(f.Path).Contains("{{"))
            .Select(f => f.Name);
        Assert.That(untagged, Is.Empty, "a .sbn without a substitution is fixed text: make it a plain file");
    }

    [Test]
    public void An_unknown_profile_is_a_clear_error()
    {
        var e = Assert.Throws<ZblegenException>(() => new ModelLoader(TestPaths.Repo).Load("nosuch", "unix"))!;
        Assert.That(e.Message, Does.Contain("profile-nosuch.json: missing snapshot").And.Contain("known profiles: connections, "));
    }

    [Test]
    public void Writing_replaces_the_folder_whole()
    {
        var outDir = TestPaths.NewTempDir();
        var stale = Path.Combine(outDir, Generation.OutputFolder, "stale.h");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "old");
        var result = new Generation(TemplatesWith(("zephyr_ble/a.h.sbn", "a\n"))).Render(DefaultModel());
        Generation.Write(result, outDir);
        Assert.That(File.Exists(stale), Is.False, "a file no template renders is gone");
        Assert.That(File.ReadAllText(Path.Combine(outDir, Generation.OutputFolder, "a.h")), Is.EqualTo("a\n"));
        Assert.That(Directory.EnumerateDirectories(outDir).Select(Path.GetFileName), Is.EqualTo(new[] { Generation.OutputFolder }), "no staging folders left");
    }

    [Test]
    public void A_failed_write_keeps_the_previous_output()
    {
        var outDir = TestPaths.NewTempDir();
        var result = new Generation(TemplatesWith(("zephyr_ble/a.h.sbn", "a\n"))).Render(DefaultModel());
        Generation.Write(result, outDir);
        var blocked = result with { Files = new Dictionary<string, string> { ["a.h"] = "new\n", ["a.h/impossible"] = "x" } };
        Assert.Throws<ZblegenException>(() => Generation.Write(blocked, outDir));
        Assert.That(File.ReadAllText(Path.Combine(outDir, Generation.OutputFolder, "a.h")), Is.EqualTo("a\n"));
    }

    [Test]
    public void No_generated_file_includes_a_c_file()
    {
        var files = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(DefaultModel()).Files;
        var offenders = files.Where(f => System.Text.RegularExpressions.Regex.IsMatch(f.Value, @"#\s*include\s*[<""][^>""]+\.c[>""]")).Select(f => f.Key);
        Assert.That(offenders, Is.Empty, "Zephyr statics are reached through public paths, never by including a .c file");
    }

    [Test]
    public void Make_and_cmake_fragments_list_the_profiles_sources_and_the_hal()
    {
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(DefaultModel());
        var mk = result.Files["zephyr_ble.mk"];
        var cmake = result.Files["zephyr_ble.cmake"];
        foreach (var source in result.Model.Config.Sources)
        {
            Assert.That(mk, Does.Contain($"$(ZEPHYR_BASE)/{source} \\"), source);
            Assert.That(cmake, Does.Contain($"${{ZEPHYR_BASE}}/{source}\n"), source);
        }
        Assert.That(mk, Does.Contain("$(ZEPHYR_BLE_DIR)/hal/zephyr_ble_work.c"));
        Assert.That(cmake, Does.Contain("${ZEPHYR_BLE_DIR}/hal/zephyr_ble_work.c"));
        Assert.That(cmake, Does.Not.Contain("$("), "make syntax does not leak into cmake");
    }
}
