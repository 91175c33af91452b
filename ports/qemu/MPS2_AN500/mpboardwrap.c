// What the qemu port does without the scheduler, replaced at link time (--wrap in
// mpconfigboard.mk), so MicroPython's tree stays as it is:
// - uart_init: the board sets itself up right after the port's UART, before main;
// - mp_hal_delay_ms and mp_hal_stdin_rx_chr: they busy-wait; here they run scheduled work (the
//   host's passes) and sleep until the next interrupt;
// - gc_sweep_all: a soft reset sweeps the heap without stopping Bluetooth; stop it first;
// - mp_init: the port mounts no filesystem; mount the RAM disk's after each (re)start.

#include "py/runtime.h"
#include "py/mphal.h"
#include "uart.h"
#include "mpboard.h"

#if MICROPY_PY_BLUETOOTH
#include "extmod/modbluetooth.h"
#endif

void __real_uart_init(void);
int __real_mp_hal_stdin_rx_chr(void);
void __real_gc_sweep_all(void);
void __real_mp_init(void);

void __wrap_uart_init(void) {
    __real_uart_init();
    mp_board_random_init();
    mp_board_irq_init();
}

void __wrap_mp_hal_delay_ms(mp_uint_t ms) {
    mp_uint_t start = mp_hal_ticks_ms();
    for (;;) {
        mp_handle_pending(true);
        if (mp_hal_ticks_ms() - start >= ms) {
            return;
        }
        __asm volatile ("wfi");
    }
}

int __wrap_mp_hal_stdin_rx_chr(void) {
    for (;;) {
        if (uart_rx_any()) {
            return __real_mp_hal_stdin_rx_chr();
        }
        mp_handle_pending(true);
        __asm volatile ("wfi");
    }
}

void __wrap_gc_sweep_all(void) {
    #if MICROPY_PY_BLUETOOTH
    mp_bluetooth_deinit();
    #endif
    __real_gc_sweep_all();
}

void __wrap_mp_init(void) {
    __real_mp_init();
    mp_board_vfs_mount();
}
