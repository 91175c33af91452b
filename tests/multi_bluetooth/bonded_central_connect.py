# A central that holds a bond connects as before: to an address nobody advertises (its attempt
# ends when gap_connect's time is up), to one it then cancels with gap_connect(None), and to its
# bonded peripheral, which advertises a resolvable private address and is found under its identity.
# Where the central's controller has no LL privacy the host must resolve the address itself.

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
ADV_DATA = b"\x02\x01\x06\x06\xffMPBCC"
NOBODY = b"\xc0\x11\x22\x33\x44\x55"

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
        # NimBLE keeps its bonds only here.
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
    ble.gap_advertise(20_000, ADV_DATA)
    multitest.broadcast("advertising")
    wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
    wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
    wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)


# Acting in peripheral role.
def instance0():
    multitest.next()
    try:
        ble.config(addr_mode=_ADDR_MODE_RPA)
        advertise_once()
        multitest.wait("bonded")
        advertise_once()
    finally:
        ble.active(0)


def connect_and_encrypt(addr_type, addr):
    ble.gap_connect(addr_type, addr)
    conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
    # With a bond, the link is encrypted with its keys.
    ble.gap_pair(conn_handle)
    wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
    ble.gap_disconnect(conn_handle)
    wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)


def find_peripheral():
    multitest.wait("advertising")
    ble.gap_scan(5000, 30000, 30000)
    addr_type, addr = wait_for_event(_IRQ_SCAN_RESULT, TIMEOUT_MS)
    wait_for_event(_IRQ_SCAN_DONE, TIMEOUT_MS)
    return addr_type & 1, addr


# Acting in central role.
def instance1():
    multitest.next()
    try:
        addr_type, addr = find_peripheral()
        connect_and_encrypt(addr_type, addr)
        print("nobody, 500 ms")
        ble.gap_connect(1, NOBODY, 500)
        wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
        print("nobody, cancelled")
        ble.gap_connect(1, NOBODY)
        time.sleep_ms(100)
        ble.gap_connect(None)
        wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
        multitest.broadcast("bonded")
        print("the peripheral again")
        addr_type, addr = find_peripheral()
        connect_and_encrypt(addr_type, addr)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(bond=True)
ble.irq(irq)
ble.active(1)
