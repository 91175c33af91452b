// No level anywhere: CONFIG_LOG_DEFAULT_LEVEL, else INF.

#include "zephyr_ble_log.h"

LOG_MODULE_REGISTER(test_default);

void log_from_default_module(void) {
    LOG_WRN("default warning");
    LOG_INF("default info");
    LOG_DBG("default debug");
}
