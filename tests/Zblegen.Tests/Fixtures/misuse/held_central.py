# The central of held_peripheral.py: writes "peer", appends, reads the buffer twice, writes 40 values,
# disconnects.
import bluetooth
import time

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)
_IRQ_GATTC_READ_DONE = const(16)
_IRQ_GATTC_WRITE_DONE = const(17)

APPEND = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000c0c0")
WRITE = bluetooth.UUID("a5a5a5a5-0002-4000-8000-00000000c0c0")
OWN = bluetooth.UUID("a5a5a5a5-0003-4000-8000-00000000c0c0")

ble = bluetooth.BLE()
state = {"reads": []}


def irq(event, data):
    if event == _IRQ_SCAN_RESULT and b"zbfull!" in bytes(data[4]) and "addr" not in state:
        state["addr"] = (data[0], bytes(data[1]))
        ble.gap_scan(None)
    elif event == _IRQ_PERIPHERAL_CONNECT:
        state["conn"] = data[0]
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
        for name, uuid in (("append", APPEND), ("write", WRITE), ("own", OWN)):
            if data[4] == uuid:
                state[name] = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        state["discovered"] = True
    elif event == _IRQ_GATTC_READ_RESULT:
        state["reads"].append(bytes(data[2]))
    elif event == _IRQ_GATTC_READ_DONE:
        state["read"] = True
    elif event == _IRQ_GATTC_WRITE_DONE:
        state["written"] = True
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        state["gone"] = True


def wait_for(key, keep=False, ms=20_000):
    t = time.ticks_ms()
    while key not in state:
        if time.ticks_diff(time.ticks_ms(), t) > ms:
            raise OSError("no " + key)
        time.sleep_ms(1)
    if not keep:
        state.pop(key)


def write(handle, value):
    ble.gattc_write(state["conn"], handle, value, 1)
    wait_for("written")


def read(handle):
    ble.gattc_read(state["conn"], handle)
    wait_for("read")


ble.irq(irq)
ble.active(True)
ble.gap_scan(10_000, 30_000, 30_000, True)
wait_for("addr", keep=True)
ble.gap_connect(*state["addr"])
wait_for("conn", keep=True)
ble.gattc_discover_characteristics(state["conn"], 1, 0xFFFF)
wait_for("discovered")
write(state["own"], b"peer")
write(state["append"], b"ab")
write(state["append"], b"cd")
read(state["append"])
read(state["append"])
for i in range(40):
    write(state["write"], bytes([i]))
ble.gap_disconnect(state["conn"])
wait_for("gone")
print("reads", state["reads"])
ble.active(False)
