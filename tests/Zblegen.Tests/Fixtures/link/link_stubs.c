// Stand-ins for what the link test does not build: the port hooks, including the HCI byte stream
// (the MicroPython binding provides them). PSA Crypto comes from Fixtures/common/psa_stubs.c.
// Declared through the real headers, so a signature that drifts is a compile error here.
#include <stdlib.h>
#include <zephyr/kernel.h>
#include <zephyr/device.h>
#include <zephyr/init.h>
#include "zephyr_ble_h4.h"
#include <zephyr/logging/log.h>

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) { return 0; }
void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) { (void)key; }
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) { return 0; }
void mp_bluetooth_zephyr_port_poll(void) { }
void mp_bluetooth_zephyr_port_idle(void) { }
void mp_bluetooth_zephyr_port_wake(void) { }
void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) { memset(buf, 0, len); }
void *mp_bluetooth_zephyr_port_malloc(size_t size) { return malloc(size); }
void mp_bluetooth_zephyr_port_free(void *ptr) { free(ptr); }
void mp_bluetooth_zephyr_port_fatal(void) { abort(); }
void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) { (void)level; (void)module; (void)fmt; }

int mp_bluetooth_zephyr_port_hci_open(void) { return 0; }
void mp_bluetooth_zephyr_port_hci_close(void) { }
int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) { (void)buf; (void)len; return 0; }
int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) { (void)buf; (void)len; return 0; }

int main(void) {
    return mp_bluetooth_zephyr_hal_run_inits() == 0 ? 0 : 1;
}
