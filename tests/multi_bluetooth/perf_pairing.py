# How long pairing takes, from the central's connect IRQ to its encryption update, with LE Secure
# Connections and then with legacy pairing requested (le_secure=False on both sides; a host that
# always offers Secure Connections still pairs that way). Just Works, no bonding; five of each.

from micropython import const
import time, machine, bluetooth

if not hasattr(bluetooth.BLE, "gap_pair"):
    print("SKIP")
    raise SystemExit

TIMEOUT_MS = 20000
ROUNDS = 5

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_ENCRYPTION_UPDATE = const(28)

waiting_events = {}


def irq(event, data):
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        waiting_events[event] = (data[0], time.ticks_ms())
    elif event == _IRQ_ENCRYPTION_UPDATE:
        waiting_events[event] = (data[1], time.ticks_ms())
    else:
        waiting_events[event] = None


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


# Acting in peripheral role.
def instance0():
    multitest.globals(BDADDR=ble.config("mac"))
    multitest.next()
    try:
        for le_secure in (True, False):
            ble.config(le_secure=le_secure)
            for _ in range(ROUNDS):
                ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
                multitest.broadcast("advertising")
                wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
                wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
                wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)
        print("done")
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    try:
        for le_secure in (True, False):
            ble.config(le_secure=le_secure)
            times = []
            for _ in range(ROUNDS):
                multitest.wait("advertising")
                ble.gap_connect(*BDADDR)
                conn_handle, t_connect = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
                ble.gap_pair(conn_handle)
                encrypted, t_encrypted = wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
                times.append(time.ticks_diff(t_encrypted, t_connect) if encrypted else -1)
                ble.gap_disconnect(conn_handle)
                wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
            times.sort()
            multitest.output_metric(
                "pairing {}: median {} ms, min {} ms, max {} ms".format(
                    "le_secure" if le_secure else "legacy requested", times[ROUNDS // 2], times[0], times[-1]
                )
            )
        print("done")
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(bond=False)
ble.active(1)
ble.irq(irq)
