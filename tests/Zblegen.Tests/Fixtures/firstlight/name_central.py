# Connects to the peripheral advertising "zbpeer", reads its device name and disconnects, each
# step given 5 s; prints the name read.
import bluetooth
import time

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)

ble = bluetooth.BLE()
state = {}


def irq(event, data):
    if event == _IRQ_SCAN_RESULT and "found" not in state and b"zbpeer" in bytes(data[4]):
        state["found"] = (data[0], bytes(data[1]))
    elif event == _IRQ_PERIPHERAL_CONNECT:
        state["handle"] = data[0]
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        state["disconnected"] = True
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
        state["value_handle"] = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        state["discovered"] = True
    elif event == _IRQ_GATTC_READ_RESULT:
        state["name"] = bytes(data[2])


def wait(key):
    t = time.ticks_ms()
    while key not in state and time.ticks_diff(time.ticks_ms(), t) < 5_000:
        time.sleep_ms(10)
    return key in state


ble.active(True)
ble.irq(irq)
ble.gap_scan(10_000, 30_000, 30_000)
wait("found")
ble.gap_scan(None)
ble.gap_connect(*state["found"])
wait("handle")
ble.gattc_discover_characteristics(state["handle"], 1, 0xFFFF, bluetooth.UUID(0x2A00))
if wait("discovered") and "value_handle" in state:
    ble.gattc_read(state["handle"], state["value_handle"])
    wait("name")
print("name", state.get("name"))
ble.gap_disconnect(state["handle"])
wait("disconnected")
ble.active(False)
