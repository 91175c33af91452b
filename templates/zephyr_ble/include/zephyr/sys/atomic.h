/* Shadows Zephyr's sys/atomic.h: atomics come from the HAL, single-core and interrupt-safe. */
#ifndef ZEPHYR_INCLUDE_SYS_ATOMIC_H_
#define ZEPHYR_INCLUDE_SYS_ATOMIC_H_

#include <stdbool.h>
#include <zephyr/toolchain.h>
#include "zephyr_ble_atomic.h"

#endif
