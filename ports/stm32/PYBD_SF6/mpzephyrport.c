// The stm32 port's side of the Zephyr BLE host: the port hooks of hal/zephyr_ble_hal.h and
// hci/zephyr_ble_h4.h over the port's mpbthciport.c (the UART to the CYW43's Bluetooth core, and
// a soft timer and the scheduler to run the host), as mpnimbleport.c does for NimBLE. All host
// work runs from MicroPython's scheduler; no interrupt handler calls into the host.

#include <errno.h>
#include <stdarg.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "extmod/mpbthci.h"
#include "extmod/modbluetooth.h"
#include "mpbthciport.h"
#include "rng.h"
#include "uart.h"
#include "zephyr_ble_hal.h"
#include "zephyr_ble_log.h"
#include "zephyr_ble_h4.h"
#include "modbluetooth_zephyr.h"

#if MICROPY_PY_BLUETOOTH_HCI_READ_MODE != MICROPY_PY_BLUETOOTH_HCI_READ_MODE_BYTE
#error "mpzephyrport.c reads the HCI UART byte by byte; this board's HCI transport delivers packets"
#endif

#if !MICROPY_TRACKED_ALLOC
#error "the Zephyr host allocates with m_tracked_calloc; enable MICROPY_TRACKED_ALLOC"
#endif

// Host log lines go to the REPL, at most at this level (1 error .. 4 debug; 0 none).
#ifndef MICROPY_BLUETOOTH_ZEPHYR_LOG_LEVEL
#define MICROPY_BLUETOOTH_ZEPHYR_LOG_LEVEL (1)
#endif

// The longest the host goes unpolled when it has nothing scheduled (NimBLE's port uses the same).
#define MP_ZB_IDLE_POLL_MS (128)

static bool mp_zb_port_running;

// Called by mpbthciport.c from the scheduler: on UART data, on the soft timer, and on port_wake.
void mp_bluetooth_hci_poll(void) {
    if (!mp_zb_port_running) {
        return;
    }
    mp_bluetooth_zephyr_poll();
    if (mp_zb_port_running) {
        int32_t next = mp_bluetooth_zephyr_hal_next_timeout_ms();
        mp_bluetooth_hci_poll_in_ms(next < 0 || next > MP_ZB_IDLE_POLL_MS ? MP_ZB_IDLE_POLL_MS : (next == 0 ? 1 : next));
    }
}

void mp_bluetooth_zephyr_port_start(void) {
    mp_zb_port_running = true;
    mp_bluetooth_hci_poll_now();
}

void mp_bluetooth_zephyr_port_stop(void) {
    mp_zb_port_running = false;
}

// ---------------------------------------------------------------------------
// HAL hooks.

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) {
    // The host runs only from the scheduler and no interrupt handler touches it.
    return 0;
}

void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) {
    (void)key;
}

uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) {
    // mp_hal_ticks_ms wraps after 49 days; the host's timeouts want a clock that does not.
    static uint32_t last;
    static uint64_t high;
    uint32_t now = mp_hal_ticks_ms();
    if (now < last) {
        high += (uint64_t)1 << 32;
    }
    last = now;
    return high | now;
}

void mp_bluetooth_zephyr_port_poll(void) {
    mp_bluetooth_zephyr_h4_poll();
}

void mp_bluetooth_zephyr_port_idle(void) {
    // A nested wait (k_sem_take with a timeout): sleep until the next interrupt, at most a tick.
    __WFI();
}

void mp_bluetooth_zephyr_port_wake(void) {
    mp_bluetooth_hci_poll_now();
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    while (len > 0) {
        uint32_t r = rng_get();
        for (size_t i = 0; i < 4 && len > 0; ++i, --len) {
            *buf++ = (uint8_t)(r >> (8 * i));
        }
    }
}

void *mp_bluetooth_zephyr_port_malloc(size_t size) {
    // Tracked: reachable by the GC although only the host holds the pointer.
    return m_tracked_calloc(1, size);
}

void mp_bluetooth_zephyr_port_free(void *ptr) {
    m_tracked_free(ptr);
}

void mp_bluetooth_zephyr_port_fatal(void) {
    mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("Zephyr BLE host fault"));
}

void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) {
    if (level > MICROPY_BLUETOOTH_ZEPHYR_LOG_LEVEL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    mp_printf(&mp_plat_print, "zephyr %s %s: ", mp_bluetooth_zephyr_log_level_name(level), module);
    mp_vprintf(&mp_plat_print, fmt, ap);
    mp_printf(&mp_plat_print, "\n");
    va_end(ap);
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
