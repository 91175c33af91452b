# config(addr_mode=3): the peripheral advertises with a non-resolvable private address; the central
# sees a random address whose two top bits are 00 and connects to it. Zephyr has no such address
# while it has privacy (the full profile): there the test is skipped.

from micropython import const
import time, machine, bluetooth

TIMEOUT_MS = 5000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_SCAN_RESULT = const(5)
_IRQ_SCAN_DONE = const(6)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)

_ADDR_MODE_NRPA = const(3)
ADV_DATA = b"\x02\x01\x06\x06\xffMPNRP"

waiting_events = {}


def irq(event, data):
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        print("connect")
        waiting_events[event] = data[0]
    elif event in (_IRQ_CENTRAL_DISCONNECT, _IRQ_PERIPHERAL_DISCONNECT):
        print("disconnect")
        waiting_events[event] = None
    elif event == _IRQ_SCAN_RESULT:
        addr_type, addr, adv_type, rssi, adv_data = data
        if bytes(adv_data) == ADV_DATA and _IRQ_SCAN_RESULT not in waiting_events:
            waiting_events[event] = (addr_type, bytes(addr))
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


# Acting in peripheral role.
def instance0():
    try:
        ble.config(addr_mode=_ADDR_MODE_NRPA)
    except OSError:
        multitest.skip()
    multitest.next()
    try:
        ble.gap_advertise(20_000, ADV_DATA)
        multitest.broadcast("advertising")
        wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
        wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    try:
        multitest.wait("advertising")
        ble.gap_scan(5000, 30000, 30000)
        addr_type, addr = wait_for_event(_IRQ_SCAN_RESULT, TIMEOUT_MS)
        wait_for_event(_IRQ_SCAN_DONE, TIMEOUT_MS)
        print("type", addr_type, "non-resolvable", addr[0] >> 6 == 0)
        ble.gap_connect(addr_type, addr)
        conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
        ble.gap_disconnect(conn_handle)
        wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.irq(irq)
ble.active(1)
