// Hex dumps for LOG_HEXDUMP_*; plain messages go straight to the port hook.

#include "zephyr_ble_log.h"

#define HEXDUMP_BYTES_PER_LINE (16)

void mp_bluetooth_zephyr_hal_log_hexdump(int level, const char *module, const void *data,
    size_t length, const char *str) {
    static const char digits[] = "0123456789abcdef";
    const uint8_t *bytes = data;
    char line[HEXDUMP_BYTES_PER_LINE * 3 + 1];
    mp_bluetooth_zephyr_port_log(level, module, "%s", str);
    for (size_t offset = 0; offset < length; offset += HEXDUMP_BYTES_PER_LINE) {
        size_t n = length - offset < HEXDUMP_BYTES_PER_LINE ? length - offset : HEXDUMP_BYTES_PER_LINE;
        char *p = line;
        for (size_t i = 0; i < n; ++i) {
            *p++ = digits[bytes[offset + i] >> 4];
            *p++ = digits[bytes[offset + i] & 0xf];
            *p++ = ' ';
        }
        p[-1] = '\0';
        mp_bluetooth_zephyr_port_log(level, module, "%s", line);
    }
}
