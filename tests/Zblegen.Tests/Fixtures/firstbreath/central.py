# A NimBLE central (MicroPython unix) for the interop test: find "zblegen", connect, disconnect.
import bluetooth
import time

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)

ble = bluetooth.BLE()
found = None
handle = None
events = []


def irq(event, data):
    global found, handle
    if event == _IRQ_SCAN_RESULT:
        addr_type, addr, adv_type, rssi, adv = data
        if found is None and b"zblegen" in bytes(adv):
            found = (addr_type, bytes(addr))
    elif event == _IRQ_PERIPHERAL_CONNECT:
        handle = data[0]
        events.append("connect")
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        events.append("disconnect")


def wait(condition, ms):
    t = time.ticks_ms()
    while not condition() and time.ticks_diff(time.ticks_ms(), t) < ms:
        time.sleep_ms(10)


ble.irq(irq)
ble.active(True)
ble.gap_scan(10000, 30000, 30000)
wait(lambda: found is not None, 10000)
ble.gap_scan(None)
print("found", found is not None)
if found:
    ble.gap_connect(found[0], found[1])
    wait(lambda: "connect" in events, 10000)
    time.sleep_ms(300)
    if handle is not None:
        ble.gap_disconnect(handle)
    wait(lambda: "disconnect" in events, 10000)
print("events", events)
ble.active(False)
