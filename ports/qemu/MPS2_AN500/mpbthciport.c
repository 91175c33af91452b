// The host's passes on this board: a static scheduler node runs mp_bluetooth_hci_poll(), asked
// for at once (HCI data, work queued) or after a delay counted down on SysTick, as stm32's
// mpbthciport.c does with its soft timer.

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH

#include "mpbthciport.h"

static mp_sched_node_t mp_bluetooth_hci_sched_node;
static volatile bool mp_bluetooth_hci_poll_armed;
static volatile uint32_t mp_bluetooth_hci_poll_at;

static void mp_bluetooth_hci_poll_run(mp_sched_node_t *node) {
    (void)node;
    mp_bluetooth_hci_poll();
}

void mp_bluetooth_hci_poll_now(void) {
    mp_sched_schedule_node(&mp_bluetooth_hci_sched_node, mp_bluetooth_hci_poll_run);
}

void mp_bluetooth_hci_poll_in_ms(uint32_t ms) {
    mp_uint_t state = MICROPY_BEGIN_ATOMIC_SECTION();
    mp_bluetooth_hci_poll_at = mp_hal_ticks_ms() + ms;
    mp_bluetooth_hci_poll_armed = true;
    MICROPY_END_ATOMIC_SECTION(state);
}

void mp_bluetooth_hci_systick(uint32_t ticks_ms) {
    if (mp_bluetooth_hci_poll_armed && (int32_t)(ticks_ms - mp_bluetooth_hci_poll_at) >= 0) {
        mp_bluetooth_hci_poll_armed = false;
        mp_bluetooth_hci_poll_now();
    }
}

#else

void mp_bluetooth_hci_systick(uint32_t ticks_ms) {
    (void)ticks_ms;
}

#endif // MICROPY_PY_BLUETOOTH
