// The Zephyr BLE host as MicroPython's bluetooth backend: what a port provides and calls.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr.h; edit it there.
#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Called by the port, from MicroPython's scheduler (never from an interrupt or a signal
// handler): one cooperative pass of the host (HCI receive, timers, work queues). It does
// nothing while bluetooth is off.
void mp_bluetooth_zephyr_poll(void);

// True from the start of ble.active(True) to the end of ble.active(False): while it is, the
// port keeps calling mp_bluetooth_zephyr_poll() about every millisecond.
bool mp_bluetooth_zephyr_is_running(void);

// Port hooks (beside those of hal/zephyr_ble_hal.h and hci/zephyr_ble_h4.h): start and stop
// whatever drives mp_bluetooth_zephyr_poll() (a soft timer, a thread scheduling it, ...).
void mp_bluetooth_zephyr_port_start(void);
void mp_bluetooth_zephyr_port_stop(void);

// Debug counters for leak tests: buffers over all net_buf pools, work items, connections, events, H4.
struct mp_bluetooth_zephyr_stats {
    size_t net_buf_free;
    size_t net_buf_total;
    size_t net_buf_pools;
    size_t work_queued;
    size_t work_delayed;
    size_t conns;
    uint32_t events_dropped; // events for Python lost to a full queue
    size_t settings_entries; // entries in the settings store (0 without CONFIG_SETTINGS)
    uint32_t h4_rx_packets;
    uint32_t h4_tx_packets;
    uint32_t h4_rx_dropped_bytes;
    uint32_t hci_cmd_timeouts; // commands the transport answered because the controller did not
    uint32_t host_faults; // faults inside the host since boot (failed assertions, k_panic, k_oops)
};
void mp_bluetooth_zephyr_get_stats(struct mp_bluetooth_zephyr_stats *stats);

// For tests: while held, events for Python queue up (and, once the queue is full, data events are
// dropped) without being raised, as in one long pass of the host.
void mp_bluetooth_zephyr_hold_events(bool hold);

// A fault inside the host (a failed assertion, k_panic, k_oops): the port's
// mp_bluetooth_zephyr_port_fatal() hands it here. Every connection is reported disconnected through
// the usual IRQs, active() reads False, the next active(True) starts a clean host, and the Python
// call in progress (if any) raises OSError; a fault in a pass the port scheduled goes no further.
void mp_bluetooth_zephyr_host_fault(void) __attribute__((noreturn));

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_H
