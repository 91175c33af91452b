// Zephyr logging for the BLE host, printed through a port hook.
//
// Each file's level comes from LOG_MODULE_REGISTER/LOG_MODULE_DECLARE (the
// level argument, else LOG_LEVEL when the file defines it, else
// CONFIG_LOG_DEFAULT_LEVEL, else INF). A message prints if its level is at or
// below both the file's level and MP_BLUETOOTH_ZEPHYR_LOG_LEVEL, the global
// threshold. Both are constants, so filtered calls compile to nothing, yet
// their arguments are still type-checked and count as used (no
// unused-variable warnings when logging is off).

#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_LOG_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_LOG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOG_LEVEL_NONE 0
#define LOG_LEVEL_ERR 1
#define LOG_LEVEL_WRN 2
#define LOG_LEVEL_INF 3
#define LOG_LEVEL_DBG 4

// Global threshold: messages above it are compiled out everywhere. As in
// Zephyr, nothing prints unless CONFIG_LOG is set (format strings cost
// flash); then CONFIG_LOG_MAX_LEVEL caps it. Override with -D.
#ifndef MP_BLUETOOTH_ZEPHYR_LOG_LEVEL
#if !defined(CONFIG_LOG)
#define MP_BLUETOOTH_ZEPHYR_LOG_LEVEL LOG_LEVEL_NONE
#elif defined(CONFIG_LOG_MAX_LEVEL)
#define MP_BLUETOOTH_ZEPHYR_LOG_LEVEL CONFIG_LOG_MAX_LEVEL
#else
#define MP_BLUETOOTH_ZEPHYR_LOG_LEVEL LOG_LEVEL_WRN
#endif
#endif

#ifdef CONFIG_LOG_DEFAULT_LEVEL
#define MP_ZB_LOG_DEFAULT_LEVEL CONFIG_LOG_DEFAULT_LEVEL
#else
#define MP_ZB_LOG_DEFAULT_LEVEL LOG_LEVEL_INF
#endif

// The host's format strings are written for Zephyr's 32-bit targets (%u for a
// size_t sum, %zu for an int): checking them on a 64-bit host only reports that,
// so the format check is on where it means something.
#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 4
#define MP_ZB_LOG_PRINTF_LIKE __attribute__((format(printf, 3, 4)))
#else
#define MP_ZB_LOG_PRINTF_LIKE
#endif

// Print hook (MicroPython: mp_printf to mp_plat_print). It gets one message
// without a line ending and prints the line.
void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...)
MP_ZB_LOG_PRINTF_LIKE;

// The short name ports print before a message: "err", "wrn", "inf", "dbg".
static inline const char *mp_bluetooth_zephyr_log_level_name(int level) {
    static const char *const names[] = { "", "err", "wrn", "inf", "dbg" };
    return level >= 0 && level <= 4 ? names[level] : "?";
}

// Hex dump through the print hook, 16 bytes a line.
void mp_bluetooth_zephyr_hal_log_hexdump(int level, const char *module, const void *data,
    size_t length, const char *str);

// MP_ZB_LOG_RESOLVE(x, dflt) is x if x expands to a level 0..4, otherwise
// dflt: so an undefined LOG_LEVEL or CONFIG_*_LOG_LEVEL means "default".
#define MP_ZB_LOG_PROBE_0 ~, 0
#define MP_ZB_LOG_PROBE_1 ~, 1
#define MP_ZB_LOG_PROBE_2 ~, 2
#define MP_ZB_LOG_PROBE_3 ~, 3
#define MP_ZB_LOG_PROBE_4 ~, 4
#define MP_ZB_LOG_SECOND(a, b, ...) b
#define MP_ZB_LOG_PICK(probe, dflt) MP_ZB_LOG_SECOND(probe, dflt, ~)
#define MP_ZB_LOG_RESOLVE_(x, dflt) MP_ZB_LOG_PICK(MP_ZB_LOG_PROBE_##x, dflt)
#define MP_ZB_LOG_RESOLVE(x, dflt) MP_ZB_LOG_RESOLVE_(x, dflt)

#define MP_ZB_LOG_MODULE(name, level, ...) \
    enum { mp_zb_log_module_level = MP_ZB_LOG_RESOLVE(level, MP_ZB_LOG_DEFAULT_LEVEL) }; \
    static const char mp_zb_log_module_name[] __attribute__((unused)) = #name

#define LOG_MODULE_REGISTER(...) MP_ZB_LOG_MODULE(__VA_ARGS__, LOG_LEVEL, ~)
#define LOG_MODULE_DECLARE(...) MP_ZB_LOG_MODULE(__VA_ARGS__, LOG_LEVEL, ~)

#define MP_ZB_LOG_ENABLED(level) \
    ((level) <= MP_BLUETOOTH_ZEPHYR_LOG_LEVEL && (level) <= mp_zb_log_module_level)

// The host logs empty messages (LOG_DBG("")), which -Wformat rejects.
#define MP_ZB_LOG(level, ...) do { \
        _Pragma("GCC diagnostic push") \
        _Pragma("GCC diagnostic ignored \"-Wformat-zero-length\"") \
        if (MP_ZB_LOG_ENABLED(level)) { \
            mp_bluetooth_zephyr_port_log((level), mp_zb_log_module_name, __VA_ARGS__); \
        } \
        _Pragma("GCC diagnostic pop") \
} while (0)

#define MP_ZB_LOG_HEXDUMP(level, data, length, str) do { \
        if (MP_ZB_LOG_ENABLED(level)) { \
            mp_bluetooth_zephyr_hal_log_hexdump((level), mp_zb_log_module_name, (data), (length), (str)); \
        } \
} while (0)

#define LOG_ERR(...) MP_ZB_LOG(LOG_LEVEL_ERR, __VA_ARGS__)
#define LOG_WRN(...) MP_ZB_LOG(LOG_LEVEL_WRN, __VA_ARGS__)
#define LOG_INF(...) MP_ZB_LOG(LOG_LEVEL_INF, __VA_ARGS__)
#define LOG_DBG(...) MP_ZB_LOG(LOG_LEVEL_DBG, __VA_ARGS__)

#define LOG_HEXDUMP_ERR(data, length, str) MP_ZB_LOG_HEXDUMP(LOG_LEVEL_ERR, data, length, str)
#define LOG_HEXDUMP_WRN(data, length, str) MP_ZB_LOG_HEXDUMP(LOG_LEVEL_WRN, data, length, str)
#define LOG_HEXDUMP_INF(data, length, str) MP_ZB_LOG_HEXDUMP(LOG_LEVEL_INF, data, length, str)
#define LOG_HEXDUMP_DBG(data, length, str) MP_ZB_LOG_HEXDUMP(LOG_LEVEL_DBG, data, length, str)

// Logging is synchronous, so there is nothing to flush.
#define LOG_PANIC() do { } while (0)

#ifdef __cplusplus
}
#endif

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_LOG_H
