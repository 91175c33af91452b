# Pairing with passkey entry (LE Secure Connections, MITM): the peripheral shows a passkey the
# central types, then the other way round, then a mistyped passkey fails the pairing.

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

_IO_CAPABILITY_DISPLAY_ONLY = const(0)
_IO_CAPABILITY_KEYBOARD_ONLY = const(2)

_PASSKEY_ACTION_INPUT = const(2)
_PASSKEY_ACTION_DISPLAY = const(3)

# What this instance shows when it displays, and types when it inputs.
shown = 0
typed = 0
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
        print("_IRQ_PASSKEY_ACTION", action)
        if action == _PASSKEY_ACTION_DISPLAY:
            ble.gap_passkey(conn_handle, action, shown)
        elif action == _PASSKEY_ACTION_INPUT:
            ble.gap_passkey(conn_handle, action, typed)


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


CASES = (
    # Peripheral's IO capability, central's, what the displaying side shows, what the other types.
    (_IO_CAPABILITY_DISPLAY_ONLY, _IO_CAPABILITY_KEYBOARD_ONLY, 123456, 123456),
    (_IO_CAPABILITY_KEYBOARD_ONLY, _IO_CAPABILITY_DISPLAY_ONLY, 4321, 4321),
    (_IO_CAPABILITY_DISPLAY_ONLY, _IO_CAPABILITY_KEYBOARD_ONLY, 111111, 111112),
)


# Acting in peripheral role.
def instance0():
    global shown, typed
    multitest.globals(BDADDR=ble.config("mac"))
    multitest.next()
    try:
        for io, _, show, type_ in CASES:
            ble.config(io=io)
            shown, typed = show, type_
            ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
            multitest.broadcast("advertising")
            wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, PAIRING_TIMEOUT_MS)
            wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    global shown, typed
    multitest.next()
    try:
        for _, io, show, type_ in CASES:
            ble.config(io=io)
            shown, typed = show, type_
            multitest.wait("advertising")
            ble.gap_connect(*BDADDR)
            conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
            print("gap_pair")
            ble.gap_pair(conn_handle)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, PAIRING_TIMEOUT_MS)
            ble.gap_disconnect(conn_handle)
            wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(mitm=True, le_secure=True, bond=False)
ble.active(1)
ble.irq(irq)
