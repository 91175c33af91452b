// Built without MP_BLUETOOTH_ZEPHYR_LOG_LEVEL and without CONFIG_LOG: as in
// Zephyr, logging is off, and arguments are still type-checked but not run.

#include "hal_test.h"

#define LOG_LEVEL LOG_LEVEL_DBG
#include "zephyr_ble_log.h"
LOG_MODULE_REGISTER(test_off);

static int side_effects;

static int bump(void) {
    return ++side_effects;
}

static void log_is_off_without_config_log(void) {
    LOG_ERR("err %d", bump());
    LOG_HEXDUMP_ERR(&side_effects, sizeof(side_effects), "dump");
    CHECK_EQ(MP_BLUETOOTH_ZEPHYR_LOG_LEVEL, LOG_LEVEL_NONE);
    CHECK_EQ(test_log_count, 0);
    CHECK_EQ(side_effects, 0);
}

int main(void) {
    RUN(log_is_off_without_config_log);
    return test_finish();
}
