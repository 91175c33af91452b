// The stm32 port's side of the Zephyr BLE host: the port hooks of hal/zephyr_ble_hal.h and
// hci/zephyr_ble_h4.h over the port's mpbthciport.c (the UART to the CYW43's Bluetooth core, and
// a soft timer and the scheduler to run the host), as mpnimbleport.c does for NimBLE. All host
// work runs from MicroPython's scheduler; no interrupt handler calls into the host.

#include <errno.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "extmod/mpbthci.h"
#include "extmod/modbluetooth.h"
#include "mpbthciport.h"
#include "rng.h"
#include "uart.h"
#include "zephyr_ble_hal.h"
#include "zephyr_ble_h4.h"
#include "modbluetooth_zephyr.h"

#if MICROPY_PY_BLUETOOTH_HCI_READ_MODE != MICROPY_PY_BLUETOOTH_HCI_READ_MODE_BYTE
#error "mpzephyrport.c reads the HCI UART byte by byte; this board's HCI transport delivers packets"
#endif

// The hooks every port running the host from mpbthciport.c shares (its poll on the soft timer and
// scheduler, tracked memory, the clock, logging) are the integration's modbluetooth_zephyr_port.c.

void mp_bluetooth_zephyr_port_idle(void) {
    // A nested wait (k_sem_take with a timeout): sleep until the next interrupt, at most a tick.
    __WFI();
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    while (len > 0) {
        uint32_t r = rng_get();
        for (size_t i = 0; i < 4 && len > 0; ++i, --len) {
            *buf++ = (uint8_t)(r >> (8 * i));
        }
    }
}

// ---------------------------------------------------------------------------
// H4 byte stream: the board's Bluetooth UART, opened as NimBLE opens it (firmware download and
// baud-rate change are the controller driver's, mp_bluetooth_hci_controller_init).

int mp_bluetooth_zephyr_port_hci_open(void) {
    if (mp_bluetooth_hci_uart_init(MICROPY_HW_BLE_UART_ID, MICROPY_HW_BLE_UART_BAUDRATE) != 0) {
        return -ENODEV;
    }
    if (mp_bluetooth_hci_controller_init() != 0) {
        mp_bluetooth_hci_uart_deinit();
        return -ENODEV;
    }
    return 0;
}

void mp_bluetooth_zephyr_port_hci_close(void) {
    mp_bluetooth_hci_controller_deinit();
    mp_bluetooth_hci_uart_deinit();
}

int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) {
    size_t n = 0;
    while (n < len) {
        int c = mp_bluetooth_hci_uart_readchar();
        if (c < 0) {
            break;
        }
        buf[n++] = (uint8_t)c;
    }
    return (int)n;
}

int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) {
    mp_bluetooth_hci_controller_wakeup();
    return mp_bluetooth_hci_uart_write(buf, len) == 0 ? 0 : -EIO;
}

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
