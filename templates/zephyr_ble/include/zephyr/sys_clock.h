/* Shadows Zephyr's sys_clock.h: k_timeout_t and the K_* timeouts come from the HAL, whose tick
   is one millisecond. */
#ifndef ZEPHYR_INCLUDE_SYS_CLOCK_H_
#define ZEPHYR_INCLUDE_SYS_CLOCK_H_

#include <stdint.h>
#include "zephyr_ble_hal.h"

#ifndef MSEC_PER_SEC
#define MSEC_PER_SEC 1000
#endif
#ifndef USEC_PER_MSEC
#define USEC_PER_MSEC 1000
#endif
#ifndef USEC_PER_SEC
#define USEC_PER_SEC 1000000
#endif
#ifndef NSEC_PER_USEC
#define NSEC_PER_USEC 1000
#endif
#ifndef NSEC_PER_MSEC
#define NSEC_PER_MSEC 1000000
#endif
#ifndef NSEC_PER_SEC
#define NSEC_PER_SEC 1000000000
#endif

#endif
