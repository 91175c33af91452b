// The board's side of the Zephyr BLE host: the hooks of hal/zephyr_ble_hal.h and
// hci/zephyr_ble_h4.h that depend on the controller (the H4 byte stream on UART1), idle and random
// numbers. The poll on the scheduler, tracked memory, the clock and logging are the integration's
// modbluetooth_zephyr_port.c, shared with the other boards.

#include <errno.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "extmod/mpbthci.h"
#include "mpboard.h"
#include "zephyr_ble_hal.h"
#include "zephyr_ble_h4.h"

void mp_bluetooth_zephyr_port_idle(void) {
    // A nested wait: sleep until the next interrupt (SysTick or HCI data), at most a tick.
    __asm volatile ("wfi");
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    mp_board_random_fill(buf, len);
}

int mp_bluetooth_zephyr_port_hci_open(void) {
    return mp_bluetooth_hci_uart_init(1, 0) == 0 ? 0 : -ENODEV;
}

void mp_bluetooth_zephyr_port_hci_close(void) {
    mp_bluetooth_hci_uart_deinit();
}

int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) {
    return (int)mp_board_hci_uart_read(buf, len);
}

int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) {
    return mp_bluetooth_hci_uart_write(buf, len) == 0 ? 0 : -EIO;
}

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
