/* Shadows Zephyr's logging/log.h: LOG_* print through MicroPython by level, compiled out below
   the configured level (hal/zephyr_ble_log.h). */
#ifndef ZEPHYR_INCLUDE_LOGGING_LOG_H_
#define ZEPHYR_INCLUDE_LOGGING_LOG_H_

#include "zephyr_ble_log.h"

#endif
