// Fake host source for zblegen's tests.
#include <string.h>
#include <zephyr/kernel.h>
#include "core_internal.h"
#if defined(CONFIG_BT_SMP)
#include "common/helper.h"
#endif

int core(void) { return 0; }
