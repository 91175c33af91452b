# Finds "zbburst", then writes 20 values without response as fast as the host takes them.
import bluetooth
import time

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)

CHAR = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000b0b0")

ble = bluetooth.BLE()
state = {}


def irq(event, data):
    if event == _IRQ_SCAN_RESULT and b"zbburst" in bytes(data[4]) and "addr" not in state:
        state["addr"] = (data[0], bytes(data[1]))
        ble.gap_scan(None)
    elif event == _IRQ_PERIPHERAL_CONNECT:
        state["conn"] = data[0]
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT and data[4] == CHAR:
        state["handle"] = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        state["discovered"] = True
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
i = 0
while i < 20:
    try:
        ble.gattc_write(state["conn"], state["handle"], bytes([i]) * 20, 0)
        i += 1
    except OSError:
        time.sleep_ms(1)  # the host's buffers are full
time.sleep_ms(500)
ble.gap_disconnect(state["conn"])
wait_for("gone")
print("wrote", i)
ble.active(False)
