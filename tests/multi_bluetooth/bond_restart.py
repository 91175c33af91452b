# A bond kept by the application: the peripheral writes every secret to a file, restarts its
# Bluetooth host (active(False), secrets forgotten in RAM, then read back from the file at
# active(True)), and the central's next gap_pair encrypts the link with the bond's keys: no new
# pairing, so the central stores no new secret.

from micropython import const
import time, machine, bluetooth, json, os

if not hasattr(bluetooth.BLE, "gap_pair"):
    print("SKIP")
    raise SystemExit

TIMEOUT_MS = 5000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)
_IRQ_ENCRYPTION_UPDATE = const(28)
_IRQ_GET_SECRET = const(29)
_IRQ_SET_SECRET = const(30)

_FLAG_READ = const(0x0002)
_FLAG_READ_ENCRYPTED = const(0x0200)

SERVICE_UUID = bluetooth.UUID("A5A5A5A5-FFFF-9999-1111-5A5A5A5A5A5A")
CHAR_UUID = bluetooth.UUID("00000000-1111-2222-3333-444444444444")
SERVICE = (SERVICE_UUID, ((CHAR_UUID, _FLAG_READ | _FLAG_READ_ENCRYPTED),))

secrets = {}
stored = 0
waiting_events = {}


def irq(event, data):
    global stored
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        print("connect")
        waiting_events[event] = data[0]
    elif event in (_IRQ_CENTRAL_DISCONNECT, _IRQ_PERIPHERAL_DISCONNECT):
        print("disconnect")
        waiting_events[event] = None
    elif event == _IRQ_ENCRYPTION_UPDATE:
        print("_IRQ_ENCRYPTION_UPDATE", data[1], data[2], data[3])
        waiting_events[event] = None
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
        if data[-1] == CHAR_UUID:
            waiting_events[event] = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        waiting_events[event] = None
    elif event == _IRQ_GATTC_READ_RESULT:
        print("_IRQ_GATTC_READ_RESULT", bytes(data[-1]))
        waiting_events[event] = None
    elif event == _IRQ_SET_SECRET:
        sec_type, key, value = data
        key = "{}:{}".format(sec_type, bytes(key).hex())
        if value is None:
            secrets.pop(key, None)
        else:
            value = bytes(value).hex()
            # A host may store an entry again with the value it had (a database hash, say).
            if secrets.get(key) != value:
                stored += 1
            secrets[key] = value
        return True
    elif event == _IRQ_GET_SECRET:
        sec_type, index, key = data
        if key is not None:
            value = secrets.get("{}:{}".format(sec_type, bytes(key).hex()))
            return bytes.fromhex(value) if value else None
        values = [v for k, v in sorted(secrets.items()) if k.startswith("{}:".format(sec_type))]
        return bytes.fromhex(values[index]) if index < len(values) else None


def wait_for_event(event, timeout_ms):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < timeout_ms:
        if event in waiting_events:
            return waiting_events.pop(event)
        machine.idle()
    raise ValueError("Timeout waiting for {}".format(event))


def serve_once(char_handle):
    ble.gatts_write(char_handle, "bonded")
    ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
    multitest.broadcast("advertising")
    wait_for_event(_IRQ_CENTRAL_CONNECT, TIMEOUT_MS)
    wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
    wait_for_event(_IRQ_CENTRAL_DISCONNECT, TIMEOUT_MS)


# Acting in peripheral role.
def instance0():
    global secrets, stored
    path = "/tmp/zblegen_bond_restart_{}.json".format(ble.config("mac")[1].hex())
    multitest.globals(BDADDR=ble.config("mac"))
    ((char_handle,),) = ble.gatts_register_services((SERVICE,))
    multitest.next()
    try:
        serve_once(char_handle)
        ble.active(0)
        with open(path, "w") as f:
            json.dump(secrets, f)
        print("saved", len(secrets) > 0)
        # The restart: nothing of the bond is left in RAM.
        secrets = {}
        with open(path) as f:
            secrets = json.load(f)
        ble.active(1)
        ((char_handle,),) = ble.gatts_register_services((SERVICE,))
        serve_once(char_handle)
    finally:
        ble.active(0)
        try:
            os.remove(path)
        except OSError:
            pass


# Acting in central role.
def instance1():
    global stored
    multitest.next()
    try:
        for _ in range(2):
            stored = 0
            multitest.wait("advertising")
            ble.gap_connect(*BDADDR)
            conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT, TIMEOUT_MS)
            ble.gap_pair(conn_handle)
            wait_for_event(_IRQ_ENCRYPTION_UPDATE, TIMEOUT_MS)
            ble.gattc_discover_characteristics(conn_handle, 1, 65535)
            value_handle = wait_for_event(_IRQ_GATTC_CHARACTERISTIC_RESULT, TIMEOUT_MS)
            wait_for_event(_IRQ_GATTC_CHARACTERISTIC_DONE, TIMEOUT_MS)
            ble.gattc_read(conn_handle, value_handle)
            wait_for_event(_IRQ_GATTC_READ_RESULT, TIMEOUT_MS)
            ble.gap_disconnect(conn_handle)
            wait_for_event(_IRQ_PERIPHERAL_DISCONNECT, TIMEOUT_MS)
            print("new secrets", stored > 0)
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.config(mitm=True, le_secure=True, bond=True)
ble.irq(irq)
ble.active(1)
