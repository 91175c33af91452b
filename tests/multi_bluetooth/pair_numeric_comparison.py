# Pairing with numeric comparison (LE Secure Connections, MITM, both sides DisplayYesNo): both sides
# see the same number; the pairing completes when both accept, and fails when the central rejects.

from micropython import const
import time, machine, bluetooth

if not hasattr(bluetooth.BLE, "gap_pair"):
    print("SKIP")
    raise SystemExit

TIMEOUT_MS = 5000
# Passkey entry with Secure Connections takes 20 confirm and random rounds, one connection event each way.
PAIRING_TIMEOUT_MS = 20000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_ENCRYPTION_UPDATE = const(28)
_IRQ_PASSKEY_ACTION = const(31)

_IO_CAPABILITY_DISPLAY_YESNO = const(1)

_PASSKEY_ACTION_NUMERIC_COMPARISON = const(4)

# Whether this instance accepts the number, and the number it was shown.
accept = 1
number = None
waiting_events = {}


def irq(event, data):
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        print("connect")
        waiting_events[event] = data[0]
    elif event in (_IRQ_CENTRAL_DISCONNECT, _IRQ_PERIPHERAL_DISCONNECT):
        print("disconnect")
        waiting_events[event] = None
    elif event == _IRQ_ENCRYPTION_UPDATE:
        print("_IRQ_ENCRYPTION_UPDATE", data[1], data[2], data[3])
        waiting_events[event] = data[1]
    elif event == _IRQ_PASSKEY_ACTION:
        conn_handle, action, passkey = data
        print("_IRQ_PASSKEY_ACTION", action, 0 <= passkey <= 999999)
        if action == _PASSKEY_ACTION_NUMERIC_COMPARISON:
            global number
            number = passkey
            ble.gap_passkey(conn_handle, action, accept)


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


# Whether the central accepts the number.
CASES = (1, 0)


# Acting in peripheral role.
def instance0():
    multitest.globals(BDADDR=ble.config("mac"))
    multitest.next()
    try:
        for _ in CASES:
            ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
            multitest.broadcast("advertising")
            wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, PAIRING_TIMEOUT_MS)
            # Both sides were shown the same number.
            multitest.wait("number {}".format(number))
            wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    global accept
    multitest.next()
    try:
        for central_accepts in CASES:
            accept = central_accepts
            multitest.wait("advertising")
            ble.gap_connect(*BDADDR)
            conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
            print("gap_pair")
            ble.gap_pair(conn_handle)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, PAIRING_TIMEOUT_MS)
            multitest.broadcast("number {}".format(number))
            ble.gap_disconnect(conn_handle)
            wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(mitm=True, le_secure=True, bond=False, io=_IO_CAPABILITY_DISPLAY_YESNO)
ble.active(1)
ble.irq(irq)
