// LOG_LEVEL names a Kconfig symbol the configuration does not define, as
// when a host file's log option is off: the default level applies.

#define LOG_LEVEL CONFIG_TEST_NOT_DEFINED_LOG_LEVEL
#include "zephyr_ble_log.h"

LOG_MODULE_REGISTER(test_undef);

void log_from_undefined_level_module(void) {
    LOG_WRN("undefined warning");
    LOG_INF("undefined info");
    LOG_DBG("undefined debug");
}
