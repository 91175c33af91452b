/* Shadows Zephyr's sys/time_units.h (sys/util.h includes it): tick conversions come from the
   HAL, where a tick is a millisecond whatever CONFIG_SYS_CLOCK_TICKS_PER_SEC says. */
#ifndef ZEPHYR_INCLUDE_TIME_UNITS_H_
#define ZEPHYR_INCLUDE_TIME_UNITS_H_

#include "zephyr_ble_hal.h"

#endif
