// Three more files with different ways of setting their log level. Each
// file of the host is its own translation unit, so each gets its own.

#include "zephyr_ble_log.h"

// lib/net_buf names its module through a macro; see test_log_named.c.

// Level as the registration argument (and LOG_LEVEL not defined).
#define CONFIG_TEST_ERR_LOG_LEVEL 1
LOG_MODULE_REGISTER(test_err, CONFIG_TEST_ERR_LOG_LEVEL);

void log_from_err_module(void) {
    LOG_ERR("only errors");
    LOG_WRN("not this");
    LOG_INF("nor this");
}
