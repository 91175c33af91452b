// A plain POSIX program standing where MicroPython will: it gives the HAL its port hooks, opens
// the emulator's pty for the H4 transport, and brings the unmodified Zephyr host up with
// bt_enable(), then advertises. PSA Crypto is the stand-in of Fixtures/common/psa_stubs.c.
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
#include <zephyr/bluetooth/bluetooth.h>
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

static const struct bt_data ad[] = {
    BT_DATA_BYTES(BT_DATA_FLAGS, BT_LE_AD_NO_BREDR),
    BT_DATA(BT_DATA_NAME_COMPLETE, "zblegen", 7),
};

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("inits %d\n", mp_bluetooth_zephyr_hal_run_inits());
    int err = bt_enable(NULL);
    printf("bt_enable %d\n", err);
    if (err == 0) {
        bt_addr_le_t addrs[1];
        size_t count = 1;
        bt_id_get(addrs, &count);
        printf("identities %u\n", (unsigned)count);
        printf("bt_le_adv_start %d\n", bt_le_adv_start(BT_LE_ADV_NCONN, ad, ARRAY_SIZE(ad), NULL, 0));
        uint64_t until = mp_bluetooth_zephyr_port_ticks_ms() + 300;
        while (mp_bluetooth_zephyr_port_ticks_ms() < until) {
            mp_bluetooth_zephyr_hal_poll();
            mp_bluetooth_zephyr_port_idle();
        }
        printf("bt_le_adv_stop %d\n", bt_le_adv_stop());
    }
    struct mp_bluetooth_zephyr_h4_stats stats;
    mp_bluetooth_zephyr_h4_get_stats(&stats);
    printf("h4 dropped %u\n", (unsigned)stats.rx_dropped_bytes);
    return err == 0 ? 0 : 1;
}
