// The port hooks of a plain POSIX program standing where MicroPython will: time from the
// monotonic clock, the emulator's pty (MICROPYBTUART) as the H4 byte stream, malloc, stderr.
// PSA Crypto is the stand-in of Fixtures/common/psa_stubs.c; main() is in the *_main.c files.
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <zephyr/kernel.h>
#include <zephyr/init.h>
#include <zephyr/logging/log.h>
#include "zephyr_ble_h4.h"

static int hci_fd = -1;

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) { return 0; }
void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) { (void)key; }
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
void mp_bluetooth_zephyr_port_poll(void) { mp_bluetooth_zephyr_h4_poll(); }
void mp_bluetooth_zephyr_port_idle(void) {
    struct pollfd p = { .fd = hci_fd, .events = POLLIN };
    poll(&p, 1, 1);
}
void mp_bluetooth_zephyr_port_wake(void) { }
void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)rand();
    }
}
void *mp_bluetooth_zephyr_port_malloc(size_t size) { return malloc(size); }
void mp_bluetooth_zephyr_port_free(void *ptr) { free(ptr); }
void mp_bluetooth_zephyr_port_fatal(void) { printf("fatal\n"); abort(); }
void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%d %s: ", level, module);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

int mp_bluetooth_zephyr_port_hci_open(void) {
    hci_fd = open(getenv("MICROPYBTUART"), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (hci_fd < 0) {
        return -ENODEV;
    }
    struct termios t;
    tcgetattr(hci_fd, &t);
    cfmakeraw(&t);
    tcsetattr(hci_fd, TCSANOW, &t);
    return 0;
}
void mp_bluetooth_zephyr_port_hci_close(void) { close(hci_fd); }
int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) {
    ssize_t n = read(hci_fd, buf, len);
    return n < 0 ? 0 : (int)n;
}
int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(hci_fd, buf, len);
        if (n < 0) {
            struct pollfd p = { .fd = hci_fd, .events = POLLOUT };
            poll(&p, 1, 10);
            continue;
        }
        buf += n;
        len -= n;
    }
    return 0;
}
