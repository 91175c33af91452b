// The few Zephyr library functions the host calls that are not worth Zephyr's own implementation
// here: formatted printing goes through the C library's vsnprintf (MicroPython's own on the
// boards), and assert messages through the HAL's log hook.

#include <stdarg.h>
#include <stdio.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/printk.h>

#ifndef snprintk // printk.h maps it to snprintf itself in some configurations
int snprintk(char *str, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(str, size, fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintk(char *str, size_t size, const char *fmt, va_list ap) {
    return vsnprintf(str, size, fmt, ap);
}
#endif

void assert_print(const char *fmt, ...) {
    char line[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    mp_bluetooth_zephyr_port_log(LOG_LEVEL_ERR, "assert", "%s", line);
}
