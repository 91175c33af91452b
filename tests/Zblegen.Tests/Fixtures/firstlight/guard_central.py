# The Zephyr host (MicroPython unix) connects to the peer advertising "zbpeer" through a controller
# that lists LE Set PHY but never answers it (quirk ignore-phy), with the automatic PHY update the
# user turned on (zephyr_ble.config). The host's PHY update must fail on its own, after the transport's command timeout, leaving the connection working: a read of the
# peer's device name, then a disconnection. Its peer is peer_peripheral.py.
import bluetooth
import time
import _zephyr_ble
import zephyr_ble

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)

ble = bluetooth.BLE()
found = None
handle = None
value_handle = None
name = None
events = []


def irq(event, data):
    global found, handle, value_handle, name
    if event == _IRQ_SCAN_RESULT:
        if found is None and b"zbpeer" in bytes(data[4]):
            found = (data[0], bytes(data[1]))
    elif event == _IRQ_PERIPHERAL_CONNECT:
        handle = data[0]
        events.append("connect")
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        events.append("disconnect")
    elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
        value_handle = data[2]
    elif event == _IRQ_GATTC_CHARACTERISTIC_DONE:
        events.append("discovered")
    elif event == _IRQ_GATTC_READ_RESULT:
        name = bytes(data[2])


def wait(condition, ms):
    t = time.ticks_ms()
    while not condition() and time.ticks_diff(time.ticks_ms(), t) < ms:
        time.sleep_ms(10)


print("defaults", zephyr_ble.config("auto_phy"), zephyr_ble.config("auto_data_len"))
try:
    zephyr_ble.config(auto_mtu=True)
except ValueError as e:
    print("ValueError", e)
zephyr_ble.config(auto_phy=True)
ble.active(True)
ble.irq(irq)
ble.gap_scan(10_000, 30_000, 30_000)
wait(lambda: found is not None, 10_000)
ble.gap_scan(None)
ble.gap_connect(found[0], found[1])
wait(lambda: "connect" in events, 10_000)
# Long enough for the host's PHY update to have been sent and given up on.
time.sleep_ms(3_000)
ble.gattc_discover_characteristics(handle, 1, 0xFFFF, bluetooth.UUID(0x2A00))
wait(lambda: "discovered" in events, 5_000)
if value_handle is not None:
    ble.gattc_read(handle, value_handle)
wait(lambda: name is not None, 5_000)
print("name read", name is not None)
ble.gap_disconnect(handle)
wait(lambda: "disconnect" in events, 10_000)
print("events", events)
print("timeouts", _zephyr_ble.stats()["hci_cmd_timeouts"] > 0)
ble.active(False)
