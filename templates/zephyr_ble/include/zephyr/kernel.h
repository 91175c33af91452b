/* Shadows Zephyr's kernel.h: the host's kernel is the cooperative HAL (hal/zephyr_ble_hal.h).
   The portable parts kernel.h would bring in come from Zephyr's own headers. */
#ifndef ZEPHYR_INCLUDE_KERNEL_H_
#define ZEPHYR_INCLUDE_KERNEL_H_

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <zephyr/toolchain.h>
#include <zephyr/types.h>
#include <zephyr/sys/util.h>
#include <zephyr/sys/__assert.h>
#include <zephyr/sys/slist.h>
#include <zephyr/sys/dlist.h>
#include <zephyr/sys/atomic.h>
#include <zephyr/sys_clock.h>
#include <zephyr/sys/printk.h>
#include "zephyr_ble_hal.h"

/* Zephyr places these in a no-init RAM section; here they are ordinary zeroed data, so no
   port's linker script needs a .noinit output section. */
#ifndef __noinit
#define __noinit
#endif

#endif
