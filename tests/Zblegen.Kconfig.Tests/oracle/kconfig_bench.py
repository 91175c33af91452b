"""Times a reference kconfiglib on a Kconfig tree: parse, load fragments, write .config and autoconf.h.

usage: kconfig_bench.py LIBDIR KCONFIG OUTDIR RUNS [FRAGMENT ...]

Prints one JSON line: wall and CPU seconds of each run, measured inside the process (interpreter start excluded).
"""
import json
import os
import sys
import time


def main():
    libdir, kconfig, outdir, runs = sys.argv[1:5]
    fragments = sys.argv[5:]
    sys.path.insert(0, libdir)
    import kconfiglib

    times = []
    cpu = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        start_cpu = time.process_time()
        kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=False)
        for i, fragment in enumerate(fragments):
            kconf.load_config(fragment, replace=(i == 0))
        kconf.write_config(os.path.join(outdir, "config"), save_old=False)
        kconf.write_autoconf(os.path.join(outdir, "autoconf.h"))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(json.dumps({"seconds": times, "cpu": cpu, "symbols": len(kconf.unique_defined_syms)}))


if __name__ == "__main__":
    main()
