"""Dumps what a reference kconfiglib computes for a Kconfig tree, as JSON, for the differential tests.

usage: kconfig_dump.py LIBDIR|- KCONFIG OUTDIR [FRAGMENT ...] [:: FRAGMENT ...] ...

LIBDIR is put first on sys.path (e.g. Zephyr's scripts/kconfig); '-' uses the installed kconfiglib.
The environment (srctree and the rest) comes from the caller. The tree is parsed once; each
'::'-separated group of fragments is one scenario, loaded as a fresh configuration. Scenario N is
written to OUTDIR/result-N.json: every defined symbol's type, value and .config line, plus the
.config and autoconf.h texts.
"""
import json
import os
import sys


def scenarios(args):
    groups = [[]]
    for arg in args:
        if arg == "::":
            groups.append([])
        else:
            groups[-1].append(arg)
    return groups


def main():
    libdir, kconfig, outdir = sys.argv[1:4]
    if libdir != "-":
        sys.path.insert(0, libdir)
    import kconfiglib

    kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=False)
    for n, fragments in enumerate(scenarios(sys.argv[4:])):
        kconf.unset_values()
        for i, fragment in enumerate(fragments):
            kconf.load_config(fragment, replace=(i == 0))

        symbols = {}
        for sym in kconf.unique_defined_syms:
            symbols[sym.name] = {
                "type": kconfiglib.TYPE_TO_STR[sym.orig_type],
                "value": sym.str_value,
                "config": sym.config_string,
            }
        config_path = os.path.join(outdir, "config")
        autoconf_path = os.path.join(outdir, "autoconf.h")
        kconf.write_config(config_path, save_old=False)
        kconf.write_autoconf(autoconf_path)
        with open(config_path, encoding="utf-8") as f:
            config = f.read()
        with open(autoconf_path, encoding="utf-8") as f:
            autoconf = f.read()
        result = {"symbols": symbols, "config": config, "autoconf": autoconf}
        with open(os.path.join(outdir, "result-{}.json".format(n)), "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
