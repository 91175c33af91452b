# config(addr_mode=...): the peripheral advertises in the public (0), random static (1) and
# resolvable private (2) modes, each time with its config("mac") of the moment in the advertising
# data. The central checks what it sees on air against it, connects and disconnects. The
# controllers have a public address, so mode 1 needs a random address beside it.

from micropython import const
import time, machine, bluetooth

TIMEOUT_MS = 5000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_SCAN_RESULT = const(5)
_IRQ_SCAN_DONE = const(6)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)

MARK = b"\x02\x01\x06\x0a\xffAM"

waiting_events = {}


def irq(event, data):
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        waiting_events[event] = data[0]
    elif event in (_IRQ_CENTRAL_DISCONNECT, _IRQ_PERIPHERAL_DISCONNECT):
        waiting_events[event] = None
    elif event == _IRQ_SCAN_RESULT:
        addr_type, addr, adv_type, rssi, adv_data = data
        adv_data = bytes(adv_data)
        if adv_data.startswith(MARK) and _IRQ_SCAN_RESULT not in waiting_events:
            waiting_events[event] = (addr_type, bytes(addr), adv_data[len(MARK) :])
            ble.gap_scan(None)
    elif event == _IRQ_SCAN_DONE:
        waiting_events[event] = None


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


def kind(addr):
    return ("nrpa", "rpa", "reserved", "static")[addr[0] >> 6]


# Acting in peripheral role.
def instance0():
    multitest.next()
    try:
        identity = ble.config("mac")[1]
        for mode in range(3):
            ble.config(addr_mode=mode)
            # NimBLE has no address to give in mode 2: the data carries the identity.
            addr_type, addr = ble.config("mac") if mode < 2 else (0, identity)
            print("mode", mode, "type", addr_type, kind(addr) if addr_type else "public")
            ble.gap_advertise(20_000, MARK + bytes([mode]) + addr)
            multitest.broadcast("advertising {}".format(mode))
            wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
            print("connect")
            wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)
            print("disconnect")
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    try:
        for mode in range(3):
            multitest.wait("advertising {}".format(mode))
            ble.gap_scan(5000, 30000, 30000)
            addr_type, addr, data = wait_for_event(_IRQ_SCAN_RESULT, TIMEOUT_MS)
            wait_for_event(_IRQ_SCAN_DONE, TIMEOUT_MS)
            print("mode", data[0], "type", addr_type, kind(addr) if addr_type else "public")
            print("the peripheral's config('mac')", addr == data[1:])
            ble.gap_connect(addr_type, addr)
            conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
            print("connect")
            ble.gap_disconnect(conn_handle)
            wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
            print("disconnect")
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.irq(irq)
ble.active(1)
