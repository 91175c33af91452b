// The module name given through a macro, as lib/net_buf does.

#include "zephyr_ble_log.h"

#define LOG_MODULE_NAME test_named
LOG_MODULE_REGISTER(LOG_MODULE_NAME, LOG_LEVEL_DBG);

void log_from_named_module(void) {
    LOG_INF("named");
}
