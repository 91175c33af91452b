// Logging: per-file levels, the global threshold, compiled-out arguments,
// hex dumps. Built with MP_BLUETOOTH_ZEPHYR_LOG_LEVEL=LOG_LEVEL_INF.

#include <string.h>

#include "hal_test.h"

// As the host does: the file's level comes from LOG_LEVEL.
#define LOG_LEVEL LOG_LEVEL_DBG
#include "zephyr_ble_log.h"
LOG_MODULE_REGISTER(test_main);

// In test_log_modules.c.
void log_from_err_module(void);
void log_from_default_module(void);
void log_from_undefined_level_module(void);
void log_from_named_module(void);

static int side_effects;

static int bump(void) {
    return ++side_effects;
}

static void log_prints_up_to_the_global_threshold(void) {
    LOG_ERR("err %d", 1);
    LOG_WRN("wrn %s", "two");
    LOG_INF("inf %u", 3u);
    LOG_DBG("dbg %d", 4);
    CHECK_EQ(test_log_count, 3);
    CHECK(strcmp(test_log_text[0], "err 1") == 0);
    CHECK(strcmp(test_log_text[1], "wrn two") == 0);
    CHECK(strcmp(test_log_text[2], "inf 3") == 0);
    CHECK_EQ(test_log_level[0], LOG_LEVEL_ERR);
    CHECK_EQ(test_log_level[2], LOG_LEVEL_INF);
    CHECK(strcmp(test_log_module[0], "test_main") == 0);
}

static void log_empty_message_compiles_and_prints(void) {
    LOG_INF("");
    LOG_DBG("");
    CHECK_EQ(test_log_count, 1);
    CHECK(strcmp(test_log_text[0], "") == 0);
}

static void log_filtered_arguments_are_not_evaluated(void) {
    side_effects = 0;
    LOG_DBG("%d", bump());
    CHECK_EQ(side_effects, 0);
    LOG_INF("%d", bump());
    CHECK_EQ(side_effects, 1);
}

static void log_module_levels(void) {
    log_from_err_module();
    CHECK_EQ(test_log_count, 1);
    CHECK(strcmp(test_log_text[0], "only errors") == 0);
    CHECK(strcmp(test_log_module[0], "test_err") == 0);
    log_from_default_module();
    CHECK_EQ(test_log_count, 3);
    CHECK(strcmp(test_log_text[2], "default info") == 0);
    log_from_undefined_level_module();
    CHECK_EQ(test_log_count, 5);
    CHECK(strcmp(test_log_module[4], "test_undef") == 0);
    log_from_named_module();
    CHECK_EQ(test_log_count, 6);
    CHECK(strcmp(test_log_module[5], "test_named") == 0);
}

static void log_hexdump_lines(void) {
    uint8_t data[20];
    for (int i = 0; i < 20; ++i) {
        data[i] = (uint8_t)(i * 17);
    }
    LOG_HEXDUMP_INF(data, sizeof(data), "payload");
    LOG_HEXDUMP_DBG(data, sizeof(data), "filtered");
    CHECK_EQ(test_log_count, 3);
    CHECK(strcmp(test_log_text[0], "payload") == 0);
    CHECK(strcmp(test_log_text[1], "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff") == 0);
    CHECK(strcmp(test_log_text[2], "10 21 32 43") == 0);
}

int main(void) {
    RUN(log_prints_up_to_the_global_threshold);
    RUN(log_empty_message_compiles_and_prints);
    RUN(log_filtered_arguments_are_not_evaluated);
    RUN(log_module_levels);
    RUN(log_hexdump_lines);
    return test_finish();
}
