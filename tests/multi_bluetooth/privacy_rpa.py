# Privacy: the peripheral advertises with a resolvable private address (addr_mode=2). Before bonding,
# the central sees an address that is not the peripheral's identity; it pairs and bonds. The
# peripheral's host then restarts (its bond kept in Python) and advertises with a new RPA, which the
# bonded central resolves: it sees the identity, connects to it, and the link is encrypted with the
# bond's keys.

from micropython import const
import time, machine, bluetooth

if not hasattr(bluetooth.BLE, "gap_pair"):
    print("SKIP")
    raise SystemExit

TIMEOUT_MS = 5000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_SCAN_RESULT = const(5)
_IRQ_SCAN_DONE = const(6)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_ENCRYPTION_UPDATE = const(28)
_IRQ_GET_SECRET = const(29)
_IRQ_SET_SECRET = const(30)

_ADDR_MODE_RPA = const(2)
ADV_DATA = b"\x02\x01\x06\x06\xffMPRPA"

secrets = {}
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
    elif event == _IRQ_ENCRYPTION_UPDATE:
        print("_IRQ_ENCRYPTION_UPDATE", data[1], data[2], data[3])
        waiting_events[event] = None
    elif event == _IRQ_SET_SECRET:
        sec_type, key, value = data
        key = (sec_type, bytes(key))
        if value is None:
            secrets.pop(key, None)
        else:
            secrets[key] = bytes(value)
        return True
    elif event == _IRQ_GET_SECRET:
        sec_type, index, key = data
        if key is not None:
            return secrets.get((sec_type, bytes(key)))
        values = [v for (t, _), v in sorted(secrets.items()) if t == sec_type]
        return values[index] if index < len(values) else None


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


def advertise_once():
    ble.config(addr_mode=_ADDR_MODE_RPA)
    ble.gap_advertise(20_000, ADV_DATA)
    multitest.broadcast("advertising")
    wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
    wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
    wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)


# Acting in peripheral role.
def instance0():
    multitest.globals(IDENTITY=ble.config("mac")[1])
    multitest.next()
    try:
        advertise_once()
        # A restart: a new RPA, the bond from Python.
        ble.active(0)
        ble.active(1)
        advertise_once()
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    try:
        for _ in range(2):
            multitest.wait("advertising")
            ble.gap_scan(5000, 30000, 30000)
            addr_type, addr = wait_for_event(_IRQ_SCAN_RESULT, TIMEOUT_MS)
            wait_for_event(_IRQ_SCAN_DONE, TIMEOUT_MS)
            print("advertiser is the identity", addr == IDENTITY)
            ble.gap_connect(addr_type & 1, addr)
            conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
            ble.gap_pair(conn_handle)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
            ble.gap_disconnect(conn_handle)
            wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(bond=True)
ble.irq(irq)
ble.active(1)
