# Writes 200 bytes with response to long_write_peripheral.py's characteristic, then prints the MTU.
import bluetooth
import time

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_WRITE_DONE = const(17)
_IRQ_MTU_EXCHANGED = const(21)

CHAR = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000d0d0")

ble = bluetooth.BLE()
state = {"mtu": 23}


def irq(event, data):
    if event == _IRQ_SCAN_RESULT and b"zblong!" in bytes(data[4]) and "addr" not in state:
        state["addr"] = (data[0], bytes(data[1]))
        ble.gap_scan(None)
    elif event == _IRQ_PERIPHERAL_CONNECT:
        state["conn"] = data[0]
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT and data[4] == CHAR:
        state["handle"] = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        state["discovered"] = True
    elif event == _IRQ_GATTC_WRITE_DONE:
        state["status"] = data[2]
    elif event == _IRQ_MTU_EXCHANGED:
        state["mtu"] = data[1]
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        state["gone"] = True


def wait_for(key, ms=20_000):
    t = time.ticks_ms()
    while key not in state:
        if time.ticks_diff(time.ticks_ms(), t) > ms:
            raise OSError("no " + key)
        time.sleep_ms(1)


ble.irq(irq)
ble.active(True)
ble.gap_scan(10_000, 30_000, 30_000, True)
wait_for("addr")
ble.gap_connect(*state["addr"])
wait_for("conn")
ble.gattc_discover_characteristics(state["conn"], 1, 0xFFFF)
wait_for("discovered")
ble.gattc_write(state["conn"], state["handle"], bytes(range(200)), 1)
wait_for("status")
ble.gap_disconnect(state["conn"])
wait_for("gone")
print("status", state["status"], "mtu", state["mtu"])
ble.active(False)
